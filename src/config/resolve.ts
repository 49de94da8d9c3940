import * as path from 'path';
import type { ParsedMeshConfig } from './schema';
import type { PlannedRanges } from './cidr-planner';
import {
  CLOUD_SQL_CLIENT_NAME,
  cloudSqlClientAccountId,
  getCredentialsCommand,
  kubeContext,
  nodeServiceAccountId,
  nodeTag,
  routerName,
  subnetName,
  workloadPool,
} from './naming';
import type { ClusterConfig, MeshConfig, MeshFacts, OverlayFile, SampleVersion } from './types';
import type { SecretVersionRef } from '../../lib/workloads/gateway-certificate';
import { managedRevision } from '../../lib/mesh/managed-control-plane';

/** The repository root: default config and default overlays are found relative to it. */
export const APP_ROOT = path.resolve(__dirname, '..', '..');

/** Applied first unless `asm.defaultOverlays` is false: egress lock-down, multi-cluster identity, access logs. */
export const DEFAULT_OVERLAYS = ['egress-registry-only.yaml', 'multicluster-identity.yaml', 'access-logging.yaml'].map((file) => path.join('overlays', file));

/**
 * The overlays in install order: the defaults (unless `defaultOverlays: false`), then the config's
 * own. Listing one more overlay never drops the egress lock-down; a default listed again is applied once.
 */
export function overlayFiles(asm: Pick<ParsedMeshConfig['asm'], 'overlays' | 'defaultOverlays'>, baseDir: string): OverlayFile[] {
  const defaults = asm.defaultOverlays ? DEFAULT_OVERLAYS.map((file) => ({ path: file, absolutePath: path.join(APP_ROOT, file) })) : [];
  const listed = (asm.overlays ?? []).map((file) => ({ path: file, absolutePath: path.resolve(baseDir, file) }));
  return [...defaults, ...listed].filter((file, index, all) => all.findIndex((other) => other.absolutePath === file.absolutePath) === index);
}

/** Every derived fact, computed once from the parsed config and the planned ranges. */
export function resolveConfig(config: ParsedMeshConfig, plans: readonly PlannedRanges[], privateServicesCidr: string, baseDir: string): MeshConfig {
  const overlays = overlayFiles(config.asm, baseDir);
  const network = { ...config.network, project: config.network.hostProject ?? config.project };
  const fleetProject = config.fleetProject ?? config.project;
  const placed = config.clusters.map((cluster, index) => {
    const location = cluster.location ?? config.region;
    return { ...cluster, ...plans[index], slot: cluster.slot ?? index, project: cluster.project ?? config.project, location, region: regionOf(location) };
  });
  const inClusterRevision = config.asm.revision ?? defaultRevision(config.asm.asmcliVersion);
  const clusters: ClusterConfig[] = placed.map((cluster) => ({
    name: cluster.name,
    project: cluster.project,
    location: cluster.location,
    region: cluster.region,
    privateEndpoint: cluster.privateEndpoint,
    autopilot: cluster.autopilot,
    // Autopilot takes no pools (refused in autopilot-rules.ts when written); the schema's default is dropped.
    nodePools: cluster.autopilot ? [] : cluster.nodePools,
    releaseChannel: cluster.releaseChannel,
    // Managed: the label of the channel the control plane takes from the cluster (managed-control-plane.ts).
    revision: config.asm.mode === 'managed' ? managedRevision(cluster.releaseChannel) : inClusterRevision,
    subnetCidr: cluster.subnetCidr,
    podCidr: cluster.podCidr,
    serviceCidr: cluster.serviceCidr,
    masterCidr: cluster.masterCidr,
    subnetName: subnetName(network.name, cluster.name),
    nodeTag: nodeTag(cluster.name),
    nodeServiceAccountId: nodeServiceAccountId(cluster.name),
    kubeContext: kubeContext(cluster),
    getCredentialsCommand: getCredentialsCommand(cluster),
    // A cluster leaving the mesh peers with none, and none with it.
    peers: cluster.leaveMesh
      ? []
      : placed.filter((peer) => peer.name !== cluster.name && !peer.leaveMesh).map((peer) => ({ name: peer.name, podCidr: peer.podCidr })),
    sampleVersion: sampleVersion(cluster.slot),
    slot: cluster.slot,
    leavesMesh: cluster.leaveMesh,
  }));
  const revisions = unique(clusters.map((cluster) => cluster.revision));
  const mesh = meshFacts(config.project, network.project, fleetProject, clusters, network.name);
  return {
    project: config.project,
    region: config.region,
    network,
    fleetProject,
    clusters,
    mesh,
    authorizedNetworks: config.authorizedNetworks,
    deletionProtection: config.deletionProtection,
    rbacSecurityGroup: config.rbacSecurityGroup,
    ingress: {
      host: config.ingress.host,
      internal: config.ingress.internal,
      minReplicas: config.ingress.minReplicas,
      maxReplicas: config.ingress.maxReplicas,
      certificate:
        config.ingress.certificate.source === 'secret-manager'
          ? {
              kind: 'secret-manager',
              certificate: secretRef(config.ingress.certificate.certificateSecret!),
              privateKey: secretRef(config.ingress.certificate.privateKeySecret!),
            }
          : { kind: config.ingress.certificate.source },
    },
    sample: config.sample,
    policy: config.policy,
    state: resolveState(config, network.name),
    cloudSql: resolveCloudSql(config, privateServicesCidr, mesh),
    prismaCloud: { ...config.prismaCloud, consoleAddress: config.prismaCloud.consoleAddress ?? '', defenderImage: config.prismaCloud.defenderImage ?? '' },
    asm: {
      mode: config.asm.mode,
      overlays,
      asmcliVersion: config.asm.asmcliVersion,
      asmcliSha256: config.asm.asmcliSha256,
      revision: revisions.length === 1 ? revisions[0] : '',
      retiredRevisions: config.asm.retiredRevisions,
      // asmcli's option for clusters of several projects in one fleet.
      options: mesh.multiProject ? [...config.asm.options, 'multiproject'] : config.asm.options,
    },
  };
}

function meshFacts(project: string, networkProject: string, fleetProject: string, clusters: readonly ClusterConfig[], networkName: string): MeshFacts {
  const clusterProjects = unique(clusters.map((cluster) => cluster.project));
  const multiProject = clusterProjects.length > 1 || clusterProjects[0] !== fleetProject;
  const members = clusters.filter((cluster) => !cluster.leavesMesh);
  return {
    projects: unique([project, networkProject, fleetProject, ...clusterProjects]),
    clusterProjects,
    foreignClusterProjects: clusterProjects.filter((clusterProject) => clusterProject !== fleetProject),
    multiProject,
    trustDomainAliases: multiProject ? unique([fleetProject, ...clusterProjects]).map(workloadPool) : [],
    regions: unique(clusters.map((cluster) => cluster.region)).map((region) => ({ region, routerName: routerName(networkName, region) })),
    members,
    sampleVersions: unique(members.map((cluster) => cluster.sampleVersion)),
    meshId: (fleetProjectNumber) => `proj-${fleetProjectNumber}`,
  };
}

function resolveCloudSql(config: ParsedMeshConfig, privateServicesCidr: string, mesh: MeshFacts): MeshConfig['cloudSql'] {
  const region = config.cloudSql.region ?? config.region;
  const accountId = cloudSqlClientAccountId(config.cloudSql.instanceName);
  return {
    ...config.cloudSql,
    region,
    privateServicesCidr,
    connectionName: `${config.project}:${region}:${config.cloudSql.instanceName}`,
    client: {
      name: CLOUD_SQL_CLIENT_NAME,
      accountId,
      email: `${accountId}@${config.project}.iam.gserviceaccount.com`,
      databaseUser: `${accountId}@${config.project}.iam`,
      workloadPool: workloadPool(config.project),
      otherWorkloadPools: mesh.clusterProjects.filter((project) => project !== config.project).map((project) => ({ project, pool: workloadPool(project) })),
    },
  };
}

/** cdktf runs Terraform in <outdir>/stacks/<stack>: three levels up is the folder that holds cdktf.out. */
function localStateFile(stack: string): string {
  return `../../../terraform.${stack}.tfstate`;
}

function resolveState(config: ParsedMeshConfig, networkName: string): MeshConfig['state'] {
  if (config.state.bucket === undefined) return { backend: 'local', stateFile: localStateFile };
  const prefix = config.state.prefix ?? networkName;
  return {
    backend: 'gcs',
    bucket: config.state.bucket,
    prefix,
    project: config.state.project ?? config.project,
    location: config.state.location ?? config.region,
    kmsKeyName: config.state.kmsKeyName,
    prefixOf: (stack) => `${prefix}/${stack}`,
    stateFile: localStateFile,
  };
}

/** The helloworld version of the cluster in `slot`: v1, v2, v1, ... A removed cluster flips no other. */
function sampleVersion(slot: number): SampleVersion {
  return slot % 2 === 0 ? 'v1' : 'v2';
}

/** `1.23` -> `asm-123`; `1.23.4-asm.1+config1` -> `asm-1234-1`, as asmcli names revisions. */
export function defaultRevision(asmcliVersion: string): string {
  const full = /^(\d+)\.(\d+)\.(\d+)-asm\.(\d+)/.exec(asmcliVersion);
  if (full) return `asm-${full[1]}${full[2]}${full[3]}-${full[4]}`;
  return `asm-${asmcliVersion.replace(/\D/g, '')}`;
}

/** `projects/p/secrets/s[/versions/v]` -> its parts; the version defaults to latest. */
export function secretRef(name: string): Required<SecretVersionRef> {
  const [, project, , secret, , version] = name.split('/');
  return { project, secret, version: version ?? 'latest' };
}

/** `us-central1-a` -> `us-central1`; a region is its own region. */
export function regionOf(location: string): string {
  return /-[a-z]$/.test(location) ? location.slice(0, -2) : location;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
