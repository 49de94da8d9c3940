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
