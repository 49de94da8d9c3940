/**
 * The placement lock: props refused by name, and under the real Terraform engine (terraform_data is
 * built in) a change that would replace a running cluster fails the plan, naming the cluster, the
 * field and the slot to pin, while unchanged re-applies, new clusters and removals go through.
 */
import { ClusterPlacementLock, type ClusterPlacementLockProps, PLACEMENT_FACTS } from '../../../lib/cluster/cluster-placement-lock';
import { resourceAt, scope, synth, testStack } from '../../helpers';
import { cutDown, describeWithTerraform, TerraformWorkdir } from '../../support/terraform-engine';

const ALPHA: ClusterPlacementLockProps = {
  clusterName: 'alpha',
  slot: 1,
  placement: {
    project: 'test-project',
    location: 'us-central1',
    network: 'asm-mesh',
    subnetCidr: '10.0.16.0/20',
    podCidr: '10.68.0.0/14',
    serviceCidr: '10.4.16.0/20',
    masterCidr: '172.16.0.16/28',
  },
};

function lockStack(locks: readonly ClusterPlacementLockProps[]) {
  const stack = testStack();
  for (const props of locks) new ClusterPlacementLock(stack, `placement-lock-${props.clusterName}`, props);
  return synth(stack);
}

describe('ClusterPlacementLock', () => {
  it('records the placement and the slot, and guards every fact that would replace the cluster or its subnet', () => {
    const json = lockStack([ALPHA]);
    expect(resourceAt(json, 'terraform_data', 'placement-lock-alpha/record').input).toEqual({ cluster: 'alpha', slot: '1', ...ALPHA.placement });
    const guard = resourceAt(json, 'terraform_data', 'placement-lock-alpha/guard') as { lifecycle: { precondition: { error_message: string }[] } };
    expect(guard.lifecycle.precondition).toHaveLength(PLACEMENT_FACTS.length);
    const master = guard.lifecycle.precondition[PLACEMENT_FACTS.indexOf('masterCidr')].error_message;
    expect(master).toMatch(/^clusters\[name=alpha\]\.masterCidr: .* set its slot: \$\{terraform_data\.placement-lock-alpha_record_\w+\.output\.slot\}/);
    expect(master).toContain('docs/cluster-lifecycle.md');
  });

  it.each([
    [{ ...ALPHA, clusterName: 'Alpha' }, 'ClusterPlacementLock: props.clusterName must be an RFC 1035 label of at most 40 characters, got "Alpha"'],
    [{ ...ALPHA, slot: -1 }, 'ClusterPlacementLock: props.slot must be a whole number of at least 0, got -1'],
    [{ ...ALPHA, slot: 1.5 }, 'ClusterPlacementLock: props.slot must be a whole number of at least 0, got 1.5'],
    [{ ...ALPHA, placement: { ...ALPHA.placement, masterCidr: '' } }, 'ClusterPlacementLock: props.placement.masterCidr must be set'],
  ])('refuses bad props (%#)', (props, message) => {
    expect(() => new ClusterPlacementLock(scope(), 'lock', props)).toThrow(new Error(message));
  });

  it('accepts good props', () => {
    expect(() => new ClusterPlacementLock(scope(), 'lock', ALPHA)).not.toThrow();
  });
});

describeWithTerraform('ClusterPlacementLock under the real Terraform engine', () => {
  const workdir = new TerraformWorkdir({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' });
  afterAll(() => workdir.remove());
  const apply = (locks: readonly ClusterPlacementLockProps[]) => workdir.apply(cutDown(lockStack(locks), new Map()));
  const BETA: ClusterPlacementLockProps = { ...ALPHA, clusterName: 'beta', slot: 2, placement: { ...ALPHA.placement, masterCidr: '172.16.0.32/28' } };

  it('refuses a moved range naming cluster, field and slot; accepts re-applies, additions and removals', () => {
    expect(apply([ALPHA]).status).toBe(0);
    expect(apply([ALPHA]).output).toMatch(/No changes/);

    const moved = apply([{ ...ALPHA, slot: 0, placement: { ...ALPHA.placement, masterCidr: '172.16.0.0/28' } }]);
    expect(moved.status).not.toBe(0);
    const said = moved.output.replace(/\s+/g, ' ');
    expect(said).toContain('Resource precondition failed');
    expect(said).toContain('clusters[name=alpha].masterCidr: the running cluster has 172.16.0.16/28 (slot 1), the config now gives 172.16.0.0/28');
    expect(said).toContain('set its slot: 1 (or masterCidr: 172.16.0.16/28)');
    expect(moved.output).not.toMatch(/Creating|Destroying|Modifying/);

    const relocated = apply([{ ...ALPHA, placement: { ...ALPHA.placement, location: 'europe-west4' } }]);
    expect(relocated.status).not.toBe(0);
    expect(relocated.output.replace(/\s+/g, ' ')).toContain('clusters[name=alpha].location: the running cluster has us-central1');

    expect(apply([ALPHA, BETA]).status).toBe(0);
    const removed = apply([BETA]);
    expect(removed.status).toBe(0);
    expect(removed.output).toMatch(/placement-lock-alpha_record_\w+: Destruction complete/);
    expect(workdir.destroy().status).toBe(0);
  }, 120_000);
});
