import { loadConfig } from '../../../src/config/load';
import { buildApp } from '../../../src/stacks/app';
import { REQUIRED_APIS } from '../../../src/stacks/platform-stack';
import { config, newApp, resourceAt, resources, synth, type SynthJson, DEFAULT_FIXTURE } from '../../helpers';

function platformOf(yaml?: string): SynthJson {
  const app = newApp();
  const { platform } = buildApp(app, yaml ? config(yaml) : loadConfig(DEFAULT_FIXTURE));
  return synth(platform);
}

const THREE_CLUSTERS_TWO_REGIONS = `
project: test-project
region: us-central1
clusters:
  - name: one
  - { name: two, location: us-central1-b, privateEndpoint: true }
  - { name: three, location: europe-west4 }
authorizedNetworks:
  - { cidr: 198.51.100.0/24, name: office }
deletionProtection: false
`;

describe('platform stack, default config', () => {
  const json = platformOf();

  it('matches the snapshot', () => {
    expect(json).toMatchSnapshot();
  });

  it('uses only the google provider', () => {
    expect(Object.keys(json.provider ?? {})).toEqual(['google']);
  });

  it('enables every API the app needs, and leaves them on at destroy', () => {
    const services = resources(json, 'google_project_service');
    expect(services.map((s) => s.service)).toEqual([...REQUIRED_APIS].sort());
    for (const api of ['container.googleapis.com', 'compute.googleapis.com', 'gkehub.googleapis.com', 'mesh.googleapis.com']) {
      expect(services).toContainEqual(expect.objectContaining({ service: api, disable_on_destroy: false }));
    }
  });

  it('labels every cluster with mesh_id = proj-<project number> and registers it to the fleet', () => {
    for (const cluster of resources(json, 'google_container_cluster')) {
      expect(cluster.resource_labels).toEqual({ mesh_id: 'proj-${data.google_project.project.number}' });
      expect(cluster.fleet).toEqual({ project: 'my-mesh-project' });
      expect(cluster.deletion_protection).toBe(true);
    }
    expect(json.data?.google_project?.project).toMatchObject({ project_id: 'my-mesh-project' });
  });

  it('gives each cluster its own least-privilege node service account', () => {
    const accounts = resources(json, 'google_service_account').map((a) => a.account_id);
    expect(accounts).toEqual(['gke-asm-cluster-1', 'gke-asm-cluster-2']);
    const pool = resourceAt(json, 'google_container_node_pool', 'cluster-asm-cluster-1/pool-primary');
    expect((pool.node_config as Record<string, unknown>).service_account).toBe('${google_service_account.nodes-asm-cluster-1_account_97AFE8CC.email}');
  });

  it('outputs name, location, endpoint and the get-credentials command per cluster', () => {
    expect(json.output?.cluster_asm_cluster_1.value).toEqual({
      name: 'asm-cluster-1',
      location: 'us-central1',
      endpoint: expect.stringMatching(/^\$\{google_container_cluster\..*\.endpoint\}$/),
      private_endpoint: expect.stringMatching(/private_cluster_config\[0\]\.private_endpoint\}$/),
      get_credentials: 'gcloud container clusters get-credentials asm-cluster-1 --location us-central1 --project my-mesh-project',
    });
  });
});

describe('platform stack, three clusters in two regions', () => {
  const json = platformOf(THREE_CLUSTERS_TWO_REGIONS);
  const clusterNamed = (name: string) => resourceAt(json, 'google_container_cluster', `cluster-${name}/cluster`);

  it("puts each subnet in its cluster's region, with pod and service ranges", () => {
    const subnets = resources(json, 'google_compute_subnetwork');
    expect(subnets.map((s) => [s.name, s.region, s.ip_cidr_range])).toEqual(
      expect.arrayContaining([
        ['asm-mesh-one', 'us-central1', '10.0.0.0/20'],
        ['asm-mesh-two', 'us-central1', '10.0.16.0/20'],
        ['asm-mesh-three', 'europe-west4', '10.0.32.0/20'],
      ]),
    );
    expect(subnets).toHaveLength(3);
    expect(resourceAt(json, 'google_compute_subnetwork', 'network/subnet-asm-mesh-three').secondary_ip_range).toEqual([
      { range_name: 'pods', ip_cidr_range: '10.72.0.0/14' },
      { range_name: 'services', ip_cidr_range: '10.4.32.0/20' },
    ]);
  });

  it('builds a router and NAT in each region used, once', () => {
    expect(
      resources(json, 'google_compute_router')
        .map((r) => [r.name, r.region])
        .sort(),
    ).toEqual([
      ['asm-mesh-europe-west4', 'europe-west4'],
      ['asm-mesh-us-central1', 'us-central1'],
    ]);
    expect(resources(json, 'google_compute_router_nat')).toHaveLength(2);
  });

  it("authorizes the admin networks plus every other cluster's pod range on each control plane", () => {
    const blocks = (name: string) =>
      (clusterNamed(name).master_authorized_networks_config as { cidr_blocks: { cidr_block: string }[] }).cidr_blocks.map((b) => b.cidr_block);
    expect(blocks('one')).toEqual(['198.51.100.0/24', '10.68.0.0/14', '10.72.0.0/14']);
    expect(blocks('two')).toEqual(['198.51.100.0/24', '10.64.0.0/14', '10.72.0.0/14']);
    expect(blocks('three')).toEqual(['198.51.100.0/24', '10.64.0.0/14', '10.68.0.0/14']);
  });

  it('gives every control plane global access, and a private endpoint where configured', () => {
    expect(clusterNamed('one').private_cluster_config).toEqual({
      enable_private_nodes: true,
      enable_private_endpoint: false,
      master_ipv4_cidr_block: '172.16.0.0/28',
      master_global_access_config: { enabled: true },
    });
    expect(clusterNamed('two').private_cluster_config).toMatchObject({ enable_private_endpoint: true, master_ipv4_cidr_block: '172.16.0.16/28' });
    expect(clusterNamed('two').location).toBe('us-central1-b');
    expect(json.output?.cluster_two.value).toMatchObject({
      get_credentials: 'gcloud container clusters get-credentials two --location us-central1-b --project test-project --internal-ip',
    });
  });

  it('opens the webhook port from all three control planes to all nodes', () => {
    const webhook = resourceAt(json, 'google_compute_firewall', 'firewall/control-plane-to-webhooks');
    expect(webhook.source_ranges).toEqual(['172.16.0.0/28', '172.16.0.16/28', '172.16.0.32/28']);
    expect(webhook.target_tags).toEqual(['mesh-one', 'mesh-two', 'mesh-three']);
    expect(webhook.allow).toEqual([{ protocol: 'tcp', ports: ['15017', '15014', '8080'] }]);
  });

  it('opens cross-cluster pod traffic from every pod range and subnet', () => {
    const pods = resourceAt(json, 'google_compute_firewall', 'firewall/cross-cluster-pods');
    expect(pods.source_ranges).toEqual(['10.64.0.0/14', '10.68.0.0/14', '10.72.0.0/14', '10.0.0.0/20', '10.0.16.0/20', '10.0.32.0/20']);
    expect(pods.priority).toBe(900);
  });

  it("tags each cluster's nodes so the firewall rules reach them", () => {
    const pool = resourceAt(json, 'google_container_node_pool', 'cluster-three/pool-primary');
    expect((pool.node_config as { tags: string[] }).tags).toEqual(['mesh-three']);
    expect(pool.location).toBe('europe-west4');
  });

  it('follows deletionProtection from the config', () => {
    for (const cluster of resources(json, 'google_container_cluster')) expect(cluster.deletion_protection).toBe(false);
  });

  it('never sources a firewall rule or authorized network from 0.0.0.0/0', () => {
    const text = JSON.stringify(json);
    expect(text).not.toContain('0.0.0.0/0');
  });
});

describe('node pools from the config', () => {
  it('builds a canary pool next to the original, as a migration would', () => {
    const json = platformOf(`
project: test-project
region: us-central1
clusters:
  - name: one
    nodePools:
      - { name: blue, machineType: e2-standard-4, minNodes: 1, maxNodes: 3 }
      - { name: green, machineType: e2-standard-8, minNodes: 0, maxNodes: 2, imageType: COS_CONTAINERD }
  - name: two
`);
    const green = resourceAt(json, 'google_container_node_pool', 'cluster-one/pool-green');
    expect(green).not.toHaveProperty('name');
    expect(green).toMatchObject({ name_prefix: 'green-', autoscaling: expect.objectContaining({ min_node_count: 0, max_node_count: 2 }) });
    expect(green.node_config).toMatchObject({ machine_type: 'e2-standard-8', image_type: 'COS_CONTAINERD' });
    expect(
      resources(json, 'google_container_node_pool')
        .map((p) => p.name_prefix)
        .sort(),
    ).toEqual(['blue-', 'green-', 'primary-']);
  });
});
