import { NO_RBAC_GROUP_WAIVER, PrivateCluster } from '../../../lib/cluster/private-cluster';
import { waiversIn } from '../../../lib/core/waivers';
import { resourceAt, resources, synth, type SynthJson, testStack } from '../../helpers';
import { BASE, HARDENED_NODE } from './private-cluster-fixture';

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

    it("authorizes no network by default, and never Google's public ranges", () => {
      expect(cluster.master_authorized_networks_config).toEqual({ cidr_blocks: [], gcp_public_cidrs_access_enabled: false });
    });

    it('is VPC-native on the named secondary ranges', () => {
      expect(cluster.networking_mode).toBe('VPC_NATIVE');
      expect(cluster.ip_allocation_policy).toEqual({ cluster_secondary_range_name: 'pods', services_secondary_range_name: 'services' });
    });

    it('follows the REGULAR release channel', () => {
      expect(cluster.release_channel).toEqual({ channel: 'REGULAR' });
    });

    it("uses the project's workload identity pool", () => {
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

    it("registers to its own project's fleet", () => {
      expect(cluster.fleet).toEqual({ project: 'mesh-project' });
    });

    it('has no resource labels unless given', () => {
      expect(cluster.resource_labels).toEqual({});
    });

    it('is protected from deletion', () => {
      expect(cluster.deletion_protection).toBe(true);
    });

    it('has no Google Groups for RBAC unless given, and waives CKV_GCP_65 for it with the reason', () => {
      expect(cluster).not.toHaveProperty('authenticator_groups_config');
      expect(waiversIn(construct).map((entry) => entry.waiver)).toContainEqual(NO_RBAC_GROUP_WAIVER);
    });

    it('ignores node_config and initial_node_count drift, and has no depends_on', () => {
      expect(cluster.lifecycle).toEqual({ ignore_changes: ['node_config', 'initial_node_count'] });
      expect(cluster).not.toHaveProperty('depends_on');
    });

    it('creates one node pool on the cluster, in its location', () => {
      expect(resources(json, 'google_container_node_pool')).toHaveLength(1);
      expect(construct.nodePools).toHaveLength(1);
      const clusterId = Object.keys(json.resource?.google_container_cluster ?? {})[0];
      expect(pool).toMatchObject({
        project: 'mesh-project',
        name_prefix: 'default-',
        location: 'us-central1',
        cluster: `\${google_container_cluster.${clusterId}.id}`,
      });
    });

    it("hardens the pool's nodes: COS containerd, GKE metadata server, shielded, the service account and tags, no legacy endpoints", () => {
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
      expect(pool.lifecycle).toEqual({ create_before_destroy: true, ignore_changes: ['initial_node_count', 'name_prefix'] });
      expect(pool).not.toHaveProperty('name');
    });

    it('auto-repairs and auto-upgrades the pool, surging one node at a time', () => {
      expect(pool.management).toEqual({ auto_repair: true, auto_upgrade: true });
      expect(pool.upgrade_settings).toEqual({ strategy: 'SURGE', max_surge: 1, max_unavailable: 0 });
    });
  });
});
