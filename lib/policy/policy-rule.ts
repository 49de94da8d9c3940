import type { BlockConfig } from '../core/synthesized-stack';

/**
 * The shape of a synth-time policy rule, on its own so that the rule lists (policy-rules.ts,
 * workload-policy-rules.ts) and the checks that run them all import it without importing each other.
 */

/** A resource body as synthesized (`cdk.tf.json`, without cdktf's `//` metadata); references are `${...}` expressions. */
export type ResourceBody = BlockConfig;

export interface PolicyRule {
  /** Stable ID, as waivers name it. */
  readonly id: string;
  readonly title: string;
  /** What scanners call the same rule. */
  readonly scanners: string;
  readonly resourceTypes: readonly string[];
  /** What is wrong with `body`, or undefined when it complies. */
  check(body: ResourceBody, type: string): string | undefined;
  /** How to fix it. */
  readonly fix: string;
}
