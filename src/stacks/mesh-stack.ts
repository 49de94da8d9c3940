import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { type Construct } from 'constructs';
import { ControlPlaneModeLock } from '../../lib/mesh/control-plane-mode-lock';
import type { FleetServiceMesh } from '../../lib/mesh/fleet-service-mesh';
import { ISTIO_NAMESPACE, KUBERNETES_MANAGED_BY } from '../../lib/core/mesh-conventions';
import type { MeshConfig } from '../config/types';
import * as loadFeature from '../features/load';
import { connectClusters } from './cluster-connections';
import type { MeshCluster, RemoteSecretPlacement } from './mesh-cluster';

// Where they were defined before; importers keep their paths.
export { ISTIO_CRDS_FOR_WORKLOADS, type MeshCluster, type RemoteSecretPlacement } from './mesh-cluster';

export interface MeshStackProps {
  readonly config: MeshConfig;
}

/**
 * Turns the platform's clusters into one mesh: per cluster, a kubernetes provider configured
 * from data sources, the istio-system namespace, and either an asmcli install plus remote
 * secrets for every ordered pair of clusters (in-cluster), or the fleet's managed mesh.
 */
export class MeshStack extends TerraformStack {
  /** The `istio.io/rev` label for workload namespaces, when every cluster shares one (else empty: see each cluster's). */
  public readonly revision: string;
  /** One record per cluster, by name. */
  public readonly clusters: ReadonlyMap<string, MeshCluster>;
  public readonly remoteSecrets: readonly RemoteSecretPlacement[];
  public readonly fleetMesh?: FleetServiceMesh;

  constructor(scope: Construct, id: string, props: MeshStackProps) {
    super(scope, id);
    const { config } = props;
    this.revision = config.asm.revision;
    new GoogleProvider(this, 'google', { project: config.project, region: config.region });
    // One fleet, one mesh: the mesh ID is the fleet host project's number.
    // Its own ID: platform's `project` reads the cluster project, which a fleet elsewhere is not.
    const fleet = new DataGoogleProject(this, 'fleet-project', { projectId: config.fleetProject });
    const meshId = config.mesh.meshId(fleet.number);

    // Every cluster keeps its provider while it leaves the mesh, so its resources can be destroyed.
    const connections = connectClusters(this, config);
    const bases = config.mesh.members.map((cluster) => {
      const connection = connections.get(cluster.name)!;
      const istioNamespace = new NamespaceV1(this, `istio-system-${cluster.name}`, {
        provider: connection.provider,
        metadata: {
          name: ISTIO_NAMESPACE,
          // One flat VPC: every cluster is on the same Istio network, so no east-west gateway.
          labels: { 'topology.istio.io/network': config.network.name, ...KUBERNETES_MANAGED_BY },
        },
      });
      return { config: cluster, connection, istioNamespace };
    });

    let clusters: MeshCluster[];
    let remoteSecrets: RemoteSecretPlacement[] = [];
    if (config.asm.mode === 'in-cluster') {
      ({ clusters, remoteSecrets } = loadFeature.inClusterMesh().addInClusterMesh(this, config, bases, meshId));
    } else {
      const managed = loadFeature.managedMesh().addManagedMesh(this, config, bases);
      this.fleetMesh = managed.fleetMesh;
      clusters = managed.clusters;
    }
    // A running cluster never changes mode in place (the plan fails); see README "From in-cluster to managed".
    // Managed: the mesh keeps the channel it was provisioned on, so the channel is locked too.
    for (const cluster of config.mesh.members) {
      const channel = config.asm.mode === 'managed' ? cluster.releaseChannel : undefined;
      new ControlPlaneModeLock(this, `mode-lock-${cluster.name}`, { clusterName: cluster.name, mode: config.asm.mode, channel });
    }
    this.clusters = new Map(clusters.map((cluster) => [cluster.config.name, cluster]));
    this.remoteSecrets = remoteSecrets;

    new TerraformOutput(this, 'revision', {
      description: 'The istio.io/rev label for namespaces whose pods get sidecars.',
      // Managed clusters on different channels have different labels: one per cluster then.
      value: this.revision || Object.fromEntries(config.clusters.map((cluster) => [cluster.name, cluster.revision])),
    });
  }
}
