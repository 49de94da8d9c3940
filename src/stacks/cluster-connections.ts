import { DataGoogleClientConfig } from '@cdktf/provider-google/lib/data-google-client-config';
import { type Construct } from 'constructs';
import { GkeKubernetesProvider } from '../../lib/cluster/gke-kubernetes-provider';
import type { MeshConfig } from '../config/types';

/**
 * One kubernetes provider per cluster for a stack that works inside the clusters, configured
 * from data sources: only names and locations come from the config, never a token.
 */
export function connectClusters(scope: Construct, config: MeshConfig): ReadonlyMap<string, GkeKubernetesProvider> {
  const clientConfig = new DataGoogleClientConfig(scope, 'client-config');
  return new Map(
    config.clusters.map((cluster) => [
      cluster.name,
      new GkeKubernetesProvider(scope, `k8s-${cluster.name}`, {
        project: cluster.project,
        clusterName: cluster.name,
        location: cluster.location,
        clientConfig,
        usePrivateEndpoint: cluster.privateEndpoint,
      }),
    ]),
  );
}
