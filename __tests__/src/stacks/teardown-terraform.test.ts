/**
 * `cdktf destroy '*'` under the real Terraform engine: the mesh stack, then the platform stack, each
 * cut down to stand-ins of the GCP objects a teardown meets plus the teardown steps as synthesized,
 * against a model of the project that refuses as GCP does (fake-tools/gcloud-project).
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadConfig } from '../../../src/config/load';
import type { MeshConfig } from '../../../src/config/types';
import { synthAll } from '../../app-helpers';
import { config, REPO_ROOT, withAsmMode } from '../../helpers';
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

/** A config's stacks, synthesized once for every world built from it (and once a run: app-helpers). */
function synthesized(meshConfig: MeshConfig) {
  const { platform, mesh } = synthAll(meshConfig);
  return { meshConfig, platform, mesh };
}
type SynthesizedApp = ReturnType<typeof synthesized>;

let defaultShape: SynthesizedApp | undefined;
/** The default shape, for its teardown and for the teardown without steps. */
const theDefaultShape = () => (defaultShape ??= synthesized(config(DEFAULT_SHAPE)));

const CONFIGS: [string, () => SynthesizedApp][] = [
  ['the default shape (managed)', theDefaultShape],
  ['examples/all-features.yaml', () => synthesized(loadConfig(path.join(REPO_ROOT, 'examples', 'all-features.yaml')))],
  ['examples/shared-vpc.yaml', () => synthesized(loadConfig(path.join(REPO_ROOT, 'examples', 'shared-vpc.yaml')))],
];

/**
 * The waits, short: the model's holds count attempts and polls, not seconds, so half-second polls
 * see them through sooner. The bound is what network-clean gives GKE three times over (its first
 * third, 2 s, which the model's NEGs always wait out) and leaves the service peering, whose
 * fallback the Cloud SQL test refuses, twice what it takes with every world torn down at once.
 */
const FAST = { TEARDOWN_WAIT_SECONDS: '8', TEARDOWN_POLL_SECONDS: '0.5' };

/** Every world built, for the cleanup, whether or not its teardown finished. */
const worlds: { cleanup: () => void }[] = [];

/**
 * A deployed app's teardown world: the model, the fakes, and a workdir per stack, applied. The
 * stacks apply at once: their stand-ins act only when destroyed.
 */
async function deployed(app: SynthesizedApp, options: { steps?: boolean } = {}) {
  const { meshConfig } = app;
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
  const platform = withoutSteps(standIns(app.platform, FILES, meshConfig.project));
  const mesh = withoutSteps(standIns(app.mesh, FILES, meshConfig.project));
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
  const cleanup = () => {
    dirs.mesh.remove();
    dirs.platform.remove();
    fs.rmSync(box.dir, { recursive: true, force: true });
  };
  worlds.push({ cleanup });
  const stacks = { mesh, platform };
  await Promise.all(
    (['mesh', 'platform'] as const).map(async (name) => {
      const applied = await dirs[name].applyAsync(stacks[name]);
      if (applied.status !== 0) throw new Error(`apply of ${name} failed:\n${applied.output}`);
    }),
  );
  const left = () => {
    const state = JSON.parse(fs.readFileSync(model, 'utf8')) as Record<string, unknown>;
    const lists = Object.entries(state).filter((entry): entry is [string, Record<string, unknown>[]] => Array.isArray(entry[1]));
    return Object.fromEntries(lists.map(([key, list]) => [key, list.filter((each) => each.deletedAt === undefined).map((each) => each.name)]));
  };
  return { dirs, box, left, meshConfig, stacks };
}

/** `cdktf destroy '*'`: the mesh stack, then the platform stack. */
async function destroyed(world: Awaited<ReturnType<typeof deployed>>) {
  const meshRun = await world.dirs.mesh.destroyAsync();
  const platformRun = await world.dirs.platform.destroyAsync();
  return { meshRun, platformRun };
}

const PLAN = ['plan', '-detailed-exitcode', '-input=false', '-no-color'];

/** A world deployed, torn down, what the teardown did and left, then deployed again and planned. */
async function tornDown(app: SynthesizedApp) {
  const world = await deployed(app);
  const { meshRun, platformRun } = await destroyed(world);
  const order = readLog(world.box, 'destroyed').trim().split('\n');
  const calls = readLog(world.box, 'calls');
  const left = world.left();
  const again = await Promise.all(
    (['platform', 'mesh'] as const).map(async (name) => {
      const apply = await world.dirs[name].applyAsync(world.stacks[name]);
      return { name, apply: apply.status, plan: (await world.dirs[name].runAsync(PLAN)).status };
    }),
  );
  return { meshConfig: world.meshConfig, meshRun, platformRun, order, calls, left, again };
}

/** The value of a settled promise, or its error thrown. */
function settled<T>(result: PromiseSettledResult<T> | undefined): T {
  if (!result) throw new Error('no such teardown');
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}

describeWithTerraform('cdktf destroy under the real Terraform engine', () => {
  // Every world is independent (its own model, fakes and workdirs): all are torn down at once, so
  // the suite waits on the teardown steps' polls and Terraform's start-up once, not per world.
  type Teardown = Awaited<ReturnType<typeof tornDown>>;
  const teardowns = new Map<string, PromiseSettledResult<Teardown>>();
  let withoutTheSteps: PromiseSettledResult<Awaited<ReturnType<typeof destroyed>>>;

  beforeAll(async () => {
    // Each synthesis runs while the worlds started before it are in Terraform.
    const bare = deployed(theDefaultShape(), { steps: false }).then(destroyed);
    const pending = CONFIGS.map(([, app]) => tornDown(app()));
    const [results, [bareResult]] = await Promise.all([Promise.allSettled(pending), Promise.allSettled([bare])]);
    results.forEach((result, index) => teardowns.set(CONFIGS[index][0], result));
    withoutTheSteps = bareResult;
  }, 120_000);
  afterAll(() => worlds.forEach((world) => world.cleanup()));

  describe.each(CONFIGS)('%s', (name) => {
    let teardown: Teardown;
    let order: string[];

    beforeAll(() => {
      teardown = settled(teardowns.get(name));
      order = teardown.order;
    });

    it('destroys both stacks on the first try, leaving nothing in the project', () => {
      expect(teardown.meshRun.output).toMatch(/Destroy complete!/);
      expect(teardown.platformRun.output).toMatch(/Destroy complete!/);
      for (const [kind, names] of Object.entries(teardown.left)) expect([kind, names]).toEqual([kind, []]);
    });

    it('deploys again after the destroy, and then plans no change', () => {
      expect(teardown.again).toEqual([
        { name: 'platform', apply: 0, plan: 0 },
        { name: 'mesh', apply: 0, plan: 0 },
      ]);
    });

    it('removes the load balancers GKE left after the clusters and before the subnets and the VPC', () => {
      const at = (pattern: RegExp) => order.findIndex((line) => pattern.test(line));
      const lastCluster = Math.max(...order.map((line, index) => (line.startsWith('google_container_cluster.') ? index : -1)));
      const guard = at(/teardown-load-balancers/);
      expect(guard).toBeGreaterThan(lastCluster);
      expect(at(/^google_compute_subnetwork\./)).toBeGreaterThan(guard);
      expect(at(/^google_compute_network\./)).toBe(order.length - 1);
      // Under a Shared VPC, GKE leaves its k8s-fw rules in the host: the step removed them.
      if (teardown.meshConfig.network.hostProject) expect(teardown.calls).toContain(`compute firewall-rules delete k8s-fw-`);
      expect(teardown.calls).toMatch(/gcloud compute network-endpoint-groups delete k8s1-\S+ --zone \S+ --project \S+ --quiet/);
    });

    it('takes Cloud SQL down in order: users and databases, instance, peering, range, VPC', () => {
      if (!teardown.meshConfig.cloudSql.enabled) return;
      const at = (pattern: RegExp) => order.findIndex((line) => pattern.test(line));
      const instance = at(/^google_sql_database_instance\./);
      expect(at(/^google_sql_user\./)).toBeLessThan(instance);
      expect(at(/^google_sql_database\./)).toBeLessThan(instance);
      const peering = at(/private-services_teardown/);
      expect(at(/^google_service_networking_connection\./)).toBeGreaterThan(instance);
      expect(peering).toBeGreaterThan(at(/^google_service_networking_connection\./));
      expect(at(/^google_compute_global_address\./)).toBeGreaterThan(peering);
      expect(teardown.platformRun.output).toMatch(/still using this connection/);
      // The connection went once Cloud SQL let go, within the bound: not through the VPC-side fallback.
      expect(teardown.platformRun.output).toMatch(/deleted the private services access connection/);
      expect(teardown.platformRun.output).not.toMatch(/still held by the producer/);
    });

    it('uninstalls a managed mesh as Google says: manual management and no controlplanerevision before the fleet config goes', () => {
      if (teardown.meshConfig.asm.mode !== 'managed') return;
      const calls = teardown.calls.split('\n');
      for (const cluster of teardown.meshConfig.clusters) {
        expect(calls).toContain(
          `gcloud container fleet mesh update --management manual --memberships ${cluster.name} --location global --project ${teardown.meshConfig.fleetProject}`,
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
    const run = settled(withoutTheSteps).platformRun;
    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(/The subnetwork resource 'projects\/teardown-project\/regions\/us-central1\/subnetworks\/\S+' is already being used by/);
  });
});
