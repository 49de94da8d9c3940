import type { ArchitectureModel, Cluster } from './model';
import { type Flowchart, text } from './mermaid';

/** The IDs of the boxes a cluster can hold, also the ends of edges. */
export const gatewayId = (chart: Flowchart, cluster: string) => chart.id(`gateway:${cluster}`, `gateway_${cluster}`);
export const sqlClientId = (chart: Flowchart, cluster: string) => chart.id(`sqlclient:${cluster}`, `sqlclient_${cluster}`);
export const defenderId = (chart: Flowchart, cluster: string) => chart.id(`defender:${cluster}`, `defender_${cluster}`);

/** A GKE cluster's box: its control plane, pools, tags and mesh, and what runs in it. */
export function renderCluster(chart: Flowchart, model: ArchitectureModel, depth: number, cluster: Cluster): void {
  chart.add(depth, `subgraph ${chart.id(`gke:${cluster.name}`, `gke_${cluster.name}`)}["GKE cluster ${text(cluster.name)}"]`);
  const details = [
    `${text(cluster.name)} · ${text(cluster.location)}`,
    cluster.masterCidr
      ? `control plane ${cluster.masterCidr}, ${cluster.privateEndpoint ? 'private endpoint only' : 'public endpoint (authorized networks)'}`
      : cluster.privateEndpoint
        ? 'private endpoint only'
        : 'public endpoint',
    ...cluster.pools.map(
      (pool) =>
        `pool ${text(pool.name)}: ${text(pool.machineType ?? '?')} × ${pool.min ?? '?'}–${pool.max ?? '?'}${cluster.privateNodes ? ', private nodes' : ''}`,
    ),
    ...(cluster.tags.length > 0 ? [`node tags ${cluster.tags.map(text).join(', ')}`] : []),
  ];
  const install = model.installs.find((entry) => entry.cluster === cluster.name);
  if (install) details.push(`ASM${install.revision ? ` ${text(install.revision)}` : ''} in-cluster (asmcli)`);
  if (model.fleetMemberships.some((membership) => membership.cluster === cluster.name)) details.push('managed ASM control plane (fleet)');
  chart.add(depth + 1, `${chart.clusterId(cluster.name)}["${details.join('<br/>')}"]`);
  const gateway = model.gateways.find((entry) => entry.cluster === cluster.name);
  if (gateway) {
    const hosts = gateway.hosts.length > 0 ? `<br/>${gateway.hosts.map(text).join(', ')}` : '';
    chart.add(depth + 1, `${gatewayId(chart, cluster.name)}{{"ingress gateway<br/>${gateway.internal ? 'internal' : 'external'} load balancer${hosts}"}}`);
  }
  if (model.sqlClients.some((client) => client.cluster === cluster.name)) {
    chart.add(depth + 1, `${sqlClientId(chart, cluster.name)}["Cloud SQL client<br/>Auth Proxy sidecar"]`);
  }
  if (model.defenders.some((defender) => defender.cluster === cluster.name)) {
    chart.add(depth + 1, `${defenderId(chart, cluster.name)}["Prisma Cloud Defender<br/>DaemonSet"]`);
  }
  chart.add(depth, 'end');
}
