import { type IAspect, TerraformResource } from 'cdktf';
import { type IConstruct } from 'constructs';
import type { PolicyRule, ResourceBody } from './policy-rule';
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
 * The policy checks as a cdktf Aspect: it reads every resource's Terraform body, runs each
 * rule for that resource type, and records findings, unless a waiver with a reason covers the
 * rule, in code (`waive()` on the resource or a parent) or in config.
 */
export class PolicyChecks implements IAspect {
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

  public visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource)) return;
    const rules = this.rulesByType.get(node.terraformResourceType);
    if (!rules) return;
    const body = resourceBody(node);
    for (const rule of rules) {
      const message = rule.check(body, node.terraformResourceType);
      if (message === undefined) continue;
      const waiver = this.waiverFor(node, rule.id);
      if (waiver) this.waived.push(waiver);
      else this.findings.push({ path: node.node.path, rule: rule.id, message, fix: rule.fix });
    }
  }

  /** Visits every construct under `root`, then throws one error listing every finding. */
  public enforce(root: IConstruct): void {
    for (const node of root.node.findAll()) this.visit(node);
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

function resourceBody(resource: TerraformResource): ResourceBody {
  return new SynthesizedStack(resource.toTerraform() as TerraformJson).resources()[0].config;
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
