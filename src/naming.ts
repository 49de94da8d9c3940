import { createHash } from 'crypto';
import type { ClusterConfig, MeshConfig } from './config';

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

/** Service account ID of a cluster's nodes: 6-30 characters, shortened with a hash when needed. */
export function nodeServiceAccountId(cluster: ClusterConfig): string {
  const id = `gke-${cluster.name}`;
  if (id.length <= 30) return id.length >= 6 ? id : `${id}-nodes`;
  const hash = createHash('sha256').update(cluster.name).digest('hex').slice(0, 6);
  return `${id.slice(0, 23).replace(/-+$/, '')}-${hash}`;
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
export function getCredentialsCommand(config: MeshConfig, cluster: ClusterConfig): string {
  const internal = cluster.privateEndpoint ? ' --internal-ip' : '';
  return `gcloud container clusters get-credentials ${cluster.name} --location ${cluster.location} --project ${config.project}${internal}`;
}
