import * as ipaddr from 'ipaddr.js';

/** An IPv4 range as 32-bit integers, so overlap and allocation are plain arithmetic. */
export interface Ipv4Range {
  readonly cidr: string;
  readonly start: number;
  readonly end: number;
  readonly prefix: number;
}

/**
 * Parses an IPv4 CIDR in canonical form (`10.64.0.0/14`).
 * Returns an error message instead of throwing, so callers can collect every problem.
 */
export function parseCidr(value: string): Ipv4Range | string {
  const slash = value.indexOf('/');
  const address = slash < 0 ? value : value.slice(0, slash);
  if (slash < 0 || !/^(0|[1-9]\d?)$/.test(value.slice(slash + 1))) {
    return `"${value}" is not an IPv4 CIDR (expected a.b.c.d/n)`;
  }
  if (!ipaddr.IPv4.isValidFourPartDecimal(address)) {
    return `"${value}" is not an IPv4 CIDR (bad address "${address}")`;
  }
  let parsed: [ipaddr.IPv4, number];
  try {
    parsed = ipaddr.IPv4.parseCIDR(value);
  } catch {
    return `"${value}" is not an IPv4 CIDR (prefix must be 0-32)`;
  }
  const [ip, prefix] = parsed;
  const start = toInt(ip.toByteArray());
  const size = 2 ** (32 - prefix);
  const network = start - (start % size);
  if (network !== start) {
    return `"${value}" has host bits set; the network address is ${fromInt(network)}/${prefix}`;
  }
  return { cidr: value, start, end: start + size - 1, prefix };
}

/**
 * The ranges GCP counts as internal (the VPC's valid subnet ranges): RFC 1918, RFC 6598 shared
 * space, and the reserved special-purpose blocks. A private-endpoint GKE control plane accepts
 * only these in its master authorized networks ("not a reserved network").
 */
export const INTERNAL_RANGES = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.88.99.0/24',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '240.0.0.0/4',
].map((cidr) => parseCidr(cidr) as Ipv4Range);

/** Whether a range lies wholly inside one of {@link INTERNAL_RANGES}. */
export function isInternal(range: Ipv4Range): boolean {
  return INTERNAL_RANGES.some((internal) => internal.start <= range.start && range.end <= internal.end);
}

/** The one wording of the private-endpoint rule, for the config check and the construct. */
export function privateEndpointRangeProblem(cidr: string, cluster: string): string | undefined {
  const range = parseCidr(cidr);
  if (typeof range === 'string' || isInternal(range)) return undefined;
  return `${cidr} is not an internal range, and cluster ${cluster} has privateEndpoint: true: GKE accepts only internal (RFC 1918 or other reserved) ranges in a private endpoint's authorized networks. List the internal range you deploy from (a VPN, Interconnect or a bastion in the VPC)`;
}

export function overlaps(a: Ipv4Range, b: Ipv4Range): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** The range of `prefix` length starting at integer `start` (must be aligned). */
export function rangeAt(start: number, prefix: number): Ipv4Range {
  const size = 2 ** (32 - prefix);
  return { cidr: `${fromInt(start)}/${prefix}`, start, end: start + size - 1, prefix };
}

function toInt(bytes: number[]): number {
  return ((bytes[0] << 24) >>> 0) + (bytes[1] << 16) + (bytes[2] << 8) + bytes[3];
}

function fromInt(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}
