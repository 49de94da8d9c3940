import { type ITerraformDependable } from 'cdktf';
import { privateEndpointRangeProblem } from '../core/cidr';
import { ORIGINAL_RELEASE_CHANNEL, type ReleaseChannel } from '../core/release-channels';
import { requireCidr, requireLabel, requireProp } from '../core/validate';

/**
 * The control-plane access every mesh cluster has, Standard or Autopilot, defined once: private
 * nodes, a /28 for the control plane, global access for peers in other regions, authorized
 * networks (the admin networks plus every peer's pod range, for discovery) and no client
 * certificates. google provider 6.50.0 accepts all of it beside `enable_autopilot`
 * (resource_container_cluster.go: none of these blocks conflicts with it).
 */

export interface AuthorizedCidr {
  readonly cidr: string;
  readonly displayName: string;
}

export interface ControlPlaneAccessProps {
  /** An RFC 1035 label of at most 40 characters. */
  readonly name: string;
  /** The control plane's /28. */
  readonly masterCidr: string;
  /**
   * Who may reach the control plane. For discovery, include every other mesh cluster's pod range.
   * Never 0.0.0.0/0.
   * @default none: only the VPC reaches the control plane
   */
  readonly authorizedNetworks?: readonly AuthorizedCidr[];
  /**
   * Serve the control plane on its private endpoint only.
   * @default false: a public endpoint, limited to `authorizedNetworks`
   */
  readonly privateEndpoint?: boolean;
}

/** What every mesh cluster is given, Standard or Autopilot. */
export interface MeshClusterProps extends ControlPlaneAccessProps {
  readonly project: string;
  /** Region (regional cluster) or zone (zonal cluster; Standard only). */
  readonly location: string;
  /** Network ID or self link. */
  readonly network: string;
  /** Subnetwork ID or self link, in the cluster's region. */
  readonly subnetwork: string;
  /** Name of the subnet's secondary range for pods. */
  readonly podRangeName: string;
  /** Name of the subnet's secondary range for services. */
  readonly serviceRangeName: string;
  /** Email of the nodes' service account. Never the Compute Engine default. */
  readonly nodeServiceAccount: string;
  /** Network tags on every node, the targets of the mesh firewall rules. */
  readonly nodeTags: readonly string[];
  /**
   * Resource labels on the cluster (and a Standard cluster's nodes). Include `mesh_id` for ASM.
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
  /** @default "REGULAR" */
  readonly releaseChannel?: ReleaseChannel;
  /**
   * Register the cluster to this project's fleet.
   * @default the cluster's project
   */
  readonly fleetProject?: string;
  /** @default true */
  readonly deletionProtection?: boolean;
  /**
   * Google Groups for RBAC: the `gke-security-groups@<domain>` group whose member groups
   * RoleBindings may name. Changing it updates the cluster in place (google provider 6.x has no
   * ForceNew on authenticator_groups_config); removing it leaves the setting as it is.
   * @default none: RBAC subjects are users and service accounts only
   */
  readonly rbacSecurityGroup?: string;
  /** Resources that must exist first (the Container and GKE Hub APIs). @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/** Refuses access settings GKE would refuse, naming the construct's prop. */
export function validateControlPlaneAccess(construct: string, props: ControlPlaneAccessProps): void {
  requireLabel(props.name, 40, construct, 'name');
  requireCidr(props.masterCidr, construct, 'masterCidr', { exact: 28 });
  (props.authorizedNetworks ?? []).forEach((entry, index) => {
    requireCidr(entry.cidr, construct, `authorizedNetworks[${index}].cidr`, { broadest: 8 });
    const problem = props.privateEndpoint ? privateEndpointRangeProblem(entry.cidr, props.name) : undefined;
    requireProp(problem === undefined, construct, `authorizedNetworks[${index}].cidr`, `is refused: ${problem}`);
  });
}

/** The cluster's private, authorized, certificate-free control plane, as ContainerCluster props. */
export function controlPlaneAccess(props: ControlPlaneAccessProps) {
  return {
    privateClusterConfig: {
      enablePrivateNodes: true,
      enablePrivateEndpoint: props.privateEndpoint ?? false,
      masterIpv4CidrBlock: props.masterCidr,
      // Clusters in other regions, and their istiod, reach this control plane privately.
      masterGlobalAccessConfig: { enabled: true },
    },
    masterAuthorizedNetworksConfig: {
      cidrBlocks: (props.authorizedNetworks ?? []).map((entry) => ({ cidrBlock: entry.cidr, displayName: entry.displayName })),
      gcpPublicCidrsAccessEnabled: false,
    },
    masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
  };
}

/**
 * What a Standard and an Autopilot mesh cluster set alike, as ContainerCluster props: placement,
 * VPC-native ranges, Workload Identity, the channel, Dataplane V2, Binary Authorization, Google
 * Groups for RBAC, logging and monitoring, the weekend maintenance window and the fleet.
 */
export function meshClusterBase(props: MeshClusterProps) {
  return {
    project: props.project,
    name: props.name,
    location: props.location,
    network: props.network,
    subnetwork: props.subnetwork,
    deletionProtection: props.deletionProtection ?? true,
    networkingMode: 'VPC_NATIVE',
    ipAllocationPolicy: {
      clusterSecondaryRangeName: props.podRangeName,
      servicesSecondaryRangeName: props.serviceRangeName,
    },
    ...controlPlaneAccess(props),
    enableLegacyAbac: false,
    releaseChannel: { channel: props.releaseChannel ?? ORIGINAL_RELEASE_CHANNEL },
    workloadIdentityConfig: { workloadPool: `${props.project}.svc.id.goog` },
    // Dataplane V2 enforces NetworkPolicy itself (Autopilot always runs it).
    datapathProvider: 'ADVANCED_DATAPATH',
    binaryAuthorization: { evaluationMode: 'PROJECT_SINGLETON_POLICY_ENFORCE' },
    ...(props.rbacSecurityGroup ? { authenticatorGroupsConfig: { securityGroup: props.rbacSecurityGroup } } : {}),
    loggingConfig: { enableComponents: ['SYSTEM_COMPONENTS', 'WORKLOADS'] },
    monitoringConfig: { enableComponents: ['SYSTEM_COMPONENTS'], managedPrometheus: { enabled: true } },
    maintenancePolicy: {
      recurringWindow: { startTime: '2024-01-06T02:00:00Z', endTime: '2024-01-06T08:00:00Z', recurrence: 'FREQ=WEEKLY;BYDAY=SA,SU' },
    },
    fleet: { project: props.fleetProject ?? props.project },
    dependsOn: props.dependsOn,
  };
}
