import { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster';
import { Construct } from 'constructs';
import { meshClusterBase, type MeshClusterProps, validateControlPlaneAccess } from './cluster-control-plane';
import { RELEASE_CHANNELS } from '../core/release-channels';
import { CLUSTER_WAIVERS, NO_RBAC_GROUP_WAIVER, PRIVATE_ENDPOINT_WAIVER } from './private-cluster';
import { rbacSecurityGroup } from '../core/rules';
import { check, requireLabel, requireProp } from '../core/validate';
import { waive } from '../core/waivers';

/**
 * What every mesh cluster is given (MeshClusterProps). The node service account goes in the
 * auto-provisioning defaults, the node tags in node_pool_auto_config.
 */
export interface AutopilotClusterProps extends MeshClusterProps {
  /** A region: GKE creates Autopilot clusters regional only. */
  readonly location: string;
}

/**
 * Scanner rules an Autopilot cluster cannot meet by attribute, because GKE sets the feature itself
 * and google provider 6.50.0 refuses the attribute beside `enable_autopilot`
 * (resource_container_cluster.go: `enable_intranode_visibility`, `enable_shielded_nodes`,
 * `node_config` of a default pool that Autopilot never has).
 */
export const AUTOPILOT_WAIVERS = [
  {
    rule: 'CKV_GCP_61 (intranode visibility)',
    reason:
      'Autopilot turns intranode visibility on itself; the provider refuses enable_intranode_visibility beside enable_autopilot (its CustomizeDiff plans it as true).',
  },
  {
    rule: 'CKV_GCP_71 (Shielded GKE Nodes)',
    reason: 'Autopilot nodes are always Shielded GKE Nodes; the provider refuses enable_shielded_nodes beside enable_autopilot.',
  },
  {
    rule: 'CKV_GCP_22, CKV_GCP_68, CKV_GCP_69 (node image, Secure Boot, GKE metadata server in node_config)',
    reason:
      'Autopilot has no node_config: GKE runs its nodes on Container-Optimized OS with containerd, Secure Boot and the GKE metadata server (Autopilot security overview). The node service account is set in cluster_autoscaling.auto_provisioning_defaults.',
  },
];

/**
 * A private GKE Autopilot cluster in the mesh: private nodes, the same control-plane access as a
 * Standard mesh cluster, Workload Identity, a release channel, a dedicated node service account
 * (Autopilot's auto-provisioning defaults), network tags on the nodes it provisions, and
 * registration to a fleet. GKE manages its nodes: there are no node pools.
 * Attributes checked against google provider 6.50.0's resource_container_cluster.go: it refuses
 * `node_pool`, `remove_default_node_pool`, `enable_shielded_nodes`, `enable_intranode_visibility`,
 * `network_policy`, `addons_config.network_policy_config`, `default_max_pods_per_node`,
 * `cluster_autoscaling.enabled`/`resource_limits` and `binary_authorization.enabled` beside
 * `enable_autopilot` (ConflictsWith), so none is written; `node_pool_auto_config.network_tags`
 * is accepted only with Autopilot or node auto-provisioning. What is written beside it, GKE accepts on
 * Autopilot in the provider's own acceptance tests (resource_container_cluster_test.go at v6.50.0:
 * workload_identity_config, node_pool_auto_config network tags, private_cluster_config,
 * datapath_provider ADVANCED_DATAPATH, release_channel) or in the Autopilot modules of
 * terraform-google-kubernetes-engine (beta-autopilot-private-cluster/cluster.tf) and
 * cloud-foundation-fabric (gke-cluster-autopilot/main.tf): auto_provisioning_defaults.service_account,
 * binary_authorization.evaluation_mode, master_auth, master authorized networks and global access.
 */
export class AutopilotCluster extends Construct {
  public readonly cluster: ContainerCluster;
  /** Autopilot has none; kept so a cluster of either kind reads the same. */
  public readonly nodePools: readonly never[] = [];
  public readonly name: string;
  public readonly location: string;
  /** The control plane's public endpoint (empty with a private endpoint only). */
  public readonly endpoint: string;
  /** The control plane's private endpoint. */
  public readonly privateEndpoint: string;

  constructor(scope: Construct, id: string, props: AutopilotClusterProps) {
    super(scope, id);
    validateControlPlaneAccess('AutopilotCluster', props);
    requireProp(
      !/-[a-z]$/.test(props.location),
      'AutopilotCluster',
      'location',
      `must be a region: Autopilot clusters are regional, got zone "${props.location}"`,
    );
    requireProp(props.nodeTags.length > 0, 'AutopilotCluster', 'nodeTags', 'must list at least one tag');
    props.nodeTags.forEach((tag, index) => requireLabel(tag, 63, 'AutopilotCluster', `nodeTags[${index}]`));
    requireProp(
      !/-compute@developer\.gserviceaccount\.com$/.test(props.nodeServiceAccount),
      'AutopilotCluster',
      'nodeServiceAccount',
      'must not be the Compute Engine default service account',
    );
    const channel = props.releaseChannel ?? 'REGULAR';
    requireProp(RELEASE_CHANNELS.includes(channel), 'AutopilotCluster', 'releaseChannel', `must be one of ${RELEASE_CHANNELS.join(', ')}, got "${channel}"`);
    if (props.rbacSecurityGroup !== undefined) check('AutopilotCluster', 'rbacSecurityGroup', props.rbacSecurityGroup, rbacSecurityGroup);

    this.name = props.name;
    this.location = props.location;
    this.cluster = new ContainerCluster(this, 'cluster', {
      ...meshClusterBase(props),
      resourceLabels: { ...(props.labels ?? {}) },
      enableAutopilot: true,
      // The nodes GKE provisions run as the dedicated account; IAM, not scopes, limits it.
      clusterAutoscaling: {
        autoProvisioningDefaults: {
          serviceAccount: props.nodeServiceAccount,
          oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'],
        },
      },
      // The mesh firewall rules (webhook 15017, cross-cluster pods) target these tags.
      nodePoolAutoConfig: { networkTags: { tags: [...props.nodeTags] } },
      addonsConfig: {
        httpLoadBalancing: { disabled: false },
        horizontalPodAutoscaling: { disabled: false },
      },
    });
    this.endpoint = this.cluster.endpoint;
    this.privateEndpoint = this.cluster.privateClusterConfig.privateEndpoint;
    for (const waiver of [...CLUSTER_WAIVERS, ...AUTOPILOT_WAIVERS]) waive(this.cluster, waiver);
    if (!props.rbacSecurityGroup) waive(this.cluster, NO_RBAC_GROUP_WAIVER);
    if (!(props.privateEndpoint ?? false)) waive(this.cluster, PRIVATE_ENDPOINT_WAIVER);
  }
}
