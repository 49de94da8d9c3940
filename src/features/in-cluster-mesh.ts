import { type Construct } from 'constructs';
import { type TerraformStack } from 'cdktf';
import { AsmInstall } from '../../lib/mesh/asm-install';
import { AsmRevisionRetirement } from '../../lib/mesh/asm-revision-retirement';
import { RemoteReader } from '../../lib/mesh/remote-reader';
import { RemoteSecret } from '../../lib/mesh/remote-secret';
import { RevisionRestart, type RevisionRestartProps } from '../../lib/mesh/revision-restart';
import type { MeshConfig } from '../config/types';
import { loadOverlay } from '../config/overlays';
import type { ClusterBase, MeshCluster, RemoteSecretPlacement } from '../stacks/mesh-cluster';

export interface InClusterMesh {
  readonly clusters: MeshCluster[];
  readonly remoteSecrets: RemoteSecretPlacement[];
}

/**
 * In-cluster mode (mesh stack): asmcli installs istiod in every cluster with the overlays, and
 * every cluster gets a remote secret for each other cluster's API server (cross-cluster discovery).
 */
export function addInClusterMesh(stack: TerraformStack, config: MeshConfig, bases: readonly ClusterBase[], meshId: string): InClusterMesh {
  const overlays = config.asm.overlays.map(loadOverlay);
  const clusters = bases.map((base) => {
    // No dependency between clusters: Terraform runs the installs in parallel.
    const install = new AsmInstall(stack, `asm-${base.config.name}`, {
      project: base.config.project,
      fleetProject: config.fleetProject,
      trustDomainAliases: config.mesh.trustDomainAliases,
      clusterName: base.config.name,
      clusterLocation: base.config.location,
      meshId,
      network: config.network.name,
      revision: base.config.revision,
      asmcliVersion: config.asm.asmcliVersion,
      asmcliSha256: config.asm.asmcliSha256,
      overlays: overlays.map((overlay) => ({ file: overlay.absolutePath })),
      options: config.asm.options,
      usePrivateEndpoint: base.config.privateEndpoint,
      // A new cluster has a new CA: a cluster recreated under the same name is installed again.
      clusterIdentity: base.connection.caCertificate,
      dependsOn: [base.istioNamespace],
    });
    const retirements = config.asm.retiredRevisions.map(
      (revision) => new AsmRevisionRetirement(stack, `asm-${base.config.name}-retire-${revision}`, { serving: install, revision }),
    );
    const reader = new RemoteReader(stack, `reader-${base.config.name}`, { provider: base.connection.provider, dependsOn: [base.istioNamespace] });
    return { ...base, install, retirements, reader };
  });
  // Cross-cluster discovery: in every cluster, a secret for each other cluster's API server,
  // at its private endpoint, which that cluster authorizes this one's pod range to reach.
  const remoteSecrets: RemoteSecretPlacement[] = [];
  for (const cluster of clusters) {
    for (const remote of clusters) {
      if (remote === cluster) continue;
      remoteSecrets.push({
        inCluster: cluster.config.name,
        remote: remote.config.name,
        secret: new RemoteSecret(stack, `remote-${remote.config.name}-in-${cluster.config.name}`, {
          provider: cluster.connection.provider,
          remoteClusterName: remote.config.name,
          remoteServer: remote.connection.privateEndpoint,
          remoteCaCertificate: remote.connection.caCertificate,
          remoteToken: remote.reader.token,
          dependsOn: [cluster.istioNamespace],
        }),
      });
    }
  }
  return { clusters, remoteSecrets };
}

/** In-cluster mode (workloads stack): after an upgrade, restarts what still runs another revision. */
export function addRevisionRestart(scope: Construct, id: string, props: RevisionRestartProps): RevisionRestart {
  return new RevisionRestart(scope, id, props);
}
