import { CLOUD_SQL_PROXY_CONTAINER } from '../../../lib/data/cloud-sql-client';
import { CONSOLE_ENTRY_NAME, DEFENDER_NAME } from '../../../lib/workloads/prisma-defender';
import { type BlockConfig, blockList, firstBlock, strings } from '../../../lib/core/synthesized-stack';
import { type AppBlocks, byName, compare, labelsOf, str } from './app-blocks';
import type { ArchitectureModel, SqlInstance } from './model';

type IntegrationsModel = Pick<ArchitectureModel, 'sqlInstances' | 'sqlClients' | 'defenders' | 'prismaConsoles'>;

/** The optional integrations: Cloud SQL and its clients, the Prisma Cloud Defender and its console. */
export function readIntegrations(app: AppBlocks): IntegrationsModel {
  const databases = app.resources('google_sql_database');
  const sqlInstances: SqlInstance[] = app
    .resources('google_sql_database_instance')
    .map((block) => {
      const settings = firstBlock(block.config.settings) ?? {};
      const ip = firstBlock(settings.ip_configuration) ?? {};
      return {
        key: block.address,
        name: str(block.config.name) ?? block.name,
        databaseVersion: str(block.config.database_version),
        tier: str(settings.tier),
        availability: str(settings.availability_type),
        region: str(block.config.region),
        network: block.stack.referencedBlock(ip.private_network, 'google_compute_network')?.address,
        publicIp: ip.ipv4_enabled !== false,
        sslMode: str(ip.ssl_mode),
        databases: databases
          .filter((database) => database.stack.referencedBlock(database.config.instance, 'google_sql_database_instance')?.address === block.address)
          .map((database) => str(database.config.name) ?? database.name)
          .sort(),
      };
    })
    .sort(byName);

  const instanceNames = new Set(sqlInstances.map((instance) => instance.name));
  const sqlClients = new Map<string, { cluster: string; instance: string }>();
  for (const block of [...app.resources('kubernetes_manifest'), ...app.resources('kubernetes_deployment_v1')]) {
    const cluster = app.clusterOf(block);
    const instance = proxiedInstance(block.config, instanceNames);
    if (cluster && instance) sqlClients.set(`${cluster}/${instance}`, { cluster, instance });
  }

  const defenders = app
    .resources('kubernetes_daemon_set_v1')
    .filter((block) => labelsOf(block.config).app === DEFENDER_NAME)
    .flatMap((block) => {
      const cluster = app.clusterOf(block);
      return cluster ? [{ cluster, namespace: str(firstBlock(block.config.metadata)?.namespace) }] : [];
    })
    .sort((a, b) => compare(a.cluster, b.cluster));
  const consoles = app
    .resources('kubernetes_manifest')
    .map((block) => (block.config.manifest ?? {}) as BlockConfig)
    .filter((manifest) => manifest.kind === 'ServiceEntry' && firstBlock(manifest.metadata)?.name === CONSOLE_ENTRY_NAME)
    .flatMap((manifest) => strings(((manifest.spec ?? {}) as BlockConfig).hosts));

  return {
    sqlInstances,
    sqlClients: [...sqlClients.values()].sort((a, b) => compare(`${a.cluster}/${a.instance}`, `${b.cluster}/${b.instance}`)),
    defenders,
    prismaConsoles: defenders.length > 0 ? [...new Set(consoles)].sort() : [],
  };
}

/** The instance a Cloud SQL Auth Proxy container connects to (its `project:region:instance` argument). */
function proxiedInstance(config: BlockConfig, instances: ReadonlySet<string>): string | undefined {
  const containers = ['containers', 'initContainers', 'container', 'init_container'].flatMap((key) => findAll(config, key)).flatMap(blockList);
  for (const container of containers) {
    if (container.name !== CLOUD_SQL_PROXY_CONTAINER) continue;
    for (const arg of [...strings(container.args), ...strings(container.command)]) {
      const parts = arg.split(':');
      if (parts.length === 3 && instances.has(parts[2])) return parts[2];
    }
  }
  return undefined;
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
