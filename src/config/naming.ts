import { createHash } from 'crypto';

/**
 * Names derived from the config. Only src/config/resolve.ts calls these: every other module reads
 * the resolved facts. Config validation bounds the inputs so every derived name fits GCP's limits.
 */

/** Subnet of a cluster: `<network>-<cluster>` (at most 61 characters). */
export function subnetName(network: string, cluster: string): string {
  return `${network}-${cluster}`;
}

/** Network tag on a cluster's nodes, the firewall rules' target. */
export function nodeTag(cluster: string): string {
  return `mesh-${cluster}`;
}

/** Service account ID of a cluster's nodes. */
export function nodeServiceAccountId(cluster: string): string {
  return serviceAccountId(`gke-${cluster}`, 'nodes');
}

/** A service account ID (6-30 characters) from a longer name, shortened with a hash when needed. */
export function serviceAccountId(base: string, padding: string): string {
  if (base.length <= 30) return base.length >= 6 ? base : `${base}-${padding}`;
  const hash = createHash('sha256').update(base).digest('hex').slice(0, 6);
  return `${base.slice(0, 23).replace(/-+$/, '')}-${hash}`;
}

/** The Cloud SQL client: Kubernetes service account, Deployment and Service. */
export const CLOUD_SQL_CLIENT_NAME = 'cloud-sql-client';

export function cloudSqlClientAccountId(instanceName: string): string {
  return serviceAccountId(`sql-${instanceName}`, 'client');
}

/** A project's Workload Identity pool, which is also its trust domain. */
export function workloadPool(project: string): string {
  return `${project}.svc.id.goog`;
}

/** Router of a region; its NAT is `<router>-nat`. */
export function routerName(network: string, region: string): string {
  return `${network}-${region}`;
}

interface ClusterPlace {
  readonly name: string;
  readonly project: string;
  readonly location: string;
  readonly privateEndpoint: boolean;
}

/** The kubeconfig context `gcloud container clusters get-credentials` writes. */
export function kubeContext(cluster: ClusterPlace): string {
  return `gke_${cluster.project}_${cluster.location}_${cluster.name}`;
}

/** The gcloud command that writes a kubeconfig context for a cluster. */
export function getCredentialsCommand(cluster: ClusterPlace): string {
  const internal = cluster.privateEndpoint ? ' --internal-ip' : '';
  return `gcloud container clusters get-credentials ${cluster.name} --location ${cluster.location} --project ${cluster.project}${internal}`;
}
