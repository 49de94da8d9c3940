import { firstBlock, interpolations, SynthesizedStack } from './deploy-graph';

/**
 * The architecture as a Mermaid flowchart, read from the synthesized Terraform JSON of the
 * stacks (resource types and attributes), never from the config: the picture shows what
 * `cdktf synth` will actually build. Output is deterministic (everything sorted by name).
 *
 * What it reads:
 * - `google_compute_network`, `google_compute_subnetwork` (primary and secondary ranges),
 *   `google_compute_router_nat`;
 * - `google_container_cluster` (+ `google_container_node_pool`): subnet, control plane range,
 *   endpoint, node tags;
 * - `google_compute_firewall`: one edge per rule, from its source ranges (named after the
 *   cluster ranges they match) to the nodes its target tags select, labelled with the ports;
 * - the mesh stack: `terraform_data` asmcli installs, `kubernetes_secret_v1` remote secrets
 *   (label `istio/multiCluster`), or the fleet's `google_gke_hub_feature` + memberships;
 * - the workloads stack: gateway `kubernetes_service_v1`s (internal or external load balancer)
 *   and their `Gateway` hosts; the Cloud SQL Auth Proxy clients and the Prisma Defender.
 * Kubernetes objects are placed in a cluster through their provider alias, whose host comes
 * from a `google_container_cluster` data source naming the cluster.
 */

type Body = Record<string, unknown>;

interface Block {
  readonly stack: string;
  readonly type: string;
  readonly name: string;
  readonly body: Body;
}

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
  readonly privateEndpoint: boolean;
  readonly privateNodes: boolean;
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
  readonly networks: readonly { readonly key: string; readonly name: string; readonly routingMode?: string }[];
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

// ---------------------------------------------------------------------------------------------
// Reading the stacks

/** Reads what the diagram shows from the synthesized stacks (`{ stackName: json }`). */
export function readArchitecture(stacks: Readonly<Record<string, SynthesizedStack>>): ArchitectureModel {
  const stackNames = Object.keys(stacks).sort();
  const blocks = (type: string, kind: 'resource' | 'data' = 'resource'): Block[] =>
    stackNames
      .flatMap((stack) => Object.entries(stacks[stack][kind]?.[type] ?? {}).map(([name, body]) => ({ stack, type, name, body: body ?? {} })))
      .filter((block) => block.name !== '//')
      .sort((a, b) => compare(`${a.stack}/${a.name}`, `${b.stack}/${b.name}`));
  const key = (block: Block) => `${block.type}.${block.name}`;
  const ref = (value: unknown, type: string) => referencedAddress(value, type);

  const networks = blocks('google_compute_network')
    .map((block) => ({ key: key(block), name: str(block.body.name) ?? block.name, routingMode: str(block.body.routing_mode) }))
    .sort(byName);

  const subnets: Subnet[] = blocks('google_compute_subnetwork')
    .map((block) => ({
      key: key(block),
      name: str(block.body.name) ?? block.name,
      region: str(block.body.region) ?? '',
      cidr: str(block.body.ip_cidr_range) ?? '',
      secondary: blockList(block.body.secondary_ip_range).map((range) => ({ name: str(range.range_name) ?? '', cidr: str(range.ip_cidr_range) ?? '' })),
      network: ref(block.body.network, 'google_compute_network'),
    }))
    .sort(byName);

  const pools = blocks('google_container_node_pool');
  const clusters: Cluster[] = blocks('google_container_cluster')
    .map((block) => {
      const privateConfig = firstBlock(block.body.private_cluster_config) ?? {};
      const clusterPools = pools.filter((pool) => ref(pool.body.cluster, 'google_container_cluster') === key(block));
      const tags = [
        ...strings(firstBlock(block.body.node_config)?.tags),
        ...clusterPools.flatMap((pool) => strings(firstBlock(pool.body.node_config)?.tags)),
      ];
      return {
        key: key(block),
        name: str(block.body.name) ?? block.name,
        location: str(block.body.location) ?? '',
        subnet: ref(block.body.subnetwork, 'google_compute_subnetwork'),
        network: ref(block.body.network, 'google_compute_network'),
        masterCidr: str(privateConfig.master_ipv4_cidr_block),
        privateEndpoint: privateConfig.enable_private_endpoint === true,
        privateNodes: privateConfig.enable_private_nodes === true,
        tags: [...new Set(tags)].sort(),
        pools: clusterPools
          .map((pool) => {
            const autoscaling = firstBlock(pool.body.autoscaling);
            return {
              name: str(pool.body.name) ?? pool.name,
              machineType: str(firstBlock(pool.body.node_config)?.machine_type),
              min: num(autoscaling?.min_node_count ?? autoscaling?.total_min_node_count),
              max: num(autoscaling?.max_node_count ?? autoscaling?.total_max_node_count),
            };
          })
          .sort(byName),
      };
    })
    .sort(byName);

  const nats = blocks('google_compute_router_nat')
    .map((block) => {
      const routerKey = ref(block.body.router, 'google_compute_router');
      const router = blocks('google_compute_router').find((candidate) => key(candidate) === routerKey);
      return { name: str(block.body.name) ?? block.name, region: str(block.body.region), network: router ? ref(router.body.network, 'google_compute_network') : undefined };
    })
    .sort(byName);

  const firewalls: FirewallRule[] = blocks('google_compute_firewall')
    .map((block) => {
      const direction = str(block.body.direction) ?? 'INGRESS';
      const action: 'allow' | 'deny' = blockList(block.body.deny).length > 0 ? 'deny' : 'allow';
      return {
        name: str(block.body.name) ?? block.name,
        network: ref(block.body.network, 'google_compute_network'),
        direction,
        action,
        ranges: strings(direction === 'EGRESS' ? block.body.destination_ranges : block.body.source_ranges),
        sourceTags: strings(block.body.source_tags),
        targetTags: strings(block.body.target_tags),
        protocols: blockList(block.body[action]).map((entry) => ({ protocol: str(entry.protocol) ?? 'all', ports: strings(entry.ports) })),
      };
    })
    .sort(byName);

  // Kubernetes objects: which cluster they live in, through their provider.
  const clusterOf = (block: Block): string | undefined => providerCluster(stacks[block.stack], block.body);
  const installs = blocks('terraform_data')
    .map((block) => {
      const input = (block.body.input ?? {}) as Body;
      return { cluster: str(input.CLUSTER_NAME), revision: str(input.REVISION), command: JSON.stringify(block.body.provisioner ?? '') };
    })
    .filter((install): install is { cluster: string; revision: string | undefined; command: string } => install.cluster !== undefined && /asm|istio/i.test(install.command))
    .map(({ cluster, revision }) => ({ cluster, revision }))
    .sort((a, b) => compare(a.cluster, b.cluster));

  const remoteSecrets = blocks('kubernetes_secret_v1')
    .filter((block) => labelsOf(block.body)['istio/multiCluster'] === 'true')
    .map((block) => ({ inCluster: clusterOf(block), remote: annotationsOf(block.body)['networking.istio.io/cluster'] ?? firstKey(block.body.data) }))
    .filter((link): link is { inCluster: string; remote: string } => link.inCluster !== undefined && link.remote !== undefined)
    .sort((a, b) => compare(`${a.inCluster}/${a.remote}`, `${b.inCluster}/${b.remote}`));

  const meshFeatures = new Set(
    blocks('google_gke_hub_feature')
      .filter((block) => block.body.name === 'servicemesh')
      .map(key),
  );
  const fleetMemberships = blocks('google_gke_hub_feature_membership')
    .filter((block) => meshFeatures.has(ref(block.body.feature, 'google_gke_hub_feature') ?? '') || firstBlock(block.body.mesh) !== undefined)
    .map((block) => ({
      cluster: dataClusterName(stacks[block.stack], block.body.membership) ?? str(block.body.membership) ?? block.name,
      management: str(firstBlock(block.body.mesh)?.management),
    }))
    .sort((a, b) => compare(a.cluster, b.cluster));

  const gatewayHosts = new Map<string, string[]>();
  for (const block of blocks('kubernetes_manifest')) {
    const manifest = (block.body.manifest ?? {}) as Body;
    if (manifest.kind !== 'Gateway') continue;
    const cluster = clusterOf(block);
    if (!cluster) continue;
    const servers = blockList(((manifest.spec ?? {}) as Body).servers);
    gatewayHosts.set(cluster, [...(gatewayHosts.get(cluster) ?? []), ...servers.flatMap((server) => strings(server.hosts))]);
  }
  const gateways: Gateway[] = blocks('kubernetes_service_v1')
    .filter((block) => firstBlock(block.body.spec)?.type === 'LoadBalancer' && labelsOf(block.body).istio === 'ingressgateway')
    .map((block) => {
      const cluster = clusterOf(block) ?? block.name;
      const annotations = annotationsOf(block.body);
      const ports = blockList(firstBlock(block.body.spec)?.port)
        .filter((port) => port.name !== 'status-port')
        .map((port) => ({ protocol: String(port.protocol ?? 'TCP').toLowerCase(), port: String(port.port) }));
      return {
        cluster,
        internal: annotations['networking.gke.io/load-balancer-type'] === 'Internal' || annotations['cloud.google.com/load-balancer-type'] === 'Internal',
        ports: [...new Set(ports.map((port) => port.protocol))].map(
          (protocol) => `${protocol} ${ports.filter((port) => port.protocol === protocol).map((port) => port.port).join(', ')}`,
        ),
        hosts: [...new Set(gatewayHosts.get(cluster) ?? [])].sort(),
      };
    })
    .sort((a, b) => compare(a.cluster, b.cluster));

  const sqlInstances: SqlInstance[] = blocks('google_sql_database_instance')
    .map((block) => {
      const settings = firstBlock(block.body.settings) ?? {};
      const ip = firstBlock(settings.ip_configuration) ?? {};
      return {
        key: key(block),
        name: str(block.body.name) ?? block.name,
        databaseVersion: str(block.body.database_version),
        tier: str(settings.tier),
        availability: str(settings.availability_type),
        region: str(block.body.region),
        network: ref(ip.private_network, 'google_compute_network'),
        publicIp: ip.ipv4_enabled !== false,
        sslMode: str(ip.ssl_mode),
        databases: blocks('google_sql_database')
          .filter((database) => ref(database.body.instance, 'google_sql_database_instance') === key(block))
          .map((database) => str(database.body.name) ?? database.name)
          .sort(),
      };
    })
    .sort(byName);

  const privateServiceRanges = blocks('google_compute_global_address')
    .filter((block) => block.body.purpose === 'VPC_PEERING')
    .map((block) => ({
      name: str(block.body.name) ?? block.name,
      cidr: `${str(block.body.address) ?? '?'}/${String(block.body.prefix_length ?? '?')}`,
      network: ref(block.body.network, 'google_compute_network'),
    }))
    .sort(byName);

  const instanceNames = new Set(sqlInstances.map((instance) => instance.name));
  const sqlClients = [...blocks('kubernetes_manifest'), ...blocks('kubernetes_deployment_v1')]
    .flatMap((block) => {
      const cluster = clusterOf(block);
      const instance = proxiedInstance(block.body, instanceNames);
      return cluster && instance ? [{ cluster, instance }] : [];
    })
    .sort((a, b) => compare(`${a.cluster}/${a.instance}`, `${b.cluster}/${b.instance}`));

  const defenders = blocks('kubernetes_daemon_set_v1')
    .filter((block) => isDefender(block.body))
    .flatMap((block) => {
      const cluster = clusterOf(block);
      return cluster ? [{ cluster, namespace: str(firstBlock(block.body.metadata)?.namespace) }] : [];
    })
    .sort((a, b) => compare(a.cluster, b.cluster));
  const prismaConsoles = [
    ...new Set(
      blocks('kubernetes_manifest')
        .map((block) => (block.body.manifest ?? {}) as Body)
        .filter((manifest) => manifest.kind === 'ServiceEntry' && /prisma|twistlock/i.test(String(((manifest.metadata ?? {}) as Body).name ?? '')))
        .flatMap((manifest) => strings(((manifest.spec ?? {}) as Body).hosts)),
    ),
  ].sort();

  return {
    networks,
    subnets,
    clusters,
    nats,
    firewalls,
    installs,
    remoteSecrets,
    fleetMemberships,
    gateways,
    sqlInstances,
    privateServiceRanges,
    sqlClients: dedupe(sqlClients, (client) => `${client.cluster}/${client.instance}`),
    defenders,
    prismaConsoles: defenders.length > 0 ? prismaConsoles : [],
  };
}

/** The cluster a kubernetes block talks to: provider alias → host → `data.google_container_cluster` → name. */
function providerCluster(stack: SynthesizedStack, body: Body): string | undefined {
  const provider = str(body.provider);
  if (!provider || !provider.startsWith('kubernetes.')) return undefined;
  const alias = provider.slice('kubernetes.'.length);
  const configuration = (stack.provider?.kubernetes ?? []).find((entry) => entry.alias === alias);
  if (!configuration) return undefined;
  return dataClusterName(stack, configuration.host) ?? alias;
}

/** The `name` of the `google_container_cluster` data source an expression reads. */
function dataClusterName(stack: SynthesizedStack, value: unknown): string | undefined {
  const id = referencedAddress(value, 'data.google_container_cluster');
  if (!id) return undefined;
  const name = id.slice('data.google_container_cluster.'.length);
  return str(stack.data?.google_container_cluster?.[name]?.name);
}

/** The first `type.name` address an interpolated string refers to (`${type.name.attr}`). */
function referencedAddress(value: unknown, type: string): string | undefined {
  const text = str(value);
  if (!text) return undefined;
  const pattern = new RegExp(`(?<![\\w.-])${type.replace(/\./g, '\\.')}\\.([\\w-]+)`);
  for (const expression of interpolations(text)) {
    const match = pattern.exec(expression);
    if (match) return `${type}.${match[1]}`;
  }
  return undefined;
}

/** The instance a Cloud SQL Auth Proxy container connects to (`project:region:instance` argument). */
function proxiedInstance(body: Body, instances: ReadonlySet<string>): string | undefined {
  const containers = [
    ...findAll(body, 'containers'),
    ...findAll(body, 'initContainers'),
    ...findAll(body, 'container'),
    ...findAll(body, 'init_container'),
  ].flatMap((value) => blockList(value));
  for (const container of containers) {
    if (!/cloud-sql-proxy/.test(String(container.image ?? ''))) continue;
    for (const arg of [...strings(container.args), ...strings(container.command)]) {
      const parts = arg.split(':');
      if (parts.length === 3 && instances.has(parts[2])) return parts[2];
    }
  }
  return undefined;
}

function isDefender(body: Body): boolean {
  const containers = findAll(body, 'container').flatMap((value) => blockList(value));
  return (
    labelsOf(body).app === 'twistlock-defender' ||
    containers.some((container) => blockList(container.env).some((env) => env.name === 'DEFENDER_TYPE'))
  );
}

// ---------------------------------------------------------------------------------------------
// Rendering

/** Well-known Google source ranges, named in firewall sources. */
const GOOGLE_RANGES: Readonly<Record<string, string>> = {
  '35.191.0.0/16': 'Google LB health checks',
  '130.211.0.0/22': 'Google LB health checks',
  '35.235.240.0/20': 'Identity-Aware Proxy',
};

export interface DiagramOptions {
  /** The config the stacks were synthesized from, named in the header. */
  readonly configName?: string;
}

/** Markdown: a title, a generated-file note, the Mermaid flowchart and a short legend. */
export function architectureMarkdown(stacks: Readonly<Record<string, SynthesizedStack>>, options: DiagramOptions = {}): string {
  const model = readArchitecture(stacks);
  const source = options.configName ? ` for \`${options.configName}\`` : '';
  const stackList = Object.keys(stacks).map((stack) => `\`${stack}\``).join(', ');
  return [
    '# Architecture',
    '',
    '<!-- Generated by `npm run diagram` (scripts/diagram.ts); do not edit by hand. -->',
    '',
    `What \`cdktf synth\` builds${source}, read from the synthesized Terraform JSON of the stacks ${stackList}.`,
    '',
    '```mermaid',
    mermaidFlowchart(model),
    '```',
    '',
    '## Legend',
    '',
    ...legend(model),
    '',
  ].join('\n');
}

/** The Mermaid flowchart alone. */
export function mermaidFlowchart(model: ArchitectureModel): string {
  const ids = new Ids();
  const lines: string[] = ['flowchart TB'];
  const add = (depth: number, line: string) => lines.push(`${'  '.repeat(depth)}${line}`);
  const clusterId = (name: string) => ids.get(`cluster:${name}`, `cluster_${name}`);
  const installByCluster = new Map(model.installs.map((install) => [install.cluster, install]));
  const gatewaysByCluster = new Map(model.gateways.map((gateway) => [gateway.cluster, gateway]));
  const managed = new Set(model.fleetMemberships.map((membership) => membership.cluster));
  const sqlClientClusters = new Set(model.sqlClients.map((client) => client.cluster));
  const defenderClusters = new Set(model.defenders.map((defender) => defender.cluster));

  // Outside the VPC: who connects in.
  const gatewayClients = (internal: boolean) => ids.get(`clients:${internal}`, internal ? 'clients_vpc' : 'clients_internet');
  if (model.gateways.some((gateway) => !gateway.internal)) add(1, `${gatewayClients(false)}(["clients on the Internet"])`);
  if (model.gateways.some((gateway) => gateway.internal)) add(1, `${gatewayClients(true)}(["clients in the VPC<br/>(internal load balancer)"])`);

  const renderCluster = (depth: number, cluster: Cluster) => {
    add(depth, `subgraph ${ids.get(`gke:${cluster.name}`, `gke_${cluster.name}`)}["GKE cluster ${text(cluster.name)}"]`);
    const details = [
      `${text(cluster.name)} · ${text(cluster.location)}`,
      cluster.masterCidr
        ? `control plane ${cluster.masterCidr}, ${cluster.privateEndpoint ? 'private endpoint only' : 'public endpoint (authorized networks)'}`
        : cluster.privateEndpoint
          ? 'private endpoint only'
          : 'public endpoint',
      ...cluster.pools.map((pool) => `pool ${text(pool.name)}: ${text(pool.machineType ?? '?')} × ${pool.min ?? '?'}–${pool.max ?? '?'}${cluster.privateNodes ? ', private nodes' : ''}`),
      ...(cluster.tags.length > 0 ? [`node tags ${cluster.tags.map(text).join(', ')}`] : []),
    ];
    const install = installByCluster.get(cluster.name);
    if (install) details.push(`ASM${install.revision ? ` ${text(install.revision)}` : ''} in-cluster (asmcli)`);
    if (managed.has(cluster.name)) details.push('managed ASM control plane (fleet)');
    add(depth + 1, `${clusterId(cluster.name)}["${details.join('<br/>')}"]`);
    const gateway = gatewaysByCluster.get(cluster.name);
    if (gateway) {
      const hosts = gateway.hosts.length > 0 ? `<br/>${gateway.hosts.map(text).join(', ')}` : '';
      add(depth + 1, `${ids.get(`gateway:${cluster.name}`, `gateway_${cluster.name}`)}{{"ingress gateway<br/>${gateway.internal ? 'internal' : 'external'} load balancer${hosts}"}}`);
    }
    if (sqlClientClusters.has(cluster.name)) {
      add(depth + 1, `${ids.get(`sqlclient:${cluster.name}`, `sqlclient_${cluster.name}`)}["Cloud SQL client<br/>Auth Proxy sidecar"]`);
    }
    if (defenderClusters.has(cluster.name)) {
      add(depth + 1, `${ids.get(`defender:${cluster.name}`, `defender_${cluster.name}`)}["Prisma Cloud Defender<br/>DaemonSet"]`);
    }
    add(depth, 'end');
  };

  const placedClusters = new Set<string>();
  const firewallEdges: string[] = [];
  const tagLinks: string[] = [];
  const renderFirewalls = (depth: number, rules: readonly FirewallRule[], networkName: string) => {
    if (rules.length === 0) return;
    add(depth, `subgraph ${ids.get(`firewall:${networkName}`, `firewall_${networkName}`)}["firewall rules of ${text(networkName)}"]`);
    const targets = new Map<string, string>();
    for (const rule of rules) {
      const ingress = rule.direction !== 'EGRESS';
      const rangesId = ids.get(`fw-ranges:${rule.name}`, `fw_${rule.name}`);
      const rangeLines = [
        ...rule.ranges.map((cidr) => `${cidr} ${describeRange(model, cidr)}`),
        ...rule.sourceTags.map((tag) => `nodes tagged ${text(tag)}`),
      ];
      add(depth + 1, `${rangesId}(["${rangeLines.length > 0 ? rangeLines.join('<br/>') : 'any'}"])`);
      const targetKey = rule.targetTags.join(',');
      let targetId = targets.get(targetKey);
      if (!targetId) {
        targetId = ids.get(`fw-target:${networkName}:${targetKey}`, `fw_nodes_${networkName}`);
        targets.set(targetKey, targetId);
        const selected = model.clusters.filter((cluster) => rule.targetTags.length === 0 || cluster.tags.some((tag) => rule.targetTags.includes(tag)));
        const label =
          rule.targetTags.length === 0
            ? `every instance in ${text(networkName)}`
            : `nodes of ${selected.length > 0 ? selected.map((cluster) => text(cluster.name)).join(', ') : 'no cluster'}<br/>tags ${rule.targetTags.map(text).join(', ')}`;
        add(depth + 1, `${targetId}["${label}"]`);
        for (const cluster of selected) tagLinks.push(`${targetId} --- ${clusterId(cluster.name)}`);
      }
      const ports = rule.protocols
        .map((entry) => (entry.ports.length > 0 ? `${entry.protocol} ${entry.ports.join(', ')}` : entry.protocol))
        .join(' · ');
      const allPorts = rule.protocols.every((entry) => entry.ports.length === 0) ? ' (all ports)' : '';
      const label = `${rule.action === 'deny' ? 'DENY ' : ''}${text(rule.name)}<br/>${text(ports)}${allPorts}`;
      firewallEdges.push(ingress ? `${rangesId} -->|"${label}"| ${targetId}` : `${targetId} -->|"${label}"| ${rangesId}`);
    }
    add(depth, 'end');
  };

  for (const network of model.networks) {
    add(1, `subgraph ${ids.get(`network:${network.key}`, `vpc_${network.name}`)}["VPC ${text(network.name)}${network.routingMode ? ` · ${network.routingMode} routing` : ''}"]`);
    for (const subnet of model.subnets.filter((entry) => entry.network === network.key)) {
      const ranges = [`nodes ${subnet.cidr}`, ...subnet.secondary.map((range) => `${text(range.name)} ${range.cidr}`)].join('<br/>');
      add(2, `subgraph ${ids.get(`subnet:${subnet.key}`, `subnet_${subnet.name}`)}["subnet ${text(subnet.name)} · ${text(subnet.region)}<br/>${ranges}"]`);
      for (const cluster of model.clusters.filter((entry) => entry.subnet === subnet.key)) {
        renderCluster(3, cluster);
        placedClusters.add(cluster.name);
      }
      add(2, 'end');
    }
    for (const cluster of model.clusters.filter((entry) => !placedClusters.has(entry.name) && entry.network === network.key)) {
      renderCluster(2, cluster);
      placedClusters.add(cluster.name);
    }
    for (const nat of model.nats.filter((entry) => entry.network === network.key)) {
      add(2, `${ids.get(`nat:${nat.name}`, `nat_${nat.name}`)}("Cloud NAT ${text(nat.name)}${nat.region ? `<br/>${text(nat.region)}` : ''}")`);
    }
    for (const range of model.privateServiceRanges.filter((entry) => entry.network === network.key)) {
      add(2, `${ids.get(`psa:${range.name}`, `psa_${range.name}`)}["private services access<br/>${text(range.name)} ${range.cidr}"]`);
    }
    renderFirewalls(2, model.firewalls.filter((rule) => rule.network === network.key), network.name);
    add(1, 'end');
  }
  for (const cluster of model.clusters.filter((entry) => !placedClusters.has(entry.name))) renderCluster(1, cluster);
  const knownNetworks = new Set(model.networks.map((network) => network.key));
  renderFirewalls(1, model.firewalls.filter((rule) => !rule.network || !knownNetworks.has(rule.network)), 'other networks');

  // Managed mesh, SQL and Prisma sit outside the VPC.
  const fleetId = ids.get('fleet', 'fleet_mesh');
  if (model.fleetMemberships.length > 0) add(1, `${fleetId}(["fleet service mesh<br/>Google-managed control plane"])`);
  for (const instance of model.sqlInstances) {
    const lines = [
      `Cloud SQL ${text(instance.name)}`,
      [instance.databaseVersion, instance.tier, instance.availability].filter(Boolean).map((part) => text(part!)).join(' · '),
      `${instance.region ? `${text(instance.region)} · ` : ''}${instance.publicIp ? 'public and private IP' : 'private IP only'}`,
      ...(instance.sslMode ? [`SSL ${text(instance.sslMode)}`] : []),
      ...(instance.databases.length > 0 ? [`databases ${instance.databases.map(text).join(', ')}`] : []),
    ].filter((line) => line.length > 0);
    add(1, `${ids.get(`sql:${instance.name}`, `sql_${instance.name}`)}[("${lines.join('<br/>')}")]`);
  }
  const consoleId = ids.get('prisma', 'prisma_console');
  if (model.defenders.length > 0) {
    add(1, `${consoleId}(["Prisma Cloud console${model.prismaConsoles.length > 0 ? `<br/>${model.prismaConsoles.map(text).join(', ')}` : ''}"])`);
  }

  // Edges.
  lines.push('');
  for (const edge of firewallEdges) add(1, edge);
  for (const link of tagLinks) add(1, link);
  for (const link of model.remoteSecrets) {
    add(1, `${clusterId(link.inCluster)} -.->|"remote secret: istiod reads the API server"| ${clusterId(link.remote)}`);
  }
  for (const membership of model.fleetMemberships) {
    add(1, `${fleetId} -.->|"fleet membership${membership.management ? `<br/>${text(membership.management)}` : ''}"| ${clusterId(membership.cluster)}`);
  }
  for (const gateway of model.gateways) {
    add(1, `${gatewayClients(gateway.internal)} -->|"${gateway.ports.map(text).join(', ')}"| ${ids.get(`gateway:${gateway.cluster}`, `gateway_${gateway.cluster}`)}`);
  }
  for (const instance of model.sqlInstances) {
    const sqlId = ids.get(`sql:${instance.name}`, `sql_${instance.name}`);
    for (const range of model.privateServiceRanges.filter((entry) => entry.network !== undefined && entry.network === instance.network)) {
      add(1, `${ids.get(`psa:${range.name}`, `psa_${range.name}`)} ---|"VPC peering"| ${sqlId}`);
    }
  }
  for (const client of model.sqlClients) {
    add(1, `${ids.get(`sqlclient:${client.cluster}`, `sqlclient_${client.cluster}`)} -->|"private IP, IAM auth"| ${ids.get(`sql:${client.instance}`, `sql_${client.instance}`)}`);
  }
  for (const defender of model.defenders) {
    add(1, `${ids.get(`defender:${defender.cluster}`, `defender_${defender.cluster}`)} -->|"tls 443"| ${consoleId}`);
  }
  return lines.join('\n');
}

/** What a firewall range is, from the subnets and clusters that use it. */
function describeRange(model: ArchitectureModel, cidr: string): string {
  const names: string[] = [];
  for (const cluster of model.clusters) {
    if (cluster.masterCidr === cidr) names.push(`control plane of ${cluster.name}`);
  }
  for (const subnet of model.subnets) {
    const owner = model.clusters.find((cluster) => cluster.subnet === subnet.key)?.name;
    const of = owner ? ` of ${owner}` : ` in ${subnet.name}`;
    if (subnet.cidr === cidr) names.push(`nodes${of}`);
    for (const range of subnet.secondary) if (range.cidr === cidr) names.push(`${range.name}${of}`);
  }
  if (GOOGLE_RANGES[cidr]) names.push(GOOGLE_RANGES[cidr]);
  return names.length > 0 ? text(names.join(', ')) : '';
}

function legend(model: ArchitectureModel): string[] {
  const lines = [
    '- Nested boxes: the VPC, its subnets (node range and secondary pod/service ranges) and the GKE cluster in each subnet.',
    '- "firewall rules" box: one solid arrow per rule, from the source ranges it allows (named after the cluster ranges they match) to the nodes its target tags select, labelled with the rule name, protocols and ports; plain lines tie those nodes to their clusters.',
  ];
  if (model.remoteSecrets.length > 0) {
    lines.push('- Dotted arrows between clusters: the remote secrets of the in-cluster mesh; the arrow points from the cluster whose istiod reads to the cluster whose API server it reads (endpoint discovery).');
  }
  if (model.fleetMemberships.length > 0) {
    lines.push('- Dotted arrows from the fleet: the managed control plane (Cloud Service Mesh) that every member cluster gets; no remote secrets are needed.');
  }
  if (model.gateways.length > 0) {
    lines.push('- Hexagons: the ingress gateway of each cluster, behind an internal or external load balancer; the arrow into it shows the listener ports.');
  }
  if (model.sqlInstances.length > 0) {
    lines.push('- Cylinder: the Cloud SQL instance, peered with the VPC through private services access; each cluster\'s client reaches it through the Auth Proxy.');
  }
  if (model.defenders.length > 0) {
    lines.push('- Prisma Cloud: the Defender DaemonSet in each cluster and the console it connects to.');
  }
  if (model.nats.length > 0) lines.push('- Rounded boxes in the VPC: Cloud NAT per region, the private nodes\' way out to the Internet.');
  return lines;
}

/** Unique, stable Mermaid IDs. */
class Ids {
  private readonly byKey = new Map<string, string>();
  private readonly used = new Set<string>();

  get(key: string, wanted: string): string {
    const existing = this.byKey.get(key);
    if (existing) return existing;
    const base = wanted.replace(/[^A-Za-z0-9_]/g, '_');
    let id = base;
    for (let suffix = 2; this.used.has(id); suffix++) id = `${base}_${suffix}`;
    this.byKey.set(key, id);
    this.used.add(id);
    return id;
  }
}

/** Text safe inside a quoted Mermaid label. */
function text(value: string): string {
  return value.replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

// ---------------------------------------------------------------------------------------------

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byName(a: { name: string }, b: { name: string }): number {
  return compare(a.name, b.name);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function blockList(value: unknown): Body[] {
  if (Array.isArray(value)) return value.filter((item): item is Body => Boolean(item) && typeof item === 'object');
  return value && typeof value === 'object' ? [value as Body] : [];
}

function labelsOf(body: Body): Record<string, string> {
  return ((firstBlock(body.metadata)?.labels ?? {}) as Record<string, string>) ?? {};
}

function annotationsOf(body: Body): Record<string, string> {
  return ((firstBlock(body.metadata)?.annotations ?? {}) as Record<string, string>) ?? {};
}

function firstKey(value: unknown): string | undefined {
  return value && typeof value === 'object' ? Object.keys(value).sort()[0] : undefined;
}

/** Every value under `key` anywhere in a nested object. */
function findAll(value: unknown, key: string): unknown[] {
  const found: unknown[] = [];
  const walk = (item: unknown) => {
    if (Array.isArray(item)) item.forEach(walk);
    else if (item && typeof item === 'object') {
      for (const [name, child] of Object.entries(item)) {
        if (name === key) found.push(child);
        walk(child);
      }
    }
  };
  walk(value);
  return found;
}

function dedupe<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = keyOf(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
