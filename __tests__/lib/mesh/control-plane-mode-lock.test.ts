/**
 * The lock under the real Terraform engine (terraform_data is built in, so it runs offline): a
 * mode change fails the plan, and nothing else it would block (re-applies, removing a cluster,
 * destroying the stack) is blocked.
 */
import { type TerraformStack } from 'cdktf';
import { ControlPlaneModeLock, type ControlPlaneModeLockProps } from '../../../lib/mesh/control-plane-mode-lock';
import { resourceAt, scope, synth, testStack } from '../../helpers';
import { cutDown, describeWithTerraform, TerraformWorkdir } from '../../support/terraform-engine';

function lockStack(locks: readonly ControlPlaneModeLockProps[]) {
  const stack: TerraformStack = testStack();
  for (const props of locks) new ControlPlaneModeLock(stack, `mode-lock-${props.clusterName}`, props);
  return synth(stack);
}

const apply = (workdir: TerraformWorkdir, locks: readonly ControlPlaneModeLockProps[]) => workdir.apply(cutDown(lockStack(locks), new Map()));

describe('ControlPlaneModeLock', () => {
  it('records the first mode, never updating it, and guards it with a precondition naming the road', () => {
    const json = lockStack([{ clusterName: 'alpha', mode: 'in-cluster' }]);
    const record = resourceAt(json, 'terraform_data', 'mode-lock-alpha/record');
    expect(record).toEqual({ input: { cluster: 'alpha', mode: 'in-cluster' }, lifecycle: { ignore_changes: ['input'] } });
    const guard = resourceAt(json, 'terraform_data', 'mode-lock-alpha/guard');
    const [precondition] = (guard.lifecycle as { precondition: { condition: string; error_message: string }[] }).precondition;
    expect(precondition.condition).toMatch(/^\$\{terraform_data\.mode-lock-alpha_record_\w+\.output\.mode == "in-cluster"\}$/);
    expect(precondition.error_message).toContain('README "From in-cluster to managed"');
  });

  it.each([
    [{ clusterName: 'Alpha', mode: 'managed' }, 'ControlPlaneModeLock: props.clusterName must be an RFC 1035 label of at most 40 characters, got "Alpha"'],
    [{ clusterName: 'alpha', mode: 'hybrid' }, 'ControlPlaneModeLock: props.mode must be one of in-cluster, managed, got "hybrid"'],
    [
      { clusterName: 'alpha', mode: 'managed', channel: 'EXTENDED' },
      'ControlPlaneModeLock: props.channel must be one of RAPID, REGULAR, STABLE, got "EXTENDED"',
    ],
  ])('refuses %j', (props, message) => {
    expect(() => new ControlPlaneModeLock(scope(), 'lock', props as ControlPlaneModeLockProps)).toThrow(new Error(message));
  });

  it('records and guards a named channel; without one, writes what earlier releases wrote', () => {
    const json = lockStack([{ clusterName: 'alpha', mode: 'managed', channel: 'RAPID' }]);
    expect(resourceAt(json, 'terraform_data', 'mode-lock-alpha/record').input).toEqual({ cluster: 'alpha', mode: 'managed', channel: 'RAPID' });
    const guard = resourceAt(json, 'terraform_data', 'mode-lock-alpha/guard');
    const [channel] = (guard.lifecycle as { precondition: { condition: string }[] }).precondition;
    expect(channel.condition).toMatch(/^\$\{try\(terraform_data\.mode-lock-alpha_record_\w+\.output\.channel, "REGULAR"\) == "RAPID"\}$/);
    const plain = lockStack([{ clusterName: 'alpha', mode: 'managed' }]);
    expect(resourceAt(plain, 'terraform_data', 'mode-lock-alpha/guard').input).toEqual({ mode: 'managed' });
    // REGULAR, the channel before it was configurable, is written exactly as no channel.
    expect(lockStack([{ clusterName: 'alpha', mode: 'managed', channel: 'REGULAR' }])).toEqual(plain);
  });

  it('accepts both modes', () => {
    for (const mode of ['in-cluster', 'managed'] as const)
      expect(() => new ControlPlaneModeLock(scope(), 'lock', { clusterName: 'alpha', mode })).not.toThrow();
  });
});

describeWithTerraform('ControlPlaneModeLock under the real Terraform engine', () => {
  const workdir = new TerraformWorkdir({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' });
  afterAll(() => workdir.remove());

  it('refuses to switch a running cluster, allows new clusters, removal and destroy', () => {
    expect(apply(workdir, [{ clusterName: 'alpha', mode: 'in-cluster' }]).status).toBe(0);
    expect(apply(workdir, [{ clusterName: 'alpha', mode: 'in-cluster' }]).output).toMatch(/No changes/);

    const switched = apply(workdir, [{ clusterName: 'alpha', mode: 'managed' }]);
    expect(switched.status).not.toBe(0);
    expect(switched.output).toMatch(/Resource precondition failed/);
    expect(switched.output.replace(/\s+/g, ' ')).toContain('asm.mode: cluster alpha runs the in-cluster control plane; changing it to managed in place');
    expect(switched.output).not.toMatch(/Destroying|Creating/);
    expect(workdir.run(['state', 'list']).output).toMatch(/mode-lock-alpha_record/);

    // The road: a new cluster beside it, then the old one retired (its lock leaves with it).
    expect(
      apply(workdir, [
        { clusterName: 'alpha', mode: 'in-cluster' },
        { clusterName: 'gamma', mode: 'managed' },
      ]).status,
    ).toBe(0);
    const retired = apply(workdir, [{ clusterName: 'gamma', mode: 'managed' }]);
    expect(retired.status).toBe(0);
    expect(retired.output).toMatch(/mode-lock-alpha_record_\w+: Destruction complete/);

    expect(workdir.destroy().status).toBe(0);
    expect(workdir.run(['state', 'list']).output.trim()).toBe('');
  }, 120_000);

  it('refuses to move a managed cluster to another channel, which its mesh would not follow', () => {
    const channelDir = new TerraformWorkdir({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' });
    try {
      // A cluster provisioned before the channel was configurable: its record has no channel (REGULAR).
      expect(apply(channelDir, [{ clusterName: 'alpha', mode: 'managed' }]).status).toBe(0);
      const moved = apply(channelDir, [{ clusterName: 'alpha', mode: 'managed', channel: 'RAPID' }]);
      expect(moved.status).not.toBe(0);
      expect(moved.output.replace(/\s+/g, ' ')).toContain("clusters.releaseChannel: cluster alpha's managed control plane was provisioned on REGULAR");
      expect(moved.output).not.toMatch(/Destroying|Creating/);
      // A new cluster on RAPID records RAPID and re-applies cleanly.
      expect(
        apply(channelDir, [
          { clusterName: 'alpha', mode: 'managed' },
          { clusterName: 'beta', mode: 'managed', channel: 'RAPID' },
        ]).status,
      ).toBe(0);
      expect(
        apply(channelDir, [
          { clusterName: 'alpha', mode: 'managed' },
          { clusterName: 'beta', mode: 'managed', channel: 'RAPID' },
        ]).output,
      ).toMatch(/No changes/);
      const backToStable = apply(channelDir, [
        { clusterName: 'alpha', mode: 'managed' },
        { clusterName: 'beta', mode: 'managed', channel: 'STABLE' },
      ]);
      expect(backToStable.status).not.toBe(0);
      expect(backToStable.output.replace(/\s+/g, ' ')).toContain('was provisioned on RAPID');
    } finally {
      channelDir.remove();
    }
  }, 120_000);
});
