import { TerraformStack } from 'cdktf';
import { type IConstruct } from 'constructs';
import type { PolicyRule } from './policy-rule';
import { POLICY_RULES } from './policy-rules';
import { SynthesizedStack, type TerraformJson } from '../core/synthesized-stack';
import { type Waiver, WAIVER_METADATA } from '../core/waivers';

/** A waiver written in config: the rule, the construct paths it covers (`*` within a segment, `**` across), why. */
export interface PolicyWaiver {
  readonly rule: string;
  readonly resource: string;
  readonly reason: string;
}

export interface PolicyFinding {
  /** Construct path of the resource. */
  readonly path: string;
  readonly rule: string;
  readonly message: string;
  readonly fix: string;
}

export interface AppliedWaiver {
  readonly path: string;
  readonly rule: string;
  readonly reason: string;
  readonly source: 'code' | 'config';
}

export interface PolicyChecksProps {
  /** @default POLICY_RULES */
  readonly rules?: readonly PolicyRule[];
  /** Waivers from config. @default none */
  readonly waivers?: readonly PolicyWaiver[];
}

/** One line per finding: where, which rule, what is wrong, how to fix it. */
export function formatFinding(finding: PolicyFinding): string {
  return `${finding.path}: ${finding.rule} ${finding.message}. Fix: ${finding.fix}.`;
}

export class PolicyViolationError extends Error {
  constructor(readonly findings: readonly PolicyFinding[]) {
    super(
      `${findings.length === 1 ? '1 policy violation' : `${findings.length} policy violations`}:\n` +
        findings.map((finding) => `  - ${formatFinding(finding)}`).join('\n') +
        '\nWaive a rule only with a reason: waive() next to the resource, or policy.waivers in the config.',
    );
    this.name = 'PolicyViolationError';
  }
}

/**
 * The policy checks: every rule for a resource's type runs on the resource as synthesized, the
 * JSON Terraform and the scanners read, and records a finding unless a waiver with a reason
 * covers the rule, in code (`waive()` on the resource or a parent) or in config.
 */
export class PolicyChecks {
  public readonly findings: PolicyFinding[] = [];
  public readonly waived: AppliedWaiver[] = [];
  private readonly rulesByType = new Map<string, PolicyRule[]>();
  private readonly configWaivers: readonly (PolicyWaiver & { pattern: RegExp })[];

  constructor(props: PolicyChecksProps = {}) {
    for (const rule of props.rules ?? POLICY_RULES) {
      for (const type of rule.resourceTypes) this.rulesByType.set(type, [...(this.rulesByType.get(type) ?? []), rule]);
    }
    this.configWaivers = (props.waivers ?? []).map((waiver) => {
      if (!waiver.reason.trim()) throw new Error(`policy waiver of ${waiver.rule} on ${waiver.resource} needs a reason`);
      return { ...waiver, pattern: globToRegExp(waiver.resource) };
    });
  }

  /** Checks every stack under `root` (or `root` itself) as it synthesizes, then throws one error listing every finding. */
  public enforce(root: IConstruct): void {
    for (const stack of stacksUnder(root)) this.check(stack, stack.toTerraform() as TerraformJson);
    this.throwOnFindings();
  }

  /**
   * Checks each stack's JSON as the synth wrote it to `cdk.tf.json` (and read it back, once),
   * then throws one error listing every finding. Reading what was written
   * costs a JSON parse, where resolving every resource once more for the checks cost a tenth of
   * a synth.
   */
  public enforceWritten(written: ReadonlyMap<TerraformStack, TerraformJson>): void {
    for (const [stack, json] of written) this.check(stack, json);
    this.throwOnFindings();
  }

  /** Runs the rules on the resources of one stack's synthesized JSON, finding their constructs for waivers. */
  public check(stack: TerraformStack, json: TerraformJson): void {
    let constructs: ReadonlyMap<string, IConstruct> | undefined;
    for (const block of new SynthesizedStack(json).resources()) {
      for (const rule of this.rulesByType.get(block.type) ?? []) {
        const message = rule.check(block.config, block.type);
        if (message === undefined) continue;
        constructs ??= new Map(stack.node.findAll().map((construct) => [construct.node.path, construct]));
        const node = block.path === undefined ? undefined : constructs.get(block.path);
        if (!node) throw new Error(`PolicyChecks: ${block.address} in stack ${stack.node.path} names no construct of the stack (metadata path ${block.path})`);
        const waiver = this.waiverFor(node, rule.id);
        if (waiver) this.waived.push(waiver);
        else this.findings.push({ path: node.node.path, rule: rule.id, message, fix: rule.fix });
      }
    }
  }

  private throwOnFindings(): void {
    if (this.findings.length > 0) throw new PolicyViolationError(this.findings);
  }

  private waiverFor(node: IConstruct, rule: string): AppliedWaiver | undefined {
    for (const scope of [...node.node.scopes].reverse()) {
      const waiver = scope.node.metadata
        .filter((entry) => entry.type === WAIVER_METADATA)
        .map((entry) => entry.data as Waiver)
        .find((candidate) => new RegExp(`(^|[^\\w-])${rule}([^\\w-]|$)`).test(candidate.rule));
      if (waiver) return { path: node.node.path, rule, reason: waiver.reason, source: 'code' };
    }
    const configured = this.configWaivers.find((waiver) => waiver.rule === rule && waiver.pattern.test(node.node.path));
    return configured ? { path: node.node.path, rule, reason: configured.reason, source: 'config' } : undefined;
  }
}

function stacksUnder(root: IConstruct): TerraformStack[] {
  return root.node.findAll().filter((construct): construct is TerraformStack => TerraformStack.isStack(construct));
}

/** `workloads/defender-*` / `**` globs over construct paths. */
export function globToRegExp(glob: string): RegExp {
  const pattern = glob
    .split('**')
    .map((part) =>
      part
        .split('*')
        .map((text) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*');
  return new RegExp(`^${pattern}$`);
}
