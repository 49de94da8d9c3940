import { AutopilotCluster, type AutopilotClusterProps } from '../../../lib/cluster/autopilot-cluster';
import { resourceAt, scope, synth, testStack } from '../../helpers';

const BASE: AutopilotClusterProps = {
  project: 'mesh-project',
  name: 'gamma',
  location: 'europe-west1',
  network: 'projects/mesh-project/global/networks/mesh',
  subnetwork: 'projects/mesh-project/regions/europe-west1/subnetworks/gamma',
  podRangeName: 'pods',
  serviceRangeName: 'services',
  masterCidr: '172.16.0.32/28',
  nodeServiceAccount: 'mesh-gamma-nodes@mesh-project.iam.gserviceaccount.com',
  nodeTags: ['mesh-gamma'],
  authorizedNetworks: [{ cidr: '10.64.0.0/14', displayName: 'mesh pods of alpha' }],
};

function clusterBody(props: Partial<AutopilotClusterProps> = {}) {
  const stack = testStack();
  new AutopilotCluster(stack, 'cluster-gamma', { ...BASE, ...props });
  return resourceAt(synth(stack), 'google_container_cluster', 'cluster-gamma/cluster');
}

/** What google provider 6.50.0 refuses beside enable_autopilot (resource_container_cluster.go, ConflictsWith). */
const REFUSED_BESIDE_AUTOPILOT = [
  'node_pool',
  'remove_default_node_pool',
  'enable_shielded_nodes',
  'enable_intranode_visibility',
  'network_policy',
  'default_max_pods_per_node',
  'node_config',
  'initial_node_count',
];

describe('AutopilotCluster', () => {
  it('is a private Autopilot cluster with the Standard clusters’ control-plane access', () => {
    const body = clusterBody();
    expect(body).toMatchObject({
      enable_autopilot: true,
      networking_mode: 'VPC_NATIVE',
      ip_allocation_policy: { cluster_secondary_range_name: 'pods', services_secondary_range_name: 'services' },
      private_cluster_config: {
        enable_private_nodes: true,
        enable_private_endpoint: false,
        master_ipv4_cidr_block: '172.16.0.32/28',
        master_global_access_config: { enabled: true },
      },
      master_authorized_networks_config: {
        cidr_blocks: [{ cidr_block: '10.64.0.0/14', display_name: 'mesh pods of alpha' }],
        gcp_public_cidrs_access_enabled: false,
      },
      master_auth: { client_certificate_config: { issue_client_certificate: false } },
      workload_identity_config: { workload_pool: 'mesh-project.svc.id.goog' },
      release_channel: { channel: 'REGULAR' },
      fleet: { project: 'mesh-project' },
      deletion_protection: true,
    });
  });

  it('runs its nodes as the dedicated service account, tagged for the mesh firewall rules', () => {
    const body = clusterBody();
    expect(body.cluster_autoscaling).toEqual({
      auto_provisioning_defaults: {
        service_account: 'mesh-gamma-nodes@mesh-project.iam.gserviceaccount.com',
        oauth_scopes: ['https://www.googleapis.com/auth/cloud-platform'],
      },
    });
    expect(body.node_pool_auto_config).toEqual({ network_tags: { tags: ['mesh-gamma'] } });
  });

  it('writes nothing the provider refuses beside enable_autopilot', () => {
    const body = clusterBody();
    for (const attribute of REFUSED_BESIDE_AUTOPILOT) expect(body).not.toHaveProperty(attribute);
    expect(body.addons_config).not.toHaveProperty('network_policy_config');
    expect(body.binary_authorization).toEqual({ evaluation_mode: 'PROJECT_SINGLETON_POLICY_ENFORCE' });
    expect(body.cluster_autoscaling).not.toHaveProperty('enabled');
    expect(body.cluster_autoscaling).not.toHaveProperty('resource_limits');
  });

  it('takes the release channel, fleet project and Google Groups for RBAC', () => {
    const body = clusterBody({ releaseChannel: 'RAPID', fleetProject: 'fleet-host', rbacSecurityGroup: 'gke-security-groups@example.com' });
    expect(body.release_channel).toEqual({ channel: 'RAPID' });
    expect(body.fleet).toEqual({ project: 'fleet-host' });
    expect(body.authenticator_groups_config).toEqual({ security_group: 'gke-security-groups@example.com' });
  });

  it.each<[Partial<AutopilotClusterProps>, string]>([
    [{ location: 'europe-west1-b' }, 'AutopilotCluster: props.location must be a region: Autopilot clusters are regional, got zone "europe-west1-b"'],
    [{ nodeTags: [] }, 'AutopilotCluster: props.nodeTags must list at least one tag'],
    [
      { nodeServiceAccount: '123-compute@developer.gserviceaccount.com' },
      'AutopilotCluster: props.nodeServiceAccount must not be the Compute Engine default service account',
    ],
    [{ masterCidr: '172.16.0.0/24' }, 'AutopilotCluster: props.masterCidr'],
    [{ name: 'Gamma' }, 'AutopilotCluster: props.name'],
    [{ releaseChannel: 'EXTENDED' as never }, 'AutopilotCluster: props.releaseChannel must be one of RAPID, REGULAR, STABLE, got "EXTENDED"'],
  ])('refuses %j', (props, message) => {
    expect(() => new AutopilotCluster(scope(), 'cluster', { ...BASE, ...props })).toThrow(message);
  });
});
