import { defenderId, gatewayId, renderCluster, sqlClientId } from './cluster-box';
import { type FirewallEdges, renderFirewalls } from './firewall-boxes';
import type { ArchitectureModel } from './model';
import { Flowchart, text } from './mermaid';

const psaId = (chart: Flowchart, range: string) => chart.id(`psa:${range}`, `psa_${range}`);

/**
 * The Mermaid flowchart: who connects in, the VPC with its subnets and the clusters in them,
 * what sits outside the VPC (fleet, Cloud SQL, Prisma console), then every edge.
 */
export function mermaidFlowchart(model: ArchitectureModel): string {
  const chart = new Flowchart();
  const clientsId = (internal: boolean) => chart.id(`clients:${internal}`, internal ? 'clients_vpc' : 'clients_internet');
  if (model.gateways.some((gateway) => !gateway.internal)) chart.add(1, `${clientsId(false)}(["clients on the Internet"])`);
  if (model.gateways.some((gateway) => gateway.internal)) chart.add(1, `${clientsId(true)}(["clients in the VPC<br/>(internal load balancer)"])`);

  const firewallEdges: FirewallEdges = { rules: [], tags: [] };
  renderNetworks(chart, model, firewallEdges);

  const fleetId = chart.id('fleet', 'fleet_mesh');
  if (model.fleetMemberships.length > 0) chart.add(1, `${fleetId}(["fleet service mesh<br/>Google-managed control plane"])`);
  const sqlId = (instance: string) => chart.id(`sql:${instance}`, `sql_${instance}`);
  for (const instance of model.sqlInstances) {
    const lines = [
      `Cloud SQL ${text(instance.name)}`,
      [instance.databaseVersion, instance.tier, instance.availability]
        .filter(Boolean)
        .map((part) => text(part!))
        .join(' · '),
      `${instance.region ? `${text(instance.region)} · ` : ''}${instance.publicIp ? 'public and private IP' : 'private IP only'}`,
      ...(instance.sslMode ? [`SSL ${text(instance.sslMode)}`] : []),
      ...(instance.databases.length > 0 ? [`databases ${instance.databases.map(text).join(', ')}`] : []),
    ].filter((line) => line.length > 0);
    chart.add(1, `${sqlId(instance.name)}[("${lines.join('<br/>')}")]`);
  }
  const consoleId = chart.id('prisma', 'prisma_console');
  if (model.defenders.length > 0) {
    chart.add(1, `${consoleId}(["Prisma Cloud console${model.prismaConsoles.length > 0 ? `<br/>${model.prismaConsoles.map(text).join(', ')}` : ''}"])`);
  }

  chart.lines.push('');
  for (const edge of [...firewallEdges.rules, ...firewallEdges.tags]) chart.add(1, edge);
  for (const link of model.remoteSecrets) {
    chart.add(1, `${chart.clusterId(link.inCluster)} -.->|"remote secret: istiod reads the API server"| ${chart.clusterId(link.remote)}`);
  }
  for (const membership of model.fleetMemberships) {
    chart.add(
      1,
      `${fleetId} -.->|"fleet membership${membership.management ? `<br/>${text(membership.management)}` : ''}"| ${chart.clusterId(membership.cluster)}`,
    );
  }
  for (const gateway of model.gateways) {
    chart.add(1, `${clientsId(gateway.internal)} -->|"${gateway.ports.map(text).join(', ')}"| ${gatewayId(chart, gateway.cluster)}`);
  }
  for (const instance of model.sqlInstances) {
    for (const range of model.privateServiceRanges.filter((entry) => entry.network !== undefined && entry.network === instance.network)) {
      chart.add(1, `${psaId(chart, range.name)} ---|"VPC peering"| ${sqlId(instance.name)}`);
    }
  }
  for (const client of model.sqlClients) chart.add(1, `${sqlClientId(chart, client.cluster)} -->|"private IP, IAM auth"| ${sqlId(client.instance)}`);
  for (const defender of model.defenders) chart.add(1, `${defenderId(chart, defender.cluster)} -->|"tls 443"| ${consoleId}`);
  return chart.toString();
}

/** Each VPC's box (its subnets, clusters, NAT, private services ranges, firewall rules), then clusters outside any. */
function renderNetworks(chart: Flowchart, model: ArchitectureModel, firewallEdges: FirewallEdges): void {
  const placedClusters = new Set<string>();
  for (const network of model.networks) {
    chart.add(
      1,
      `subgraph ${chart.id(`network:${network.key}`, `vpc_${network.name}`)}["VPC ${text(network.name)}${network.routingMode ? ` · ${network.routingMode} routing` : ''}"]`,
    );
    for (const subnet of model.subnets.filter((entry) => entry.network === network.key)) {
      const ranges = [`nodes ${subnet.cidr}`, ...subnet.secondary.map((range) => `${text(range.name)} ${range.cidr}`)].join('<br/>');
      chart.add(
        2,
        `subgraph ${chart.id(`subnet:${subnet.key}`, `subnet_${subnet.name}`)}["subnet ${text(subnet.name)} · ${text(subnet.region)}<br/>${ranges}"]`,
      );
      for (const cluster of model.clusters.filter((entry) => entry.subnet === subnet.key)) {
        renderCluster(chart, model, 3, cluster);
        placedClusters.add(cluster.name);
      }
      chart.add(2, 'end');
    }
    for (const cluster of model.clusters.filter((entry) => !placedClusters.has(entry.name) && entry.network === network.key)) {
      renderCluster(chart, model, 2, cluster);
      placedClusters.add(cluster.name);
    }
    for (const nat of model.nats.filter((entry) => entry.network === network.key)) {
      chart.add(2, `${chart.id(`nat:${nat.name}`, `nat_${nat.name}`)}("Cloud NAT ${text(nat.name)}${nat.region ? `<br/>${text(nat.region)}` : ''}")`);
    }
    for (const range of model.privateServiceRanges.filter((entry) => entry.network === network.key)) {
      chart.add(2, `${psaId(chart, range.name)}["private services access<br/>${text(range.name)} ${range.cidr}"]`);
    }
    renderFirewalls(
      chart,
      model,
      2,
      model.firewalls.filter((rule) => rule.network === network.key),
      network.name,
      firewallEdges,
    );
    chart.add(1, 'end');
  }
  for (const cluster of model.clusters.filter((entry) => !placedClusters.has(entry.name))) renderCluster(chart, model, 1, cluster);
  const knownNetworks = new Set(model.networks.map((network) => network.key));
  renderFirewalls(
    chart,
    model,
    1,
    model.firewalls.filter((rule) => !rule.network || !knownNetworks.has(rule.network)),
    'other networks',
    firewallEdges,
  );
}
