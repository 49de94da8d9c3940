/**
 * The node pool's lifecycle under the real Terraform engine. The google provider cannot be
 * downloaded here, so a terraform_data stands in for the pool: `input` holds what the pool
 * resource sets (`name_prefix`), `triggers_replace` plays a ForceNew attribute (the node service
 * account: ForceNew in google provider 6.50.0's google/services/container/node_config.go, where
 * `machine_type` is not, it updates in place), and the lifecycle is the synthesized pool's own,
 * with `name_prefix` ignored as `input`.
 */
import { resourceAt, synth, testStack } from '../../helpers';
import { PrivateCluster } from '../../../lib/cluster/private-cluster';
import { describeWithTerraform, TerraformWorkdir } from '../../support/terraform-engine';
import { BASE } from './private-cluster-fixture';

function poolStandIn(namePrefix: string, serviceAccount: string) {
  const stack = testStack();
  new PrivateCluster(stack, 'alpha', BASE);
  const pool = resourceAt(synth(stack), 'google_container_node_pool', 'alpha/pool-default');
  const lifecycle = pool.lifecycle as { create_before_destroy: boolean; ignore_changes: string[] };
  expect(lifecycle.ignore_changes).toContain('name_prefix');
  return {
    json: {
      resource: {
        terraform_data: {
          pool: {
            input: { name_prefix: namePrefix },
            triggers_replace: { service_account: serviceAccount },
            lifecycle: { create_before_destroy: lifecycle.create_before_destroy, ignore_changes: ['input'] },
          },
        },
      },
    },
    assets: new Map<string, string>(),
  };
}

describeWithTerraform('node pool lifecycle under the real Terraform engine', () => {
  const workdir = new TerraformWorkdir({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' });
  afterAll(() => workdir.remove());

  it('keeps a pool named by an earlier version, then replaces it create-before-destroy with the prefix', () => {
    // The state of a pool created with a fixed name: no prefix.
    expect(workdir.apply(poolStandIn('', 'nodes-a')).status).toBe(0);
    const upgrade = workdir.apply(poolStandIn('default-', 'nodes-a'));
    expect(upgrade.output).toMatch(/No changes/);
    const replace = workdir.apply(poolStandIn('default-', 'nodes-b'));
    expect(replace.status).toBe(0);
    expect(replace.output).toMatch(/terraform_data\.pool: Creating\.\.\.[\s\S]*terraform_data\.pool \(deposed object \w+\): Destroying/);
    // A replacement is planned from the configuration: ignore_changes does not carry the old value.
    const state = workdir.run(['state', 'show', '-no-color', 'terraform_data.pool']);
    expect(state.output).toMatch(/name_prefix = "default-"/);
  }, 60_000);
});
