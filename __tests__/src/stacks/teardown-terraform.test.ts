/**
 * `cdktf destroy '*'` under the real Terraform engine: the mesh stack, then the platform stack, each
 * cut down to stand-ins of the GCP objects a teardown meets plus the teardown steps as synthesized,
 * against a model of the project that refuses as GCP does (fake-tools/gcloud-project).
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadConfig } from '../../../src/config/load';
import type { MeshConfig } from '../../../src/config/types';
import { buildApp } from '../../../src/stacks/app';
import { config, newApp, REPO_ROOT, synth, withAsmMode } from '../../helpers';
import { gkeLoadBalancer, standIns, writeModel } from '../../support/gcp-stand-ins';
import { describeWithTerraform, TerraformWorkdir } from '../../support/terraform-engine';
import { readLog, toolSandbox } from '../../support/tool-sandbox';

const FILES = new Map([['teardown.sh', path.join(REPO_ROOT, 'lib', 'core', 'teardown.sh')]]);

/** The default config's shape, in managed mode (the default the lead is moving to), on a test project. */
const DEFAULT_SHAPE = withAsmMode(
  `
project: teardown-project
region: us-central1
network: { name: asm-mesh }
clusters:
  - name: asm-cluster-1
  - name: asm-cluster-2
authorizedNetworks:
  - { cidr: 203.0.113.0/24, name: admin-network }
deletionProtection: false
`,
  'managed',
);

const CONFIGS: [string, () => MeshConfig][] = [
  ['the default shape (managed)', () => config(DEFAULT_SHAPE)],
  ['examples/all-features.yaml', () => loadConfig(path.join(REPO_ROOT, 'examples', 'all-features.yaml'))],
  ['examples/shared-vpc.yaml', () => loadConfig(path.join(REPO_ROOT, 'examples', 'shared-vpc.yaml'))],
];

const FAST = { TEARDOWN_WAIT_SECONDS: '6', TEARDOWN_POLL_SECONDS: '1' };

/** A deployed app's teardown world: the model, the fakes, and a workdir per stack, applied. */
function deployed(meshConfig: MeshConfig, options: { steps?: boolean } = {}) {
  const built = buildApp(newApp(), meshConfig);
  const withoutSteps = (stack: ReturnType<typeof standIns>) => {
    if (options.steps !== false) return stack;
    const resources = (stack.json.resource as Record<string, Record<string, Record<string, unknown>>>).terraform_data;
    const kept = Object.fromEntries(
      Object.entries(resources)
        .filter(([name]) => !name.startsWith('terraform_data__'))
        .map(([name, body]) => [name, { ...body, depends_on: ((body.depends_on as string[]) ?? []).filter((each) => !each.includes('terraform_data__')) }]),
    );
    return { ...stack, json: { resource: { terraform_data: kept } } };
  };
  const platform = withoutSteps(standIns(synth(built.platform), FILES, meshConfig.project));
  const mesh = withoutSteps(standIns(synth(built.mesh), FILES, meshConfig.project));
  const box = toolSandbox();
  const model = path.join(box.dir, 'gcp.json');
  const clusters = platform.objects.clusters;
  writeModel(model, [platform.objects, ...clusters.map((cluster) => gkeLoadBalancer(cluster, meshConfig.network.project, `${meshConfig.region}-a`))]);
  const env = {
    PATH: box.bin,
    HOME: box.dir,
    LOG_DIR: box.logs,
    FAKE_GCP: model,
    // Cloud SQL holds the connection a while after the instance goes.
    FAKE_SQL_HOLD_ATTEMPTS: '2',
    FAKE_CRDS: 'controlplanerevisions.mesh.cloud.google.com',
    FAKE_CPRS: 'asm-managed-rapid',
    FAKE_CPR_FINALIZER_POLLS: '2',
    ...FAST,
  };
  const dirs = { mesh: new TerraformWorkdir(env), platform: new TerraformWorkdir(env) };
  for (const [name, stack] of [
    ['mesh', mesh],
    ['platform', platform],
  ] as const) {
    const applied = dirs[name].apply(stack);
    if (applied.status !== 0) throw new Error(`apply of ${name} failed:\n${applied.output}`);
  }
  const cleanup = () => {
    dirs.mesh.remove();
    dirs.platform.remove();
    fs.rmSync(box.dir, { recursive: true, force: true });
  };
  const left = () => {
    const state = JSON.parse(fs.readFileSync(model, 'utf8')) as Record<string, unknown>;
    const lists = Object.entries(state).filter((entry): entry is [string, Record<string, unknown>[]] => Array.isArray(entry[1]));
    return Object.fromEntries(lists.map(([key, list]) => [key, list.filter((each) => each.deletedAt === undefined).map((each) => each.name)]));
  };
  return { dirs, box, left, cleanup, meshConfig, stacks: { mesh, platform } };
}

describeWithTerraform('cdktf destroy under the real Terraform engine', () => {
  describe.each(CONFIGS)('%s', (_name, load) => {
    let world: ReturnType<typeof deployed>;
    let meshRun: { status: number | null; output: string };
    let platformRun: { status: number | null; output: string };
    let order: string[];

    beforeAll(() => {
      world = deployed(load());
      meshRun = world.dirs.mesh.destroy();
      platformRun = world.dirs.platform.destroy();
      order = readLog(world.box, 'destroyed').trim().split('\n');
    }, 120_000);
    afterAll(() => world?.cleanup());

    it('destroys both stacks on the first try, leaving nothing in the project', () => {
      expect(meshRun.output).toMatch(/Destroy complete!/);
      expect(platformRun.output).toMatch(/Destroy complete!/);
      const left = world.left();
      for (const [kind, names] of Object.entries(left)) expect([kind, names]).toEqual([kind, []]);
    });

    it('deploys again after the destroy, and then plans no change', () => {
      for (const name of ['platform', 'mesh'] as const) {
        expect(world.dirs[name].apply(world.stacks[name]).status).toBe(0);
        const plan = world.dirs[name].run(['plan', '-detailed-exitcode', '-input=false', '-no-color']);
        expect([name, plan.status]).toEqual([name, 0]);
      }
    });

    it('removes the load balancers GKE left after the clusters and before the subnets and the VPC', () => {
      const at = (pattern: RegExp) => order.findIndex((line) => pattern.test(line));
      const lastCluster = Math.max(...order.map((line, index) => (line.startsWith('google_container_cluster.') ? index : -1)));
      const guard = at(/teardown-load-balancers/);
      expect(guard).toBeGreaterThan(lastCluster);
      expect(at(/^google_compute_subnetwork\./)).toBeGreaterThan(guard);
      expect(at(/^google_compute_network\./)).toBe(order.length - 1);
      // Under a Shared VPC, GKE leaves its k8s-fw rules in the host: the step removed them.
      const deleted = readLog(world.box, 'calls');
      if (world.meshConfig.network.hostProject) expect(deleted).toContain(`compute firewall-rules delete k8s-fw-`);
      expect(deleted).toMatch(/gcloud compute network-endpoint-groups delete k8s1-\S+ --zone \S+ --project \S+ --quiet/);
    });

    it('takes Cloud SQL down in order: users and databases, instance, peering, range, VPC', () => {
      if (!world.meshConfig.cloudSql.enabled) return;
      const at = (pattern: RegExp) => order.findIndex((line) => pattern.test(line));
      const instance = at(/^google_sql_database_instance\./);
      expect(at(/^google_sql_user\./)).toBeLessThan(instance);
      expect(at(/^google_sql_database\./)).toBeLessThan(instance);
      const peering = at(/private-services_teardown/);
      expect(at(/^google_service_networking_connection\./)).toBeGreaterThan(instance);
      expect(peering).toBeGreaterThan(at(/^google_service_networking_connection\./));
      expect(at(/^google_compute_global_address\./)).toBeGreaterThan(peering);
      expect(platformRun.output).toMatch(/still using this connection/);
    });

    it('uninstalls a managed mesh as Google says: manual management and no controlplanerevision before the fleet config goes', () => {
      if (world.meshConfig.asm.mode !== 'managed') return;
      const calls = readLog(world.box, 'calls').split('\n');
      for (const cluster of world.meshConfig.clusters) {
        expect(calls).toContain(
          `gcloud container fleet mesh update --management manual --memberships ${cluster.name} --location global --project ${world.meshConfig.fleetProject}`,
        );
      }
      expect(calls.filter((line) => line === 'kubectl delete controlplanerevision -n istio-system --all --ignore-not-found --wait=false')).toHaveLength(2);
      const steps = order.map((line, index) => (/teardown-managed/.test(line) ? index : -1)).filter((index) => index >= 0);
      const memberships = order.map((line, index) => (line.startsWith('google_gke_hub_feature_membership.') ? index : -1)).filter((index) => index >= 0);
      expect(steps).toHaveLength(2);
      expect(Math.max(...steps)).toBeLessThan(Math.min(...memberships));
      expect(Math.max(...memberships)).toBeLessThan(order.findIndex((line) => line.startsWith('google_gke_hub_feature.')));
    });
  });

  it('fails without the teardown steps, as GCP refuses a subnet GKE left objects on', () => {
    const world = deployed(config(DEFAULT_SHAPE), { steps: false });
    try {
      world.dirs.mesh.destroy();
      const run = world.dirs.platform.destroy();
      expect(run.status).not.toBe(0);
      expect(run.output).toMatch(/The subnetwork resource 'projects\/teardown-project\/regions\/us-central1\/subnetworks\/\S+' is already being used by/);
    } finally {
      world.cleanup();
    }
  }, 120_000);
});
