import type { ArchitectureModel } from './model';
import { Flowchart, label } from './mermaid';

/** Cloud SQL SSL modes in words short enough for a label line; any other mode is shown as written. */
const SSL_MODES: Readonly<Record<string, string>> = {
  TRUSTED_CLIENT_CERTIFICATE_REQUIRED: 'TLS + client certificate',
  ENCRYPTED_ONLY: 'TLS required',
  ALLOW_UNENCRYPTED_AND_ENCRYPTED: 'TLS optional',
};

/** Whether the picture of the optional integrations has anything to show. */
export function hasIntegrations(model: ArchitectureModel): boolean {
  return model.sqlInstances.length > 0 || model.defenders.length > 0;
}

/**
 * Cloud SQL and the Prisma Cloud Defender: what runs in each cluster on the left, the services
 * outside the VPC on the right, each in a box of its own so no edge to one passes through the
 * other (in the single picture the Defender's edge to its console ran through Cloud SQL).
 */
export function integrationsFlowchart(model: ArchitectureModel): string {
  const chart = new Flowchart('LR');
  const clusters = [...new Set([...model.sqlClients.map((client) => client.cluster), ...model.defenders.map((defender) => defender.cluster)])].sort();
  const sqlClientId = (cluster: string) => chart.id(`sqlclient:${cluster}`, `sqlclient_${cluster}`);
  const defenderId = (cluster: string) => chart.id(`defender:${cluster}`, `defender_${cluster}`);
  const psaId = (range: string) => chart.id(`psa:${range}`, `psa_${range}`);
  const sqlId = (instance: string) => chart.id(`sql:${instance}`, `sql_${instance}`);
  const consoleId = chart.id('prisma', 'prisma_console');
  const ranges = model.privateServiceRanges.filter((range) => model.sqlInstances.some((instance) => instance.network === range.network));

  for (const network of model.networks) {
    chart.subgraph(1, chart.id(`network:${network.key}`, `vpc_${network.name}`), `VPC ${network.name}`, () => {
      for (const cluster of clusters.filter((name) => model.clusters.find((entry) => entry.name === name)?.network === network.key)) {
        chart.subgraph(2, chart.id(`gke:${cluster}`, `gke_${cluster}`), `GKE ${cluster}`, () => {
          if (model.sqlClients.some((client) => client.cluster === cluster))
            chart.add(3, `${sqlClientId(cluster)}["${label(['Cloud SQL client', 'Auth Proxy sidecar'])}"]`);
          if (model.defenders.some((entry) => entry.cluster === cluster))
            chart.add(3, `${defenderId(cluster)}["${label(['Prisma Cloud Defender', 'DaemonSet'])}"]`);
        });
      }
      for (const range of ranges.filter((entry) => entry.network === network.key)) {
        chart.add(2, `${psaId(range.name)}["${label(['private services access', range.cidr])}"]`);
      }
    });
  }
  if (model.sqlInstances.length > 0) {
    chart.subgraph(1, chart.id('google-managed', 'google_managed'), 'Google-managed', () => {
      for (const instance of model.sqlInstances) {
        const lines = [
          `Cloud SQL ${instance.name}`,
          ...[instance.databaseVersion, instance.tier, instance.availability].filter((part): part is string => part !== undefined),
          instance.publicIp ? 'public and private IP' : 'private IP only',
          ...(instance.sslMode ? [SSL_MODES[instance.sslMode] ?? instance.sslMode] : []),
          ...instance.databases.map((database) => `database ${database}`),
        ];
        chart.add(2, `${sqlId(instance.name)}[("${label(lines)}")]`);
      }
    });
  }
  if (model.defenders.length > 0) {
    chart.subgraph(1, chart.id('outside', 'outside_google'), 'outside Google Cloud', () => {
      chart.add(2, `${consoleId}(["${label(['Prisma Cloud console', 'tls 443'])}"])`);
    });
  }

  chart.lines.push('');
  for (const client of model.sqlClients) {
    const range = ranges.find((entry) => entry.network === model.sqlInstances.find((instance) => instance.name === client.instance)?.network);
    chart.add(1, `${sqlClientId(client.cluster)} --> ${range ? psaId(range.name) : sqlId(client.instance)}`);
  }
  for (const instance of model.sqlInstances) {
    for (const range of ranges.filter((entry) => entry.network === instance.network))
      chart.add(1, `${psaId(range.name)} ---|"VPC peering"| ${sqlId(instance.name)}`);
  }
  for (const defender of model.defenders) chart.add(1, `${defenderId(defender.cluster)} --> ${consoleId}`);
  return chart.toString();
}
