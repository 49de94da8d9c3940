/**
 * clusters[].autopilot and clusters[].releaseChannel, from the config to what each stack writes:
 * Autopilot clusters private, on a channel, in the fleet and the mesh; every combination Autopilot
 * cannot run refused with one line naming the field; the channel's injection label per cluster.
 */
import * as path from 'path';
import { parseConfig, loadConfig } from '../../../src/config/load';
import { REPO_ROOT, resources } from '../../helpers';
import { synthAll } from '../../app-helpers';

const MIXED = path.join(REPO_ROOT, 'examples', 'mixed-autopilot.yaml');

function managed(clusters: string, extra = ''): string {
  return `project: test-project\nregion: us-central1\nclusters:\n${clusters}\nasm: { mode: managed }\n${extra}`;
}

function problemsOf(yaml: string): string[] {
  try {
    parseConfig(yaml, { source: 'test.yaml', baseDir: REPO_ROOT });
  } catch (error) {
    return (error as Error).message
      .split('\n')
      .slice(1)
      .map((line) => line.trim());
  }
  return [];
}

describe('Autopilot clusters and release channels', () => {
  const config = loadConfig(MIXED);
  const stacks = synthAll(config);
  const clusters = resources(stacks.platform, 'google_container_cluster');
  const byName = new Map(clusters.map((cluster) => [cluster.name as string, cluster]));

  it('synthesizes a managed mesh of Standard and Autopilot clusters in two regions', () => {
    expect(config.clusters.map((cluster) => [cluster.name, cluster.region, cluster.autopilot])).toEqual([
      ['asm-us-std', 'us-central1', false],
      ['asm-us-ap', 'us-central1', true],
      ['asm-eu-std', 'europe-west4', false],
      ['asm-eu-ap', 'europe-west4', true],
    ]);
    expect(config.clusters.find((cluster) => cluster.autopilot)!.nodePools).toEqual([]);
    expect(resources(stacks.platform, 'google_container_node_pool')).toHaveLength(2);
  });

  it('makes every Autopilot cluster private, on its channel, in the fleet, with a dedicated node service account', () => {
    for (const name of ['asm-us-ap', 'asm-eu-ap']) {
      const cluster = byName.get(name)!;
      expect(cluster.enable_autopilot).toBe(true);
      expect(cluster.private_cluster_config).toMatchObject({ enable_private_nodes: true, master_global_access_config: { enabled: true } });
      expect(cluster.fleet).toEqual({ project: 'my-mesh-project' });
      expect(cluster.resource_labels).toHaveProperty('mesh_id');
      expect(
        String((cluster.cluster_autoscaling as { auto_provisioning_defaults: { service_account: string } }).auto_provisioning_defaults.service_account),
      ).toMatch(/google_service_account\.nodes-asm-(us|eu)-ap_account_\w+\.email/);
      // Same access as the Standard clusters: admin networks plus every peer's pod range.
      const authorized = (cluster.master_authorized_networks_config as { cidr_blocks: { cidr_block: string }[] }).cidr_blocks.map((entry) => entry.cidr_block);
      expect(authorized).toEqual(['203.0.113.0/24', ...config.clusters.filter((peer) => peer.name !== name).map((peer) => peer.podCidr)]);
    }
    expect(byName.get('asm-eu-ap')!.release_channel).toEqual({ channel: 'RAPID' });
    expect(byName.get('asm-us-ap')!.release_channel).toEqual({ channel: 'REGULAR' });
    expect(byName.get('asm-eu-std')!.release_channel).toEqual({ channel: 'STABLE' });
  });

  it('puts every cluster in the mesh', () => {
    const memberships = resources(stacks.mesh, 'google_gke_hub_feature_membership');
    expect(memberships).toHaveLength(4);
  });

  it("labels each cluster's namespaces for its own channel", () => {
    expect(config.clusters.map((cluster) => [cluster.name, cluster.revision])).toEqual([
      ['asm-us-std', 'asm-managed'],
      ['asm-us-ap', 'asm-managed'],
      ['asm-eu-std', 'asm-managed-stable'],
      ['asm-eu-ap', 'asm-managed-rapid'],
    ]);
    const sampleNamespaces = resources(stacks.workloads, 'kubernetes_namespace_v1').filter(
      (namespace) => (namespace.metadata as { name: string }).name === config.sample.namespace,
    );
    const labels = sampleNamespaces.map((namespace) => (namespace.metadata as { labels: Record<string, string> }).labels['istio.io/rev']);
    expect(labels.sort()).toEqual(['asm-managed', 'asm-managed', 'asm-managed-rapid', 'asm-managed-stable']);
    // No one label for the mesh: the revision output names each cluster's.
    expect(config.asm.revision).toBe('');
    expect((stacks.mesh.output as Record<string, { value: unknown }>).revision.value).toEqual({
      'asm-us-std': 'asm-managed',
      'asm-us-ap': 'asm-managed',
      'asm-eu-std': 'asm-managed-stable',
      'asm-eu-ap': 'asm-managed-rapid',
    });
  });

  it('locks a named channel of a managed cluster, and leaves REGULAR clusters’ locks as they were', () => {
    // The mode locks' records: the only terraform_data whose input names both a cluster and a mode.
    const records = resources(stacks.mesh, 'terraform_data').filter((data) => {
      const input = data.input as { cluster?: string; mode?: string } | undefined;
      return input?.cluster !== undefined && input.mode !== undefined;
    });
    const byCluster = (input: unknown) => (input as { cluster: string }).cluster;
    const inputs = records.map((record) => record.input).sort((a, b) => byCluster(a).localeCompare(byCluster(b)));
    expect(inputs).toEqual([
      { cluster: 'asm-eu-ap', mode: 'managed', channel: 'RAPID' },
      { cluster: 'asm-eu-std', mode: 'managed', channel: 'STABLE' },
      { cluster: 'asm-us-ap', mode: 'managed' },
      { cluster: 'asm-us-std', mode: 'managed' },
    ]);
  });

  it('names no channel: REGULAR and asm-managed everywhere, as before', () => {
    const plain = parseConfig(managed('  - name: alpha\n  - name: beta'), { source: 'test.yaml', baseDir: REPO_ROOT });
    expect(plain.clusters.map((cluster) => [cluster.releaseChannel, cluster.revision, cluster.autopilot])).toEqual([
      ['REGULAR', 'asm-managed', false],
      ['REGULAR', 'asm-managed', false],
    ]);
    expect(plain.asm.revision).toBe('asm-managed');
  });

  it.each([
    [
      'in-cluster mode',
      `project: p-roject\nregion: us-central1\nclusters:\n  - { name: alpha, autopilot: true }\n  - name: beta\nasm: { mode: in-cluster }\n`,
      'clusters[0].autopilot: needs asm.mode: managed; Cloud Service Mesh supports Autopilot only with the Google-managed control plane, not with in-cluster istiod',
    ],
    [
      'node pools',
      managed('  - name: alpha\n    autopilot: true\n    nodePools: [{ name: primary }]\n  - name: beta'),
      'clusters[0].nodePools: is refused on an Autopilot cluster: GKE creates and manages its nodes; remove nodePools',
    ],
    [
      'a zone',
      managed('  - { name: alpha, autopilot: true, location: us-central1-a }\n  - name: beta'),
      'clusters[0].location: "us-central1-a" is a zone; Autopilot clusters are regional: give a region, or leave it out',
    ],
    [
      'the Prisma Cloud Defender',
      managed(
        '  - { name: alpha, autopilot: true }\n  - name: beta',
        'prismaCloud: { enabled: true, consoleAddress: "https://console.example.com", defenderImage: "registry.example.com/defender:1" }\n',
      ),
      "prismaCloud.enabled: is refused with Autopilot clusters (alpha): the Defender DaemonSet is privileged and uses host namespaces, which Autopilot admits only for Prisma's own Autopilot deployment through an allowlist (see docs/autopilot.md)",
    ],
    [
      'an unknown channel',
      managed('  - { name: alpha, releaseChannel: EXTENDED }\n  - name: beta'),
      'clusters[0].releaseChannel: must be one of RAPID, REGULAR, STABLE, got "EXTENDED"',
    ],
  ])('refuses Autopilot with %s, in one line naming the field', (_what, yaml, expected) => {
    const problems = problemsOf(yaml);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toBe(`- ${expected}`);
  });

  it('accepts the same clusters without the refused parts', () => {
    expect(problemsOf(managed('  - { name: alpha, autopilot: true }\n  - name: beta'))).toEqual([]);
    expect(problemsOf(managed('  - { name: alpha, autopilot: false, nodePools: [{ name: primary }], location: us-central1-a }\n  - name: beta'))).toEqual([]);
  });
});
