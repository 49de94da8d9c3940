import { type TerraformStack } from 'cdktf';
import { NodeServiceAccount } from '../../../lib/cluster/node-service-account';
import { nodePoolNamePrefix, PrivateCluster } from '../../../lib/cluster/private-cluster';
import { waiversIn } from '../../../lib/core/waivers';
import { ProjectServices } from '../../../lib/project/project-services';
import { resourceAt, resources, synth, type SynthJson, testStack } from '../../helpers';
import { BASE, HARDENED_NODE } from './private-cluster-fixture';

describe('PrivateCluster', () => {
  describe('with every option set', () => {
    let json: SynthJson;
    let cluster: Record<string, unknown>;
    let serviceAccountRef: string;
    let apisRef: string;
    let stack: TerraformStack;

    beforeAll(() => {
      stack = testStack();
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
        rbacSecurityGroup: 'gke-security-groups@example.com',
        dependsOn: [...apis.enabled],
      });
      json = synth(stack);
      cluster = resourceAt(json, 'google_container_cluster', 'beta/cluster');
      serviceAccountRef = `google_service_account.${Object.keys(json.resource?.google_service_account ?? {})[0]}`;
      apisRef = `google_project_service.${Object.keys(json.resource?.google_project_service ?? {})[0]}`;
    });

    it('turns on Google Groups for RBAC with the group checkov CKV_GCP_65 reads (authenticator_groups_config.security_group), and waives nothing for it', () => {
      // checkov/terraform/checks/resource/gcp/GKEKubernetesRBACGoogleGroups.py
      expect(cluster.authenticator_groups_config).toEqual({ security_group: 'gke-security-groups@example.com' });
      expect(waiversIn(stack).map((entry) => entry.waiver.rule)).not.toContainEqual(expect.stringContaining('CKV_GCP_65'));
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

    it("keeps the workload pool in the cluster's project, not the fleet project", () => {
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
      expect(small).toMatchObject({ name_prefix: 'small-', location: 'europe-west4-b', initial_node_count: 0 });
      expect(small.autoscaling).toEqual({ min_node_count: 0, max_node_count: 1, location_policy: 'BALANCED' });
      expect(small.node_config).toMatchObject({ machine_type: 'e2-standard-4', image_type: 'COS_CONTAINERD', labels: { 'mesh-node-pool': 'small' } });
      expect(big).toMatchObject({ name_prefix: 'big-', location: 'europe-west4-b', initial_node_count: 2 });
      expect(big.autoscaling).toEqual({ min_node_count: 2, max_node_count: 10, location_policy: 'BALANCED' });
      expect(big.node_config).toMatchObject({ machine_type: 'n2-standard-8', image_type: 'UBUNTU_CONTAINERD', labels: { 'mesh-node-pool': 'big' } });
      for (const pool of [small, big]) expect(pool.management).toEqual({ auto_repair: true, auto_upgrade: true });
    });

    it('keeps the default pool on COS whatever the pools use', () => {
      expect((cluster.node_config as Record<string, unknown>).image_type).toBe('COS_CONTAINERD');
    });
  });
});

describe('nodePoolNamePrefix', () => {
  it.each([
    ['default', 'default-'],
    ['a-very-long-pool-name-of-forty-chars-xx', 'a-very-long-p-'],
    ['thirteen-char', 'thirteen-char-'],
    ['twelve-char-x', 'twelve-char-x-'],
    ['twelve-chars-', 'twelve-chars-'],
  ])('%s -> %s, within GKE 40 characters once the provider adds 26', (name, prefix) => {
    expect(nodePoolNamePrefix(name)).toBe(prefix);
    expect(prefix.length + 26).toBeLessThanOrEqual(40);
  });
});
