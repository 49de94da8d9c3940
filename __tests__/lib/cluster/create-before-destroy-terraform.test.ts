/**
 * Where create_before_destroy reaches, under the real Terraform engine. terraform_data stands in
 * for the platform's fixed-name chain (VPC -> subnet -> cluster -> node pool): `triggers_replace`
 * plays each resource's ForceNew inputs, references play the provider attributes that link them,
 * and the pool carries the synthesized pool's own lifecycle. Terraform forces create_before_destroy
 * onto every dependency of a resource that has it (ForcedCBDTransformer,
 * internal/terraform/transform_destroy_cbd.go in hashicorp/terraform), so a cluster replacement
 * would be planned create-then-delete under the same name (a 409 from GKE); ClusterPlacementLock
 * refuses every such change at plan time, while a pool replacement stays create-before-destroy.
 */
import { ClusterPlacementLock, type ClusterPlacementLockProps } from '../../../lib/cluster/cluster-placement-lock';
import { PrivateCluster } from '../../../lib/cluster/private-cluster';
import { resourceAt, synth, testStack } from '../../helpers';
import { describeWithTerraform, TerraformWorkdir } from '../../support/terraform-engine';
import { BASE } from './private-cluster-fixture';

interface Inputs {
  readonly masterCidr: string;
  readonly subnetCidr: string;
  readonly serviceAccount: string;
}

const START: Inputs = { masterCidr: '172.16.0.0/28', subnetCidr: '10.0.0.0/20', serviceAccount: 'nodes-a' };

function chain(inputs: Inputs, guarded: boolean) {
  const stack = testStack();
  new PrivateCluster(stack, 'alpha', BASE);
  const placement: ClusterPlacementLockProps = {
    clusterName: 'alpha',
    slot: 0,
    placement: {
      project: 'p',
      location: 'us-central1',
      network: 'mesh',
      subnetCidr: inputs.subnetCidr,
      podCidr: '10.64.0.0/14',
      serviceCidr: '10.4.0.0/20',
      masterCidr: inputs.masterCidr,
    },
  };
  if (guarded) new ClusterPlacementLock(stack, 'placement-lock-alpha', placement);
  const json = synth(stack);
  const pool = resourceAt(json, 'google_container_node_pool', 'alpha/pool-default');
  const cluster = resourceAt(json, 'google_container_cluster', 'alpha/cluster');
  const locks = ((json.resource as Record<string, Record<string, unknown>>).terraform_data ?? {}) as Record<string, unknown>;
  return {
    json: {
      resource: {
        terraform_data: {
          ...locks,
          network: { input: { name: 'mesh' }, triggers_replace: { name: 'mesh' } },
          subnet: { input: { network: '${terraform_data.network.id}' }, triggers_replace: { ip_cidr_range: inputs.subnetCidr } },
          cluster: {
            input: { subnetwork: '${terraform_data.subnet.id}' },
            triggers_replace: { master_ipv4_cidr_block: inputs.masterCidr },
            // The cluster's own lifecycle, as synthesized (it sets no create_before_destroy).
            lifecycle: { create_before_destroy: (cluster.lifecycle as { create_before_destroy?: boolean }).create_before_destroy ?? false },
          },
          pool: {
            input: { cluster: '${terraform_data.cluster.id}' },
            triggers_replace: { service_account: inputs.serviceAccount },
            lifecycle: { create_before_destroy: (pool.lifecycle as { create_before_destroy: boolean }).create_before_destroy },
          },
        },
      },
    },
    assets: new Map<string, string>(),
  };
}

/** The planned actions per address: ["create","delete"] is create-before-destroy. */
function plannedActions(
  workdir: TerraformWorkdir,
  stack: ReturnType<typeof chain>,
): { status: number | null; output: string; actions: Record<string, string[]> } {
  workdir.write(stack);
  const plan = workdir.run(['plan', '-input=false', '-no-color', '-out=tfplan']);
  if (plan.status !== 0) return { ...plan, actions: {} };
  const shown = JSON.parse(workdir.run(['show', '-json', 'tfplan']).output.trim().split('\n')[0]) as {
    resource_changes: { address: string; change: { actions: string[] } }[];
  };
  return { ...plan, actions: Object.fromEntries(shown.resource_changes.map((change) => [change.address, change.change.actions])) };
}

describeWithTerraform('create_before_destroy under the real Terraform engine', () => {
  it('without the lock, a new masterCidr plans the same-named cluster create-before-destroy, though it does not set it', () => {
    const workdir = new TerraformWorkdir({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' });
    try {
      expect(workdir.apply(chain(START, false)).status).toBe(0);
      const plan = plannedActions(workdir, chain({ ...START, masterCidr: '172.16.0.16/28' }, false));
      expect(plan.status).toBe(0);
      // The cluster sets no create_before_destroy; its pool's forces it on: this is what the lock prevents.
      expect(plan.actions['terraform_data.cluster']).toEqual(['create', 'delete']);
    } finally {
      workdir.remove();
    }
  }, 60_000);

  describe('with the lock', () => {
    const workdir = new TerraformWorkdir({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' });
    afterAll(() => workdir.remove());

    it('refuses a change that would replace the cluster or the subnet, and plans nothing', () => {
      expect(workdir.apply(chain(START, true)).status).toBe(0);
      for (const [changed, field] of [
        [{ ...START, masterCidr: '172.16.0.16/28' }, 'masterCidr'],
        [{ ...START, subnetCidr: '10.0.16.0/20' }, 'subnetCidr'],
      ] as const) {
        const plan = plannedActions(workdir, chain(changed, true));
        expect(plan.status).not.toBe(0);
        expect(plan.output.replace(/\s+/g, ' ')).toContain(`clusters[name=alpha].${field}: the running cluster has`);
      }
      // Nothing was touched: the unchanged config plans no changes.
      workdir.write(chain(START, true));
      expect(workdir.run(['plan', '-input=false', '-no-color', '-detailed-exitcode']).status).toBe(0);
    }, 120_000);

    it('still replaces a node pool create-before-destroy, and nothing else', () => {
      const plan = plannedActions(workdir, chain({ ...START, serviceAccount: 'nodes-b' }, true));
      expect(plan.status).toBe(0);
      const replaced = Object.entries(plan.actions).filter(([, actions]) => actions.includes('delete'));
      expect(replaced).toEqual([['terraform_data.pool', ['create', 'delete']]]);
      const applied = workdir.run(['apply', '-input=false', '-no-color', 'tfplan']);
      expect(applied.status).toBe(0);
      expect(applied.output).toMatch(/terraform_data\.pool: Creating\.\.\.[\s\S]*terraform_data\.pool \(deposed object \w+\): Destroying/);
    }, 120_000);
  });
});
