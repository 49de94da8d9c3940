import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { type TerraformStack } from 'cdktf';
import { formatFinding, PolicyChecks, PolicyViolationError } from '../../../lib/policy/policy-checks';
import { waive } from '../../../lib/core/waivers';
import { testStack } from '../../helpers';

/** Builds one resource into a fresh stack; `bad` breaks exactly the rule under test. */
export type Build = (stack: TerraformStack, bad: boolean) => void;

export interface PolicyCase {
  readonly build: Build;
  readonly expect: RegExp;
}

export const k8s = (stack: TerraformStack) => new KubernetesProvider(stack, 'k8s', {});

/** For each rule: the breaking change fails alone, the compliant one passes, and both kinds of waiver cover it. */
export function describePolicyCases(cases: Record<string, PolicyCase>): void {
  describe.each(Object.entries(cases))('%s', (rule, { build, expect: message }) => {
    it('fails on the breaking change, naming the resource, the rule, the problem and the fix', () => {
      const stack = testStack();
      build(stack, true);
      const policy = new PolicyChecks();
      expect(() => policy.enforce(stack)).toThrow(PolicyViolationError);
      expect(policy.findings).toHaveLength(1);
      const [finding] = policy.findings;
      expect(finding.rule).toBe(rule);
      expect(finding.message).toMatch(message);
      expect(formatFinding(finding)).toMatch(new RegExp(`^test/\\S+: ${rule} .+\\. Fix: .+\\.$`));
    });

    it('passes the compliant resource', () => {
      const stack = testStack();
      build(stack, false);
      const policy = new PolicyChecks();
      expect(() => policy.enforce(stack)).not.toThrow();
      expect(policy.findings).toEqual([]);
    });

    it('passes the breaking change when it is waived in code, and records the waiver', () => {
      const stack = testStack();
      build(stack, true);
      waive(stack, { rule, reason: 'accepted for this test, with a reason' });
      const policy = new PolicyChecks();
      expect(() => policy.enforce(stack)).not.toThrow();
      expect(policy.waived).toEqual([expect.objectContaining({ rule, source: 'code', reason: 'accepted for this test, with a reason' })]);
    });

    it('passes the breaking change when it is waived in config', () => {
      const stack = testStack();
      build(stack, true);
      const policy = new PolicyChecks({ waivers: [{ rule, resource: 'test/**', reason: 'accepted in config for this test' }] });
      expect(() => policy.enforce(stack)).not.toThrow();
      expect(policy.waived).toEqual([expect.objectContaining({ rule, source: 'config' })]);
    });
  });
}
