import type { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import type { AsmInstall } from '../../lib/mesh/asm-install';
import type { AsmRevisionRetirement } from '../../lib/mesh/asm-revision-retirement';
import type { GkeKubernetesProvider } from '../../lib/cluster/gke-kubernetes-provider';
import type { ManagedControlPlaneReady } from '../../lib/mesh/managed-control-plane-ready';
import type { RemoteReader } from '../../lib/mesh/remote-reader';
import type { RemoteSecret } from '../../lib/mesh/remote-secret';
import type { ClusterConfig } from '../config/types';

// What the mesh stack and its wiring for each mode (src/features/managed-mesh.ts and
// in-cluster-mesh.ts) share, on its own so that a feature does not import the stack that loads it.

/**
 * The Istio CRDs the workloads stack's kubernetes_manifest resources need at plan time; in
 * managed mode the mesh stack waits for them (a test checks the list against that stack).
 */
export const ISTIO_CRDS_FOR_WORKLOADS = [
  'gateways.networking.istio.io',
  'virtualservices.networking.istio.io',
  'serviceentries.networking.istio.io',
  'peerauthentications.security.istio.io',
  'telemetries.telemetry.istio.io',
];

/** What the mesh stack put in one cluster. */
export interface MeshCluster {
  readonly config: ClusterConfig;
  readonly connection: GkeKubernetesProvider;
  readonly istioNamespace: NamespaceV1;
  /** In-cluster mode. */
  readonly install?: AsmInstall;
  /** In-cluster mode: earlier revisions being removed (`asm.retiredRevisions`). */
  readonly retirements?: readonly AsmRevisionRetirement[];
  /** In-cluster mode: the token the other clusters' istiod read this API server with. */
  readonly reader?: RemoteReader;
  /** Managed mode. */
  readonly managedReady?: ManagedControlPlaneReady;
}

/** What every cluster has before its control plane: its connection and istio-system namespace. */
export type ClusterBase = Pick<MeshCluster, 'config' | 'connection' | 'istioNamespace'>;

/** A remote secret and where it lives, for tests and docs. */
export interface RemoteSecretPlacement {
  /** The cluster the secret is written to, whose istiod reads it. */
  readonly inCluster: string;
  /** The cluster the secret's kubeconfig points at. */
  readonly remote: string;
  readonly secret: RemoteSecret;
}
