import { Token } from 'cdktf';
import { cidr, label, type PrefixBounds, type Rule } from './rules';

/**
 * Constructor-time prop checks. Each error names the construct and the prop, as aws-cdk does.
 * The rules themselves live in rules.ts, shared with the config schema.
 */

/** A construct refused its props: a programming error, reported in one line. */
export class PropsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PropsError';
  }
}

export function requireProp(condition: boolean, construct: string, prop: string, message: string): void {
  if (!condition) throw new PropsError(`${construct}: props.${prop} ${message}`);
}

/** Applies a shared rule. A value only known at apply time (a token) is Terraform's to check. */
export function check<T>(construct: string, prop: string, value: T, rule: Rule<T>): void {
  if (Token.isUnresolved(value)) return;
  const problem = rule(value);
  if (problem !== undefined) throw new PropsError(`${construct}: props.${prop} ${problem}`);
}

export function requireLabel(value: string, maxLength: number, construct: string, prop: string): void {
  check(construct, prop, value, label(maxLength));
}

/** Checks a CIDR and refuses ranges so broad they would open something to the internet. */
export function requireCidr(value: string, construct: string, prop: string, bounds: PrefixBounds = {}): void {
  check(construct, prop, value, cidr(bounds));
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
