/**
 * Removing a cluster in two steps (docs/cluster-lifecycle.md). Step 1 (`leaveMesh: true`) takes
 * every mesh and workloads resource of the cluster away while its kubernetes provider stays, so
 * Terraform can still destroy them; step 2 deletes the entry, and by then nothing in the mesh or
 * workloads state uses the provider (Terraform refuses a plan whose state names a provider the
 * config lost: "Provider configuration not present", internal/terraform/transform_provider.go).
 * Under the real engine, the platform stack's placement locks refuse a removal or reordering that
 * moves a running cluster's ranges, and accept it once the slots are pinned.
 */
import { buildApp } from '../../../src/stacks/app';
import { config, newApp, resources, synth, type SynthJson } from '../../helpers';
import { synthAll } from '../../app-helpers';
import { cutDown, describeWithTerraform, TerraformWorkdir } from '../../support/terraform-engine';

const mesh = (clusters: string) =>
  `project: test-project\nregion: us-central1\ndeletionProtection: false\nauthorizedNetworks:\n  - { cidr: 203.0.113.0/24, name: admin }\nclusters:\n${clusters}`;
const STEP_0 = mesh('  - name: alpha\n  - name: beta\n  - name: gamma\n');
const STEP_1 = mesh('  - name: alpha\n  - { name: beta, leaveMesh: true }\n  - name: gamma\n');
const STEP_2 = mesh('  - name: alpha\n  - { name: gamma, slot: 2 }\n');

/** Every resource and data source address that names `kubernetes.<alias>` as its provider. */
function usersOf(json: SynthJson, alias: string): string[] {
  const blocks = { ...(json.resource ?? {}), ...(json.data ?? {}) } as Record<string, Record<string, { provider?: string }>>;
  return Object.entries(blocks).flatMap(([type, byName]) =>
    Object.entries(byName)
      .filter(([, block]) => block.provider === `kubernetes.${alias}`)
      .map(([name]) => `${type}.${name}`),
  );
}

const aliases = (json: SynthJson) => ((json.provider as { kubernetes?: { alias: string }[] }).kubernetes ?? []).map((provider) => provider.alias);
const mentions = (json: SynthJson, text: string) => JSON.stringify(json.resource ?? {}).includes(text);

/** Each step's stacks, synthesized once for both the stacks' tests and the engine's. */
const STEPS = new Map([STEP_0, STEP_1, STEP_2].map((yaml) => [yaml, synthAll(config(yaml))]));

describe('removing a cluster in two steps', () => {
  const [step0, step1, step2] = [STEP_0, STEP_1, STEP_2].map((yaml) => STEPS.get(yaml)!);
  const betaPods = config(STEP_0).clusters[1].podCidr;

  it('starts with beta in every stack', () => {
    for (const stack of [step0.mesh, step0.workloads]) expect(usersOf(stack, 'beta').length).toBeGreaterThan(0);
  });

  it('step 1: beta keeps its provider in mesh and workloads, but nothing there uses it', () => {
    for (const stack of [step1.mesh, step1.workloads]) {
      expect(aliases(stack)).toContain('beta');
      expect(usersOf(stack, 'beta')).toEqual([]);
    }
    // No remote secret, install, restart or mode lock of beta or for it, in any cluster.
    expect(mentions(step1.mesh, 'beta')).toBe(false);
    expect(mentions(step1.workloads, 'beta')).toBe(false);
    expect(mentions(step1.workloads, betaPods)).toBe(false);
  });

  it("step 1: the platform keeps beta running, out of the others' peering and the mesh firewall", () => {
    const clusters = resources(step1.platform, 'google_container_cluster') as {
      name: string;
      master_authorized_networks_config: { cidr_blocks: { cidr_block: string }[] };
    }[];
    expect(clusters.map((cluster) => cluster.name)).toEqual(['alpha', 'beta', 'gamma']);
    for (const cluster of clusters) expect(cluster.master_authorized_networks_config.cidr_blocks.map((block) => block.cidr_block)).not.toContain(betaPods);
    const firewalls = JSON.stringify(resources(step1.platform, 'google_compute_firewall'));
    expect(firewalls).not.toContain(betaPods);
    expect(firewalls).not.toContain('mesh-beta');
    expect(JSON.stringify(resources(step0.platform, 'google_compute_firewall'))).toContain(betaPods);
    expect(JSON.stringify(resources(step0.platform, 'google_compute_firewall'))).toContain('mesh-beta');
  });

  it('step 2: the provider is gone and so is the cluster; the others keep their resources', () => {
    for (const stack of [step2.mesh, step2.workloads]) expect(aliases(stack)).toEqual(['alpha', 'gamma']);
    expect(resources(step2.platform, 'google_container_cluster').map((cluster) => cluster.name)).toEqual(['alpha', 'gamma']);
    for (const stack of ['mesh', 'workloads'] as const) expect(usersOf(step2[stack], 'gamma')).toEqual(usersOf(step1[stack], 'gamma'));
  });

  it("keeps gamma's sample version through the removal", () => {
    const helloworldIn = (json: SynthJson) =>
      (resources(json, 'kubernetes_deployment_v1') as { provider: string; metadata: { name: string } }[])
        .filter((deployment) => deployment.provider === 'kubernetes.gamma' && deployment.metadata.name.startsWith('helloworld-'))
        .map((deployment) => deployment.metadata.name);
    expect(helloworldIn(step0.workloads)).toEqual(['helloworld-v1']);
    expect(helloworldIn(step2.workloads)).toEqual(['helloworld-v1']);
  });
});

/** The platform stack's placement locks alone: its other terraform_data (the teardown step) has nothing to do here. */
function platformLocks(yaml: string) {
  const json = STEPS.get(yaml)?.platform ?? synth(buildApp(newApp(), config(yaml)).platform);
  const locks = Object.fromEntries(Object.entries(json.resource?.terraform_data ?? {}).filter(([address]) => address.startsWith('placement-lock-')));
  return cutDown({ ...json, resource: { ...json.resource, terraform_data: locks } }, new Map());
}

describeWithTerraform('removing and reordering clusters under the real Terraform engine', () => {
  const workdir = new TerraformWorkdir({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' });
  afterAll(() => workdir.remove());
  const apply = (yaml: string) => workdir.apply(platformLocks(yaml));

  it('refuses a removal that moves a later cluster, names the slot to pin, and accepts the pinned one', () => {
    expect(apply(STEP_0).status).toBe(0);
    expect(apply(STEP_1).output).toMatch(/No changes/);

    const unpinned = apply(mesh('  - name: alpha\n  - name: gamma\n'));
    expect(unpinned.status).not.toBe(0);
    const said = unpinned.output.replace(/\s+/g, ' ');
    expect(said).toContain('clusters[name=gamma].masterCidr: the running cluster has 172.16.0.32/28 (slot 2), the config now gives 172.16.0.16/28');
    expect(said).toContain('set its slot: 2');
    expect(said).not.toContain('clusters[name=alpha]');

    const pinned = apply(STEP_2);
    expect(pinned.status).toBe(0);
    expect(pinned.output).toMatch(/placement-lock-beta_record_\w+: Destruction complete/);
    expect(pinned.output).toMatch(/0 added, 0 changed, 2 destroyed/);
  }, 120_000);

  it('refuses a reordering until the slots are pinned', () => {
    expect(apply(mesh('  - { name: gamma, slot: 2 }\n  - name: alpha\n')).status).not.toBe(0);
    const reordered = apply(mesh('  - { name: gamma, slot: 2 }\n  - { name: alpha, slot: 0 }\n'));
    expect(reordered.status).toBe(0);
    expect(reordered.output).toMatch(/No changes/);
  }, 120_000);
});
