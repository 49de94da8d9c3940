import type { GatewayCertificateSource } from '../../lib/workloads/gateway-certificate';
import type { ReleaseChannel } from '../../lib/core/release-channels';
import type { PlannedRanges } from './cidr-planner';
import type { OverlayFile } from './overlays';

// Defined beside its loader, so that loader needs nothing from here (no import cycle).
export type { OverlayFile } from './overlays';

/**
 * The resolved config: validated, defaulted, planned, and carrying every fact derived from it.
 * Stacks, tools and verify read these facts; none of them recomputes one.
 */

export interface NodePoolConfig {
  readonly name: string;
  readonly machineType: string;
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly imageType: string;
}

/** Another cluster of the mesh, as a cluster sees it. */
export interface ClusterPeer {
  readonly name: string;
  readonly podCidr: string;
}

export type SampleVersion = 'v1' | 'v2';

export interface ClusterConfig extends PlannedRanges {
  readonly name: string;
  /** The project the cluster lives in (a service project under a Shared VPC). */
  readonly project: string;
  /** Region or zone, as configured (defaulted to the top-level region). */
  readonly location: string;
  /** The region the location sits in: where the subnet and NAT go. */
  readonly region: string;
  readonly privateEndpoint: boolean;
  /** A GKE Autopilot cluster: Google manages its nodes, so it has no node pools. */
  readonly autopilot: boolean;
  /** Node pools; empty on an Autopilot cluster. */
  readonly nodePools: readonly NodePoolConfig[];
  /** The cluster's GKE release channel, which a managed control plane takes at provisioning. */
  readonly releaseChannel: ReleaseChannel;
  /** The `istio.io/rev` label its meshed namespaces carry: the install's revision, or the managed channel's. */
  readonly revision: string;
  /** The cluster's subnet in the mesh VPC. */
  readonly subnetName: string;
  /** Network tag on the cluster's nodes: the firewall rules' target. */
  readonly nodeTag: string;
  /** Service account ID of the cluster's nodes. */
  readonly nodeServiceAccountId: string;
  /** The kubeconfig context `get-credentials` writes: `gke_<cluster's project>_<location>_<name>`. */
  readonly kubeContext: string;
  /** The gcloud command that writes that context. */
  readonly getCredentialsCommand: string;
  /** Every other cluster in the mesh (none that leaves it), in config order. */
  readonly peers: readonly ClusterPeer[];
  /** The helloworld version this cluster runs (from its slot), so each cluster's answers tell where they came from. */
  readonly sampleVersion: SampleVersion;
  /** Where its omitted ranges are planned from: `slot`, or its list position. */
  readonly slot: number;
  /** Step 1 of its removal: it keeps its platform resources and provider, nothing of the mesh. */
  readonly leavesMesh: boolean;
}

export interface AuthorizedNetwork {
  readonly cidr: string;
  readonly name: string;
}

/** A region the clusters use, and its router (whose NAT is `<router>-nat`). */
export interface RegionConfig {
  readonly region: string;
  readonly routerName: string;
}

/** Facts about the mesh as a whole. */
export interface MeshFacts {
  /** Every project the app touches: the main one, the network's, the fleet's and the clusters'. */
  readonly projects: readonly string[];
  /** The projects the clusters live in, in first-use order. */
  readonly clusterProjects: readonly string[];
  /** Cluster projects other than the fleet host: the fleet's Hub agent needs grants there. */
  readonly foreignClusterProjects: readonly string[];
  /** Clusters span projects, or live outside the fleet host: asmcli's `multiproject` option. */
  readonly multiProject: boolean;
  /** Every project's Workload Identity pool, when the mesh spans pools: one mesh's identities. */
  readonly trustDomainAliases: readonly string[];
  readonly regions: readonly RegionConfig[];
  /** The clusters in the mesh: all but those leaving it (`leaveMesh`), in config order. */
  readonly members: readonly ClusterConfig[];
  /** The versions the sample deploys across the mesh, in first-deployed order. */
  readonly sampleVersions: readonly SampleVersion[];
  /** The mesh ID ASM expects, from the fleet host project's number: `proj-<number>`. */
  meshId(fleetProjectNumber: string): string;
}

/** The validated, fully defaulted and planned config every stack is built from. */
export interface MeshConfig {
  readonly project: string;
  readonly region: string;
  readonly network: {
    readonly name: string;
    /** The Shared VPC host project, when set. */
    readonly hostProject?: string;
    /** Where the VPC lives: the host project, or `project`. */
    readonly project: string;
  };
  /** The fleet host project. */
  readonly fleetProject: string;
  readonly clusters: readonly ClusterConfig[];
  readonly mesh: MeshFacts;
  readonly authorizedNetworks: readonly AuthorizedNetwork[];
  readonly asm: {
    readonly mode: 'in-cluster' | 'managed';
    readonly overlays: readonly OverlayFile[];
    readonly asmcliVersion: string;
    readonly asmcliSha256?: string;
    /**
     * The istio.io/rev label every cluster shares: the install's revision (in-cluster), or the
     * managed channel's when all clusters are on one channel. Empty when managed clusters' channels
     * differ: read each cluster's `revision` then.
     */
    readonly revision: string;
    /** Earlier in-cluster revisions to remove from every cluster; never the serving one. */
    readonly retiredRevisions: readonly string[];
    /** The packaged options asmcli gets, `multiproject` included when the mesh needs it. */
    readonly options: readonly string[];
    /** Managed mode: what the overlays become (the managed ConfigMaps and the Telemetry API). */
    readonly managed?: ManagedMeshSettings;
  };
  readonly deletionProtection: boolean;
  /** Google Groups for RBAC (`gke-security-groups@<domain>`), when set. */
  readonly rbacSecurityGroup?: string;
  readonly ingress: IngressConfig;
  readonly sample: {
    readonly enabled: boolean;
    readonly namespace: string;
    /** Unset: the sample's default image by tag. */
    readonly images: { readonly helloworldV1?: string; readonly helloworldV2?: string; readonly sleep?: string };
  };
  readonly cloudSql: CloudSqlConfig;
  readonly prismaCloud: PrismaCloudConfig;
  readonly state: StateConfig;
  readonly policy: { readonly waivers: readonly { readonly rule: string; readonly resource: string; readonly reason: string }[] };
}

/** Where every stack keeps its Terraform state. */
export type StateConfig =
  | {
      /** Local files beside the output folder, under a relative path: no machine path in the output. */
      readonly backend: 'local';
      /** The path each stack's backend names, relative to its working folder (cdktf.out/stacks/<stack>). */
      stateFile(stack: string): string;
    }
  | {
      readonly backend: 'gcs';
      readonly bucket: string;
      readonly prefix: string;
      readonly project: string;
      readonly location: string;
      readonly kmsKeyName?: string;
      /** The object prefix of one stack's state: `<prefix>/<stack>`. */
      prefixOf(stack: string): string;
      /** The `state` stack keeps its own state locally: it creates the bucket the others need. */
      stateFile(stack: string): string;
    };

export interface CloudSqlConfig {
  readonly enabled: boolean;
  readonly instanceName: string;
  readonly region: string;
  readonly databaseVersion: string;
  readonly tier: string;
  readonly availability: 'ZONAL' | 'REGIONAL';
  readonly databases: readonly string[];
  readonly namespace: string;
  readonly sslMode: 'ENCRYPTED_ONLY' | 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED';
  /** Planned when omitted. */
  readonly privateServicesCidr: string;
  readonly deletionProtection: boolean;
  readonly backupStartTime: string;
  readonly maintenanceWindow: { readonly day: number; readonly hour: number };
  /** `project:region:instance`, as the Auth Proxy takes it. */
  readonly connectionName: string;
  readonly client: CloudSqlClientIdentity;
}

/** The Cloud SQL client's identities: Kubernetes and Google service accounts, IAM database user. */
export interface CloudSqlClientIdentity {
  /** The Kubernetes service account, Deployment and Service name. */
  readonly name: string;
  readonly accountId: string;
  readonly email: string;
  /** IAM database users are the service account email without `.gserviceaccount.com`. */
  readonly databaseUser: string;
  /** The main project's Workload Identity pool, `<project>.svc.id.goog`. */
  readonly workloadPool: string;
  /** Every other cluster project's pool: clients there impersonate the same account. */
  readonly otherWorkloadPools: readonly { readonly project: string; readonly pool: string }[];
}

export interface PrismaCloudConfig {
  readonly enabled: boolean;
  /** Set whenever enabled. */
  readonly consoleAddress: string;
  readonly defenderImage: string;
  readonly namespace: string;
  readonly collectPodLabels: boolean;
  readonly monitorServiceAccounts: boolean;
  readonly monitorIstio: boolean;
}

export interface IngressConfig {
  readonly host: string;
  readonly internal: boolean;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Where the gateway's certificate comes from, as the construct takes it. */
  readonly certificate: GatewayCertificateSource;
}

/** What the overlays become in managed mode. */
export interface ManagedMeshSettings {
  /** The `mesh` key of the managed MeshConfig ConfigMaps. */
  readonly meshConfig: Record<string, unknown>;
  /** Envoy access logs through a mesh-wide Telemetry resource. */
  readonly accessLogging: boolean;
}
