import { TerraformStack } from 'cdktf';
import { NodeServiceAccount } from '../../lib/node-service-account';
import { PrivateCluster, PrivateClusterProps } from '../../lib/private-cluster';
import { ProjectServices } from '../../lib/project-services';
import { resourceAt, resources, scope, synth, SynthJson, testStack } from '../helpers';

const BASE: PrivateClusterProps = {
  project: 'mesh-project',
  name: 'alpha',
  location: 'us-central1',
  network: 'projects/mesh-project/global/networks/mesh',
  subnetwork: 'projects/mesh-project/regions/us-central1/subnetworks/alpha',
  podRangeName: 'pods',
  serviceRangeName: 'services',
  masterCidr: '172.16.0.0/28',
  nodeServiceAccount: 'mesh-alpha-nodes@mesh-project.iam.gserviceaccount.com',
  nodeTags: ['mesh-alpha'],
  nodePools: [{ name: 'default' }],
};

const HARDENED_NODE = {
  oauth_scopes: ['https://www.googleapis.com/auth/cloud-platform'],
  workload_metadata_config: { mode: 'GKE_METADATA' },
  shielded_instance_config: { enable_secure_boot: true, enable_integrity_monitoring: true },
  metadata: { 'disable-legacy-endpoints': 'true' },
};

describe('PrivateCluster', () => {
  describe('with defaults', () => {
    let construct: PrivateCluster;
    let json: SynthJson;
    let cluster: Record<string, unknown>;
    let pool: Record<string, unknown>;

    beforeAll(() => {
      const stack = testStack();
      construct = new PrivateCluster(stack, 'alpha', BASE);
      json = synth(stack);
      cluster = resourceAt(json, 'google_container_cluster', 'alpha/cluster');
      pool = resourceAt(json, 'google_container_node_pool', 'alpha/pool-default');
    });

    it('creates one cluster in the project, location, network and subnetwork', () => {
      expect(resources(json, 'google_container_cluster')).toHaveLength(1);
      expect(cluster).toMatchObject({
        project: 'mesh-project',
        name: 'alpha',
        location: 'us-central1',
        network: 'projects/mesh-project/global/networks/mesh',
        subnetwork: 'projects/mesh-project/regions/us-central1/subnetworks/alpha',
      });
      expect(construct.name).toBe('alpha');
      expect(construct.location).toBe('us-central1');
    });

    it('has private nodes, a public endpoint by default, and a globally reachable control plane on its /28', () => {
      expect(cluster.private_cluster_config).toEqual({
        enable_private_nodes: true,
        enable_private_endpoint: false,
        master_ipv4_cidr_block: '172.16.0.0/28',
        master_global_access_config: { enabled: true },
      });
    });

    it('authorizes no network by default, and never Google\'s public ranges', () => {
      expect(cluster.master_authorized_networks_config).toEqual({ cidr_blocks: [], gcp_public_cidrs_access_enabled: false });
    });

    it('is VPC-native on the named secondary ranges', () => {
      expect(cluster.networking_mode).toBe('VPC_NATIVE');
      expect(cluster.ip_allocation_policy).toEqual({ cluster_secondary_range_name: 'pods', services_secondary_range_name: 'services' });
    });

    it('follows the REGULAR release channel', () => {
      expect(cluster.release_channel).toEqual({ channel: 'REGULAR' });
    });

    it('uses the project\'s workload identity pool', () => {
      expect(cluster.workload_identity_config).toEqual({ workload_pool: 'mesh-project.svc.id.goog' });
    });

    it('runs Dataplane V2 with the Calico network policy off', () => {
      expect(cluster.datapath_provider).toBe('ADVANCED_DATAPATH');
      expect(cluster.network_policy).toEqual({ enabled: false, provider: 'PROVIDER_UNSPECIFIED' });
      expect(cluster.addons_config).toEqual({
        http_load_balancing: { disabled: false },
        horizontal_pod_autoscaling: { disabled: false },
        network_policy_config: { disabled: true },
        gce_persistent_disk_csi_driver_config: { enabled: true },
      });
    });

    it('is hardened: shielded nodes, intranode visibility, no legacy ABAC, no client certificate, binary authorization', () => {
      expect(cluster.enable_shielded_nodes).toBe(true);
      expect(cluster.enable_intranode_visibility).toBe(true);
      expect(cluster.enable_legacy_abac).toBe(false);
      expect(cluster.master_auth).toEqual({ client_certificate_config: { issue_client_certificate: false } });
      expect(cluster.binary_authorization).toEqual({ evaluation_mode: 'PROJECT_SINGLETON_POLICY_ENFORCE' });
    });

    it('logs system and workload components, monitors with managed Prometheus, and has a weekend maintenance window', () => {
      expect(cluster.logging_config).toEqual({ enable_components: ['SYSTEM_COMPONENTS', 'WORKLOADS'] });
      expect(cluster.monitoring_config).toEqual({ enable_components: ['SYSTEM_COMPONENTS'], managed_prometheus: { enabled: true } });
      expect(cluster.maintenance_policy).toEqual({
        recurring_window: { start_time: '2024-01-06T02:00:00Z', end_time: '2024-01-06T08:00:00Z', recurrence: 'FREQ=WEEKLY;BYDAY=SA,SU' },
      });
    });

    it('removes the default pool, which still boots hardened with the dedicated service account', () => {
      expect(cluster.remove_default_node_pool).toBe(true);
      expect(cluster.initial_node_count).toBe(1);
      expect(cluster.node_config).toEqual({
        ...HARDENED_NODE,
        image_type: 'COS_CONTAINERD',
        service_account: 'mesh-alpha-nodes@mesh-project.iam.gserviceaccount.com',
        tags: ['mesh-alpha'],
        resource_labels: {},
      });
    });

    it('registers to its own project\'s fleet', () => {
      expect(cluster.fleet).toEqual({ project: 'mesh-project' });
    });

    it('has no resource labels unless given', () => {
      expect(cluster.resource_labels).toEqual({});
    });

    it('is protected from deletion', () => {
      expect(cluster.deletion_protection).toBe(true);
    });

    it('ignores node_config and initial_node_count drift, and has no depends_on', () => {
      expect(cluster.lifecycle).toEqual({ ignore_changes: ['node_config', 'initial_node_count'] });
      expect(cluster).not.toHaveProperty('depends_on');
    });

    it('creates one node pool on the cluster, in its location', () => {
      expect(resources(json, 'google_container_node_pool')).toHaveLength(1);
      expect(construct.nodePools).toHaveLength(1);
      const clusterId = Object.keys(json.resource?.google_container_cluster ?? {})[0];
      expect(pool).toMatchObject({ project: 'mesh-project', name: 'default', location: 'us-central1', cluster: `\${google_container_cluster.${clusterId}.id}` });
    });

    it('hardens the pool\'s nodes: COS containerd, GKE metadata server, shielded, the service account and tags, no legacy endpoints', () => {
      expect(pool.node_config).toEqual({
        ...HARDENED_NODE,
        image_type: 'COS_CONTAINERD',
        machine_type: 'e2-standard-4',
        disk_type: 'pd-balanced',
        disk_size_gb: 100,
        labels: { 'mesh-node-pool': 'default' },
        service_account: 'mesh-alpha-nodes@mesh-project.iam.gserviceaccount.com',
        tags: ['mesh-alpha'],
        resource_labels: {},
      });
    });

    it('autoscales the pool from 1 to 3 nodes per zone, starting at the minimum', () => {
      expect(pool.autoscaling).toEqual({ min_node_count: 1, max_node_count: 3, location_policy: 'BALANCED' });
      expect(pool.initial_node_count).toBe(1);
      expect(pool.lifecycle).toEqual({ ignore_changes: ['initial_node_count'] });
    });

    it('auto-repairs and auto-upgrades the pool, surging one node at a time', () => {
      expect(pool.management).toEqual({ auto_repair: true, auto_upgrade: true });
      expect(pool.upgrade_settings).toEqual({ strategy: 'SURGE', max_surge: 1, max_unavailable: 0 });
    });
  });

  describe('with every option set', () => {
    let json: SynthJson;
    let cluster: Record<string, unknown>;
    let serviceAccountRef: string;
    let apisRef: string;

    beforeAll(() => {
      const stack: TerraformStack = testStack();
      const apis = new ProjectServices(stack, 'apis', { project: 'mesh-project', services: ['container.googleapis.com'] });
      const nodes = new NodeServiceAccount(stack, 'nodes', { project: 'mesh-project', accountId: 'mesh-beta-nodes' });
      new PrivateCluster(stack, 'beta', {
        ...BASE,
        name: 'beta',
        location: 'europe-west4-b',
        masterCidr: '172.16.0.16/28',
        authorizedNetworks: [
          { cidr: '203.0.113.0/24', displayName: 'admin' },
          { cidr: '10.64.0.0/14', displayName: 'alpha-pods' },
        ],
        privateEndpoint: true,
        nodeServiceAccount: nodes.email,
        nodeTags: ['mesh-beta', 'mesh'],
        nodePools: [
          { name: 'small', minNodes: 0, maxNodes: 1 },
          { name: 'big', machineType: 'n2-standard-8', minNodes: 2, maxNodes: 10, imageType: 'UBUNTU_CONTAINERD' },
        ],
        labels: { mesh_id: 'proj-123456' },
        releaseChannel: 'STABLE',
        fleetProject: 'fleet-host',
        deletionProtection: false,
        dependsOn: [...apis.enabled],
      });
      json = synth(stack);
      cluster = resourceAt(json, 'google_container_cluster', 'beta/cluster');
      serviceAccountRef = `google_service_account.${Object.keys(json.resource?.google_service_account ?? {})[0]}`;
      apisRef = `google_project_service.${Object.keys(json.resource?.google_project_service ?? {})[0]}`;
    });

    it('serves the control plane on its private endpoint only', () => {
      expect(cluster.private_cluster_config).toEqual({
        enable_private_nodes: true,
        enable_private_endpoint: true,
        master_ipv4_cidr_block: '172.16.0.16/28',
        master_global_access_config: { enabled: true },
      });
    });

    it('authorizes exactly the given networks, in order', () => {
      expect(cluster.master_authorized_networks_config).toEqual({
        cidr_blocks: [
          { cidr_block: '203.0.113.0/24', display_name: 'admin' },
          { cidr_block: '10.64.0.0/14', display_name: 'alpha-pods' },
        ],
        gcp_public_cidrs_access_enabled: false,
      });
    });

    it('takes the release channel, fleet project, deletion protection and dependencies', () => {
      expect(cluster.release_channel).toEqual({ channel: 'STABLE' });
      expect(cluster.fleet).toEqual({ project: 'fleet-host' });
      expect(cluster.deletion_protection).toBe(false);
      expect(cluster.depends_on).toEqual([apisRef]);
      expect(cluster.location).toBe('europe-west4-b');
    });

    it('keeps the workload pool in the cluster\'s project, not the fleet project', () => {
      expect(cluster.workload_identity_config).toEqual({ workload_pool: 'mesh-project.svc.id.goog' });
    });

    it('labels the cluster and every node with the mesh ID', () => {
      expect(cluster.resource_labels).toEqual({ mesh_id: 'proj-123456' });
      expect((cluster.node_config as Record<string, unknown>).resource_labels).toEqual({ mesh_id: 'proj-123456' });
      for (const pool of resources(json, 'google_container_node_pool')) {
        expect((pool.node_config as Record<string, unknown>).resource_labels).toEqual({ mesh_id: 'proj-123456' });
      }
    });

    it('runs every node as the given service account, with every tag', () => {
      for (const nodeConfig of [cluster.node_config, ...resources(json, 'google_container_node_pool').map((pool) => pool.node_config)]) {
        expect(nodeConfig).toMatchObject({ ...HARDENED_NODE, service_account: `\${${serviceAccountRef}.email}`, tags: ['mesh-beta', 'mesh'] });
      }
    });

    it('creates each pool with its machine type, image, and autoscaling bounds', () => {
      expect(resources(json, 'google_container_node_pool')).toHaveLength(2);
      const small = resourceAt(json, 'google_container_node_pool', 'beta/pool-small');
      const big = resourceAt(json, 'google_container_node_pool', 'beta/pool-big');
      expect(small).toMatchObject({ name: 'small', location: 'europe-west4-b', initial_node_count: 0 });
      expect(small.autoscaling).toEqual({ min_node_count: 0, max_node_count: 1, location_policy: 'BALANCED' });
      expect(small.node_config).toMatchObject({ machine_type: 'e2-standard-4', image_type: 'COS_CONTAINERD', labels: { 'mesh-node-pool': 'small' } });
      expect(big).toMatchObject({ name: 'big', location: 'europe-west4-b', initial_node_count: 2 });
      expect(big.autoscaling).toEqual({ min_node_count: 2, max_node_count: 10, location_policy: 'BALANCED' });
      expect(big.node_config).toMatchObject({ machine_type: 'n2-standard-8', image_type: 'UBUNTU_CONTAINERD', labels: { 'mesh-node-pool': 'big' } });
      for (const pool of [small, big]) expect(pool.management).toEqual({ auto_repair: true, auto_upgrade: true });
    });

    it('keeps the default pool on COS whatever the pools use', () => {
      expect((cluster.node_config as Record<string, unknown>).image_type).toBe('COS_CONTAINERD');
    });
  });

  describe('validation', () => {
    const build = (overrides: Partial<PrivateClusterProps>) => () => new PrivateCluster(scope(), 'cluster', { ...BASE, ...overrides });

    it('accepts the base props', () => {
      expect(build({})).not.toThrow();
    });

    it('refuses a public authorized range on a private endpoint, naming the entry and the cluster', () => {
      const authorizedNetworks = [{ cidr: '10.8.0.0/24', displayName: 'vpn' }, { cidr: '34.120.0.0/16', displayName: 'office' }];
      expect(build({ authorizedNetworks, privateEndpoint: true })).toThrow(
        /^PrivateCluster: props\.authorizedNetworks\[1\]\.cidr is refused: 34\.120\.0\.0\/16 is not an internal range, and cluster \S+ has privateEndpoint: true/,
      );
      expect(build({ authorizedNetworks, privateEndpoint: false })).not.toThrow();
      expect(build({ authorizedNetworks: [authorizedNetworks[0]], privateEndpoint: true })).not.toThrow();
    });

    it.each(['', 'Alpha', '1alpha', 'alpha-', 'alpha_1', 'a'.repeat(41)])('refuses name %j', (name) => {
      expect(build({ name })).toThrow(new Error(`PrivateCluster: props.name must be an RFC 1035 label of at most 40 characters, got "${name}"`));
    });

    it.each(['a', 'alpha-2', 'a'.repeat(40)])('accepts name %j', (name) => {
      expect(build({ name })).not.toThrow();
    });

    it.each([
      ['172.16.0.0/24', 'must be a /28, got "172.16.0.0/24"'],
      ['172.16.0.0/29', 'must be a /28, got "172.16.0.0/29"'],
      ['172.16.0.8/28', '"172.16.0.8/28" has host bits set; the network address is 172.16.0.0/28'],
      ['172.16.0.0', '"172.16.0.0" is not an IPv4 CIDR (expected a.b.c.d/n)'],
      ['172.16/28', '"172.16/28" is not an IPv4 CIDR (bad address "172.16")'],
    ])('refuses masterCidr %j', (masterCidr, problem) => {
      expect(build({ masterCidr })).toThrow(new Error(`PrivateCluster: props.masterCidr ${problem}`));
    });

    it.each(['172.16.0.16/28', '192.168.255.240/28'])('accepts masterCidr %j', (masterCidr) => {
      expect(build({ masterCidr })).not.toThrow();
    });

    it('refuses no node pools', () => {
      expect(build({ nodePools: [] })).toThrow(new Error('PrivateCluster: props.nodePools must list at least one pool'));
    });

    it('refuses no node tags', () => {
      expect(build({ nodeTags: [] })).toThrow(new Error('PrivateCluster: props.nodeTags must list at least one tag'));
    });

    it('refuses the Compute Engine default service account', () => {
      expect(build({ nodeServiceAccount: '123456789012-compute@developer.gserviceaccount.com' })).toThrow(
        new Error('PrivateCluster: props.nodeServiceAccount must not be the Compute Engine default service account'),
      );
    });

    it.each(['default@mesh-project.iam.gserviceaccount.com', 'compute@mesh-project.iam.gserviceaccount.com'])('accepts the service account %j', (nodeServiceAccount) => {
      expect(build({ nodeServiceAccount })).not.toThrow();
    });

    it.each([
      ['0.0.0.0/0', 'must not be broader than /8, got "0.0.0.0/0"'],
      ['0.0.0.0/1', 'must not be broader than /8, got "0.0.0.0/1"'],
      ['8.0.0.0/7', 'must not be broader than /8, got "8.0.0.0/7"'],
      ['203.0.113.1/24', '"203.0.113.1/24" has host bits set; the network address is 203.0.113.0/24'],
      ['203.0.113/24', '"203.0.113/24" is not an IPv4 CIDR (bad address "203.0.113")'],
    ])('refuses authorized network %j, naming its index', (cidr, problem) => {
      expect(build({ authorizedNetworks: [{ cidr: '198.51.100.0/24', displayName: 'ok' }, { cidr, displayName: 'bad' }] })).toThrow(
        new Error(`PrivateCluster: props.authorizedNetworks[1].cidr ${problem}`),
      );
    });

    it.each(['10.0.0.0/8', '203.0.113.7/32'])('accepts authorized network %j', (cidr) => {
      expect(build({ authorizedNetworks: [{ cidr, displayName: 'ok' }] })).not.toThrow();
    });

    it.each(['', 'Big', 'big_pool', 'big-', 'a'.repeat(41)])('refuses pool name %j, naming its index', (name) => {
      expect(build({ nodePools: [{ name: 'default' }, { name }] })).toThrow(
        new Error(`PrivateCluster: props.nodePools[1].name must be an RFC 1035 label of at most 40 characters, got "${name}"`),
      );
    });

    it('accepts a 40-character pool name', () => {
      expect(build({ nodePools: [{ name: 'a'.repeat(40) }] })).not.toThrow();
    });

    it.each(['COS', 'UBUNTU', 'cos_containerd', 'WINDOWS_LTSC_CONTAINERD'])('refuses imageType %j', (imageType) => {
      expect(build({ nodePools: [{ name: 'default' }, { name: 'other', imageType }] })).toThrow(
        new Error(`PrivateCluster: props.nodePools[1].imageType must be a containerd image (COS_CONTAINERD, UBUNTU_CONTAINERD), got "${imageType}"`),
      );
    });

    it.each(['COS_CONTAINERD', 'UBUNTU_CONTAINERD'])('accepts imageType %j', (imageType) => {
      expect(build({ nodePools: [{ name: 'default', imageType }] })).not.toThrow();
    });

    it.each([
      [{ minNodes: 4 }, 'must not be greater than maxNodes (3), got 4'],
      [{ minNodes: 2, maxNodes: 1 }, 'must not be greater than maxNodes (1), got 2'],
    ])('refuses minNodes above maxNodes (%j), defaults included', (bounds, problem) => {
      expect(build({ nodePools: [{ name: 'default' }, { name: 'other', ...bounds }] })).toThrow(new Error(`PrivateCluster: props.nodePools[1].minNodes ${problem}`));
    });

    it.each([[{ minNodes: 3 }], [{ maxNodes: 1 }], [{ minNodes: 5, maxNodes: 5 }], [{ minNodes: 0, maxNodes: 1 }]])('accepts bounds %j', (bounds) => {
      expect(build({ nodePools: [{ name: 'default', ...bounds }] })).not.toThrow();
    });

    it.each([
      [{ minNodes: -1, maxNodes: 0 }, 'props.nodePools[0].minNodes must be a whole number >= 0, got -1'],
      [{ minNodes: 1.5 }, 'props.nodePools[0].minNodes must be a whole number >= 0, got 1.5'],
      [{ minNodes: 0, maxNodes: 0 }, 'props.nodePools[0].maxNodes must be a whole number >= 1, got 0'],
      [{ maxNodes: 2.5 }, 'props.nodePools[0].maxNodes must be a whole number >= 1, got 2.5'],
    ])('refuses node counts %j', (bounds, message) => {
      expect(build({ nodePools: [{ name: 'default', ...bounds }] })).toThrow(new Error(`PrivateCluster: ${message}`));
    });

    it('refuses duplicate pool names by prop, not with a construct-tree error', () => {
      expect(build({ nodePools: [{ name: 'a' }, { name: 'a' }] })).toThrow(new Error('PrivateCluster: props.nodePools must have unique names, got a, a'));
    });

    it('refuses a node tag that is not an RFC 1035 label', () => {
      expect(build({ nodeTags: ['Bad Tag!'] })).toThrow(new Error('PrivateCluster: props.nodeTags[0] must be an RFC 1035 label of at most 63 characters, got "Bad Tag!"'));
    });
  });
});
