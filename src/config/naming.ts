import { createHash } from 'crypto';
import type { ClusterConfig, MeshConfig } from './load';

/**
 * Names derived from the config, in one place so every stack agrees on them.
 * Config validation bounds the inputs so every derived name fits GCP's limits.
 */

/** Subnet of a cluster: `<network>-<cluster>` (at most 61 characters). */
export function subnetName(config: MeshConfig, cluster: ClusterConfig): string {
  return `${config.network.name}-${cluster.name}`;
}

/** Network tag on a cluster's nodes, the firewall rules' target. */
export function nodeTag(cluster: ClusterConfig): string {
  return `mesh-${cluster.name}`;
}

/** Service account ID of a cluster's nodes. */
export function nodeServiceAccountId(cluster: ClusterConfig): string {
  return serviceAccountId(`gke-${cluster.name}`, 'nodes');
}

/** A service account ID (6-30 characters) from a longer name, shortened with a hash when needed. */
export function serviceAccountId(base: string, padding: string): string {
  if (base.length <= 30) return base.length >= 6 ? base : `${base}-${padding}`;
  const hash = createHash('sha256').update(base).digest('hex').slice(0, 6);
  return `${base.slice(0, 23).replace(/-+$/, '')}-${hash}`;
}

/** The Cloud SQL client: Kubernetes service account, Google service account, IAM database user. */
export const CLOUD_SQL_CLIENT_NAME = 'cloud-sql-client';

export function cloudSqlClientAccountId(config: MeshConfig): string {
  return serviceAccountId(`sql-${config.cloudSql.instanceName}`, 'client');
}

export function cloudSqlClientEmail(config: MeshConfig): string {
  return `${cloudSqlClientAccountId(config)}@${config.project}.iam.gserviceaccount.com`;
}

/** IAM database users are the service account email without `.gserviceaccount.com`. */
export function cloudSqlDatabaseUser(config: MeshConfig): string {
  return `${cloudSqlClientAccountId(config)}@${config.project}.iam`;
}

/** `project:region:instance`, as the Auth Proxy takes it. */
export function cloudSqlConnectionName(config: MeshConfig): string {
  return `${config.project}:${config.cloudSql.region}:${config.cloudSql.instanceName}`;
}

/** Every project the app touches: the main one, the network's, the fleet's and the clusters'. */
export function projectsInUse(config: MeshConfig): string[] {
  return [...new Set([config.project, config.network.project, config.fleetProject, ...config.clusters.map((cluster) => cluster.project)])];
}

/** Router of a region; its NAT is `<router>-nat`. */
export function routerName(config: MeshConfig, region: string): string {
  return `${config.network.name}-${region}`;
}

/** The regions the clusters use, in first-use order. */
export function regionsInUse(config: MeshConfig): string[] {
  return [...new Set(config.clusters.map((cluster) => cluster.region))];
}

/** The gcloud command that writes a kubeconfig context for a cluster. */
export function getCredentialsCommand(cluster: ClusterConfig): string {
  const internal = cluster.privateEndpoint ? ' --internal-ip' : '';
  return `gcloud container clusters get-credentials ${cluster.name} --location ${cluster.location} --project ${cluster.project}${internal}`;
}
