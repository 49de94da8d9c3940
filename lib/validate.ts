import { parseCidr } from './cidr';

/** Constructor-time prop checks. Each error names the construct and the prop, as aws-cdk does. */
export function requireProp(condition: boolean, construct: string, prop: string, message: string): void {
  if (!condition) throw new Error(`${construct}: props.${prop} ${message}`);
}

export const RFC1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** A GCP project ID: 6-30 lowercase letters, digits and hyphens, starting with a letter. */
export const PROJECT_ID = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;

/** A service account ID (the part before @): the same 6-30 character rule as project IDs. */
export const SERVICE_ACCOUNT_ID = PROJECT_ID;

export function requireLabel(value: string, maxLength: number, construct: string, prop: string): void {
  requireProp(
    value.length <= maxLength && RFC1035_LABEL.test(value),
    construct,
    prop,
    `must be an RFC 1035 label of at most ${maxLength} characters, got "${value}"`,
  );
}

/**
 * A DNS name: labels of 1-63 letters, digits and hyphens, at most 253 characters in all, an
 * alphabetic or punycode (`xn--`) top-level label, and optionally a leading `*.` wildcard.
 */
export function isDnsName(name: string, options: { allowWildcard?: boolean } = {}): boolean {
  const host = options.allowWildcard && name.startsWith('*.') ? name.slice(2) : name;
  if (host.length > 253) return false;
  const labels = host.split('.');
  if (labels.length < 2) return false;
  const label = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
  const topLevel = labels[labels.length - 1];
  return labels.every((part) => label.test(part)) && (/^[a-z]{2,63}$/.test(topLevel) || /^xn--[a-z0-9-]{1,59}$/.test(topLevel));
}

/** Checks firewall ports: a non-empty list of `N` or `N-M` in 1..65535. An empty list would open every port. */
export function requirePorts(ports: readonly string[], construct: string, prop: string): void {
  requireProp(ports.length > 0, construct, prop, 'must list at least one port; an empty list opens every port');
  for (const port of ports) {
    const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(port);
    const low = match ? Number(match[1]) : NaN;
    const high = match?.[2] ? Number(match[2]) : low;
    requireProp(low >= 1 && high <= 65535 && low <= high, construct, prop, `has "${port}", which is not a port or port range in 1-65535`);
  }
}

/** Checks a CIDR and refuses ranges so broad they would open something to the internet. */
export function requireCidr(value: string, construct: string, prop: string, options: { exactPrefix?: number; minPrefix?: number } = {}): void {
  const range = parseCidr(value);
  if (typeof range === 'string') throw new Error(`${construct}: props.${prop} ${range}`);
  if (options.exactPrefix !== undefined) {
    requireProp(range.prefix === options.exactPrefix, construct, prop, `must be a /${options.exactPrefix}, got "${value}"`);
  }
  if (options.minPrefix !== undefined) {
    requireProp(range.prefix >= options.minPrefix, construct, prop, `must not be broader than /${options.minPrefix}, got "${value}"`);
  }
}
