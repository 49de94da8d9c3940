import { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster';
import { ContainerNodePool } from '@cdktf/provider-google/lib/container-node-pool';
import { Construct } from 'constructs';
import { meshClusterBase, type MeshClusterProps, validateControlPlaneAccess } from './cluster-control-plane';
import { CONTAINERD_IMAGE_TYPES, notAbove, rbacSecurityGroup, wholeNumber } from '../core/rules';
import { check, requireLabel, requireProp } from '../core/validate';
import { waive } from '../core/waivers';

export type { AuthorizedCidr } from './cluster-control-plane';

/**
 * GKE node pool names have at most 40 characters and the provider appends 26 to a prefix, so a
 * long pool name is cut to 13 before the `-`; the `mesh-node-pool` node label keeps it whole.
 */
export function nodePoolNamePrefix(name: string): string {
  return `${name.slice(0, 13).replace(/-+$/, '')}-`;
}

export interface NodePoolSpec {
  /**
   * Pool name: the node label `mesh-node-pool` and the prefix of the GKE pool's generated name.
   * A new name is a new pool: add a second pool to migrate (examples/canary-node-pool.yaml).
   */
  readonly name: string;
  /** @default "e2-standard-4" */
  readonly machineType?: string;
  /** Autoscaler minimum, per zone. @default 1 */
  readonly minNodes?: number;
  /** Autoscaler maximum, per zone. @default 3 */
  readonly maxNodes?: number;
  /** Only containerd images: GKE removed the Docker-based ones. @default "COS_CONTAINERD" */
  readonly imageType?: string;
}

/** What every mesh cluster is given (MeshClusterProps), and its node pools. */
export interface PrivateClusterProps extends MeshClusterProps {
  /** Node pools. */
  readonly nodePools: readonly NodePoolSpec[];
}

/** Scanner rules every cluster deliberately does not meet, each with the reason. */
export const CLUSTER_WAIVERS = [
  {
    rule: 'kics 11e7550e (Network Policy Disabled)',
    reason:
      "Dataplane V2 enforces NetworkPolicy in eBPF; the Calico add-on this query looks for cannot run beside it. checkov's CKV_GCP_12 and trivy's AVD-GCP-0056 accept ADVANCED_DATAPATH.",
  },
  {
    rule: 'kics 9192e0f9 (Pod Security Policy Disabled)',
    reason:
      "PodSecurityPolicy was removed in Kubernetes 1.25; namespaces use Pod Security Admission labels instead. checkov's CKV_GCP_24 reads only clusters with a min_master_version below 1.25, which is never set.",
  },
  {
    rule: 'GKE secrets encrypted with a customer-managed key (no scanner ID verified)',
    reason: 'Needs a Cloud KMS key the project owns; etcd is encrypted at rest with Google-managed keys.',
  },
  {
    rule: 'kics 70cdf849 (GKE Basic Authentication Enabled)',
    reason: 'Basic authentication no longer exists in GKE or in google provider 6.x; master_auth only disables client certificates. The query cannot pass.',
  },
];

/** Without rbacSecurityGroup: Google Groups for RBAC needs a group only the organisation can create. */
export const NO_RBAC_GROUP_WAIVER = {
  rule: 'CKV_GCP_65 (Google Groups for RBAC)',
  reason:
    "Needs a gke-security-groups@<domain> group in the organisation's Google Workspace or Cloud Identity, which the app cannot create. Set rbacSecurityGroup to meet it.",
};

/** Without privateEndpoint: the control plane keeps a public endpoint, limited to authorized networks. */
export const PRIVATE_ENDPOINT_WAIVER = {
  rule: 'kics 6ccb85d7 (Private Cluster Disabled: requires enable_private_endpoint)',
  reason:
    'Nodes are private; the control plane keeps a public endpoint limited to authorizedNetworks so the deploying machine reaches it without a bastion. Set privateEndpoint: true to close it.',
};

/**
 * A private, VPC-native GKE Standard cluster hardened to the CIS GKE Benchmark, with its own
 * node pools, registered to a fleet and labelled for Anthos Service Mesh.
 */
export class PrivateCluster extends Construct {
  public readonly cluster: ContainerCluster;
  public readonly nodePools: readonly ContainerNodePool[];
  public readonly name: string;
  public readonly location: string;
  /** The control plane's public endpoint (empty with a private endpoint only). */
  public readonly endpoint: string;
  /** The control plane's private endpoint, which peer clusters' istiod reach. */
  public readonly privateEndpoint: string;

  constructor(scope: Construct, id: string, props: PrivateClusterProps) {
    super(scope, id);
    validateControlPlaneAccess('PrivateCluster', props);
    requireProp(props.nodePools.length > 0, 'PrivateCluster', 'nodePools', 'must list at least one pool');
    requireProp(props.nodeTags.length > 0, 'PrivateCluster', 'nodeTags', 'must list at least one tag');
    requireProp(
      !/-compute@developer\.gserviceaccount\.com$/.test(props.nodeServiceAccount),
      'PrivateCluster',
      'nodeServiceAccount',
      'must not be the Compute Engine default service account',
    );
    props.nodeTags.forEach((tag, index) => requireLabel(tag, 63, 'PrivateCluster', `nodeTags[${index}]`));
    if (props.rbacSecurityGroup !== undefined) check('PrivateCluster', 'rbacSecurityGroup', props.rbacSecurityGroup, rbacSecurityGroup);
    const poolNames = props.nodePools.map((pool) => pool.name);
    requireProp(new Set(poolNames).size === poolNames.length, 'PrivateCluster', 'nodePools', `must have unique names, got ${poolNames.join(', ')}`);
    props.nodePools.forEach((pool, index) => {
      requireLabel(pool.name, 40, 'PrivateCluster', `nodePools[${index}].name`);
      const minNodes = pool.minNodes ?? 1;
      const maxNodes = pool.maxNodes ?? 3;
      check('PrivateCluster', `nodePools[${index}].minNodes`, minNodes, wholeNumber({ min: 0 }));
      check('PrivateCluster', `nodePools[${index}].maxNodes`, maxNodes, wholeNumber({ min: 1 }));
      check('PrivateCluster', `nodePools[${index}].minNodes`, minNodes, notAbove('maxNodes', maxNodes));
      const imageType = pool.imageType ?? 'COS_CONTAINERD';
      const containerd: readonly string[] = CONTAINERD_IMAGE_TYPES;
      requireProp(
        containerd.includes(imageType),
        'PrivateCluster',
        `nodePools[${index}].imageType`,
        `must be a containerd image (${containerd.join(', ')}), got "${imageType}"`,
      );
    });

    this.name = props.name;
    this.location = props.location;
    const labels = { ...(props.labels ?? {}) };
    const nodeMetadata = { 'disable-legacy-endpoints': 'true' };
    const hardenedNode = {
      serviceAccount: props.nodeServiceAccount,
      oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'],
      workloadMetadataConfig: { mode: 'GKE_METADATA' },
      shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
      metadata: nodeMetadata,
      tags: [...props.nodeTags],
      resourceLabels: labels,
    };

    this.cluster = new ContainerCluster(this, 'cluster', {
      ...meshClusterBase(props),
      resourceLabels: labels,

      // The default pool is removed once the cluster exists; it still boots hardened, with the
      // dedicated service account, rather than as the Compute Engine default account.
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      nodeConfig: { ...hardenedNode, imageType: 'COS_CONTAINERD' },

      enableShieldedNodes: true,
      enableIntranodeVisibility: true,
      // The Calico add-on must stay off beside Dataplane V2.
      networkPolicy: { enabled: false, provider: 'PROVIDER_UNSPECIFIED' },
      addonsConfig: {
        httpLoadBalancing: { disabled: false },
        horizontalPodAutoscaling: { disabled: false },
        networkPolicyConfig: { disabled: true },
        gcePersistentDiskCsiDriverConfig: { enabled: true },
      },
      // Once the default pool is gone GKE reports another pool's config here, and node_config
      // forces replacement: never let that drift recreate the cluster.
      lifecycle: { ignoreChanges: ['node_config', 'initial_node_count'] },
    });
    this.endpoint = this.cluster.endpoint;
    this.privateEndpoint = this.cluster.privateClusterConfig.privateEndpoint;
    for (const waiver of CLUSTER_WAIVERS) waive(this.cluster, waiver);
    if (!props.rbacSecurityGroup) waive(this.cluster, NO_RBAC_GROUP_WAIVER);
    if (!(props.privateEndpoint ?? false)) {
      waive(this.cluster, PRIVATE_ENDPOINT_WAIVER);
    }

    this.nodePools = props.nodePools.map((pool) => {
      const minNodes = pool.minNodes ?? 1;
      return new ContainerNodePool(this, `pool-${pool.name}`, {
        project: props.project,
        // A generated name, so a replacement can exist beside the pool it replaces.
        namePrefix: nodePoolNamePrefix(pool.name),
        cluster: this.cluster.id,
        location: props.location,
        initialNodeCount: minNodes,
        autoscaling: { minNodeCount: minNodes, maxNodeCount: pool.maxNodes ?? 3, locationPolicy: 'BALANCED' },
        management: { autoRepair: true, autoUpgrade: true },
        upgradeSettings: { strategy: 'SURGE', maxSurge: 1, maxUnavailable: 0 },
        nodeConfig: {
          ...hardenedNode,
          machineType: pool.machineType ?? 'e2-standard-4',
          imageType: pool.imageType ?? 'COS_CONTAINERD',
          diskType: 'pd-balanced',
          diskSizeGb: 100,
          labels: { 'mesh-node-pool': pool.name },
        },
        lifecycle: {
          // A change GKE cannot make in place creates the new pool first; deleting the old one
          // then drains its nodes onto it, so capacity never drops to zero.
          createBeforeDestroy: true,
          // The autoscaler owns the node count after creation. Pools created by earlier versions
          // of this app have a fixed `name` and no prefix: ignoring the prefix keeps them.
          ignoreChanges: ['initial_node_count', 'name_prefix'],
        },
      });
    });
  }
}
