/**
 * What the architecture diagram shows, as read from the synthesized stacks (./read-*.ts) and
 * drawn by ./flowchart.ts. `key`s and `network`/`subnet` fields are Terraform addresses.
 */

export interface Subnet {
  readonly key: string;
  readonly name: string;
  readonly region: string;
  readonly cidr: string;
  readonly secondary: readonly { readonly name: string; readonly cidr: string }[];
  readonly network?: string;
}

export interface Cluster {
  readonly key: string;
  readonly name: string;
  readonly location: string;
  readonly subnet?: string;
  readonly network?: string;
  readonly masterCidr?: string;
  /** The project the cluster is created in (a service project on a Shared VPC). */
  readonly project?: string;
  /** The fleet project it registers to, and its `mesh_id` label (`proj-<number>` when the number is read at apply). */
  readonly fleetProject?: string;
  readonly meshId?: string;
  /** Master authorized networks other than the mesh's own pod ranges: where admins reach the API server from. */
  readonly adminNetworks: readonly { readonly name?: string; readonly cidr: string }[];
  readonly privateEndpoint: boolean;
  readonly privateNodes: boolean;
  /** GKE Autopilot: Google runs the nodes, so there are no pools. */
  readonly autopilot: boolean;
  /** The GKE release channel, when written. */
  readonly releaseChannel?: string;
  readonly tags: readonly string[];
  readonly pools: readonly { readonly name: string; readonly machineType?: string; readonly min?: number; readonly max?: number }[];
}

export interface FirewallRule {
  readonly name: string;
  readonly network?: string;
  readonly direction: string;
  readonly action: 'allow' | 'deny';
  readonly ranges: readonly string[];
  readonly sourceTags: readonly string[];
  readonly targetTags: readonly string[];
  readonly protocols: readonly { readonly protocol: string; readonly ports: readonly string[] }[];
  readonly description?: string;
}

export interface Gateway {
  readonly cluster: string;
  readonly internal: boolean;
  readonly ports: readonly string[];
  readonly hosts: readonly string[];
}

export interface SqlInstance {
  readonly key: string;
  readonly name: string;
  readonly databaseVersion?: string;
  readonly tier?: string;
  readonly availability?: string;
  readonly region?: string;
  readonly network?: string;
  readonly publicIp: boolean;
  readonly sslMode?: string;
  readonly databases: readonly string[];
}

/** Everything the diagram shows, as read from the stacks. */
export interface ArchitectureModel {
  readonly networks: readonly { readonly key: string; readonly name: string; readonly routingMode?: string; readonly project?: string }[];
  readonly subnets: readonly Subnet[];
  readonly clusters: readonly Cluster[];
  readonly nats: readonly { readonly name: string; readonly region?: string; readonly network?: string }[];
  readonly firewalls: readonly FirewallRule[];
  readonly installs: readonly { readonly cluster: string; readonly revision?: string }[];
  /** In-cluster multi-cluster discovery: istiod in `inCluster` reads `remote`'s API server. */
  readonly remoteSecrets: readonly { readonly inCluster: string; readonly remote: string }[];
  /** Managed control planes through the fleet: one entry per membership. */
  readonly fleetMemberships: readonly { readonly cluster: string; readonly management?: string }[];
  readonly gateways: readonly Gateway[];
  readonly sqlInstances: readonly SqlInstance[];
  readonly privateServiceRanges: readonly { readonly name: string; readonly cidr: string; readonly network?: string }[];
  readonly sqlClients: readonly { readonly cluster: string; readonly instance: string }[];
  readonly defenders: readonly { readonly cluster: string; readonly namespace?: string }[];
  readonly prismaConsoles: readonly string[];
}
