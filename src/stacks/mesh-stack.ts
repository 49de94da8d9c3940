import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AsmInstall } from '../../lib/asm-install';
import { FleetServiceMesh } from '../../lib/fleet-service-mesh';
import { GkeKubernetesProvider } from '../../lib/gke-kubernetes-provider';
import { ManagedControlPlaneReady } from '../../lib/managed-control-plane-ready';
import { ManagedMeshConfig, managedMeshConfigMaps } from '../../lib/managed-mesh-config';
import { RemoteReader } from '../../lib/remote-reader';
import { RemoteSecret } from '../../lib/remote-secret';
import type { MeshConfig } from '../config/load';
import { loadOverlay, meshConfigYaml } from '../config/overlays';
import { connectClusters } from './cluster-connections';

export const ISTIO_NAMESPACE = 'istio-system';

/**
 * The Istio CRDs the workloads stack's kubernetes_manifest resources need at plan time; in
 * managed mode the mesh stack waits for them (a test checks the list against that stack).
 */
export const ISTIO_CRDS_FOR_WORKLOADS = [
  'gateways.networking.istio.io',
  'virtualservices.networking.istio.io',
  'serviceentries.networking.istio.io',
  'peerauthentications.security.istio.io',
];

export interface MeshStackProps {
  readonly config: MeshConfig;
}

/** A remote secret and where it lives, for tests and docs. */
export interface RemoteSecretPlacement {
  /** The cluster the secret is written to, whose istiod reads it. */
  readonly inCluster: string;
  /** The cluster the secret's kubeconfig points at. */
  readonly remote: string;
  readonly secret: RemoteSecret;
}

/**
 * Turns the platform's clusters into one mesh: per cluster, a kubernetes provider configured
 * from data sources, the istio-system namespace, and either an asmcli install plus remote
 * secrets for every ordered pair of clusters (in-cluster), or the fleet's managed mesh.
 */
export class MeshStack extends TerraformStack {
  /** The `istio.io/rev` label for workload namespaces. */
  public readonly revision: string;
  /** Kubernetes providers by cluster name. */
  public readonly clusters: ReadonlyMap<string, GkeKubernetesProvider>;
  public readonly installs: ReadonlyMap<string, AsmInstall>;
  public readonly remoteSecrets: readonly RemoteSecretPlacement[];
  public readonly fleetMesh?: FleetServiceMesh;

  constructor(scope: Construct, id: string, props: MeshStackProps) {
    super(scope, id);
    const { config } = props;
    this.revision = config.asm.revision;
    new GoogleProvider(this, 'google', { project: config.project, region: config.region });
    // One fleet, one mesh: the mesh ID is the fleet host project's number.
    const fleet = new DataGoogleProject(this, 'project', { projectId: config.fleetProject });
    const meshId = `proj-${fleet.number}`;
    const projects = [...new Set(config.clusters.map((cluster) => cluster.project))];
    const multiProject = projects.length > 1 || projects[0] !== config.fleetProject;
    // Workloads of every project's Workload Identity pool are one mesh's identities.
    const trustDomainAliases = multiProject ? [...new Set([config.fleetProject, ...projects])].map((project) => `${project}.svc.id.goog`) : [];

    const clusters = connectClusters(this, config);
    const namespaces = new Map<string, NamespaceV1>();
    for (const cluster of config.clusters) {
      const connection = clusters.get(cluster.name)!;
      namespaces.set(
        cluster.name,
        new NamespaceV1(this, `istio-system-${cluster.name}`, {
          provider: connection.provider,
          metadata: {
            name: ISTIO_NAMESPACE,
            // One flat VPC: every cluster is on the same Istio network, so no east-west gateway.
            labels: { 'topology.istio.io/network': config.network.name, 'app.kubernetes.io/managed-by': 'cdktf' },
          },
        }),
      );
    }
    this.clusters = clusters;

    const overlays = config.asm.overlays.map(loadOverlay);
    const installs = new Map<string, AsmInstall>();
    const remoteSecrets: RemoteSecretPlacement[] = [];

    if (config.asm.mode === 'in-cluster') {
      const readers = new Map<string, RemoteReader>();
      for (const cluster of config.clusters) {
        const connection = clusters.get(cluster.name)!;
        const namespace = namespaces.get(cluster.name)!;
        // No dependency between clusters: Terraform runs the installs in parallel.
        installs.set(
          cluster.name,
          new AsmInstall(this, `asm-${cluster.name}`, {
            project: cluster.project,
            fleetProject: config.fleetProject,
            trustDomainAliases,
            clusterName: cluster.name,
            clusterLocation: cluster.location,
            meshId,
            network: config.network.name,
            revision: config.asm.revision,
            asmcliVersion: config.asm.asmcliVersion,
            asmcliSha256: config.asm.asmcliSha256,
            overlays: overlays.map((overlay) => ({ file: overlay.absolutePath })),
            // asmcli's option for clusters of several projects in one fleet.
            options: multiProject ? [...config.asm.options, 'multiproject'] : config.asm.options,
            usePrivateEndpoint: cluster.privateEndpoint,
            dependsOn: [namespace],
          }),
        );
        readers.set(cluster.name, new RemoteReader(this, `reader-${cluster.name}`, { provider: connection.provider, dependsOn: [namespace] }));
      }
      // Cross-cluster discovery: in every cluster, a secret for each other cluster's API server,
      // at its private endpoint, which that cluster authorizes this one's pod range to reach.
      for (const cluster of config.clusters) {
        for (const remote of config.clusters) {
          if (remote.name === cluster.name) continue;
          const remoteConnection = clusters.get(remote.name)!;
          remoteSecrets.push({
            inCluster: cluster.name,
            remote: remote.name,
            secret: new RemoteSecret(this, `remote-${remote.name}-in-${cluster.name}`, {
              provider: clusters.get(cluster.name)!.provider,
              remoteClusterName: remote.name,
              remoteServer: remoteConnection.privateEndpoint,
              remoteCaCertificate: remoteConnection.caCertificate,
              remoteToken: readers.get(remote.name)!.token,
              dependsOn: [namespaces.get(cluster.name)!],
            }),
          });
        }
      }
    } else {
      this.fleetMesh = new FleetServiceMesh(this, 'fleet-mesh', {
        project: config.fleetProject,
        memberships: config.clusters.map((cluster) => ({
          name: cluster.name,
          membershipId: clusters.get(cluster.name)!.membershipId,
          membershipLocation: clusters.get(cluster.name)!.membershipLocation,
        })),
      });
      const meshYaml = meshConfigYaml(overlays, trustDomainAliases);
      const superseded: string[] = [];
      config.clusters.forEach((cluster, index) => {
        const connection = clusters.get(cluster.name)!;
        // The next stack plans Istio resources: it may start only once Google has provisioned.
        const ready = new ManagedControlPlaneReady(this, `managed-ready-${cluster.name}`, {
          fleetProject: config.fleetProject,
          membershipId: connection.membershipId,
          membershipLocation: connection.membershipLocation,
          project: cluster.project,
          clusterName: cluster.name,
          clusterLocation: cluster.location,
          usePrivateEndpoint: cluster.privateEndpoint,
          crds: ISTIO_CRDS_FOR_WORKLOADS,
          configMaps: managedMeshConfigMaps(),
          dependsOn: [this.fleetMesh!.memberships[index], namespaces.get(cluster.name)!],
        });
        const managedConfig = new ManagedMeshConfig(this, `managed-config-${cluster.name}`, {
          provider: connection.provider,
          meshConfigYaml: meshYaml,
          dependsOn: [ready.resource],
        });
        superseded.push(...managedConfig.supersededAddresses);
      });
      // Terraform >= 1.7: forget the old whole-ConfigMap resources without deleting them.
      this.addOverride('removed', superseded.map((from) => ({ from, lifecycle: { destroy: false } })));
    }
    this.installs = installs;
    this.remoteSecrets = remoteSecrets;

    new TerraformOutput(this, 'revision', {
      description: 'The istio.io/rev label for namespaces whose pods get sidecars.',
      value: this.revision,
    });
  }
}
