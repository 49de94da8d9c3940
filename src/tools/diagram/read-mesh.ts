import type { AsmInstallTarget } from '../../../lib/mesh/asm-install';
import { SERVICE_MESH_FEATURE } from '../../../lib/mesh/fleet-service-mesh';
import { GATEWAY_LABELS, LOAD_BALANCER_TYPE_ANNOTATION, STATUS_PORT_NAME } from '../../../lib/workloads/ingress-gateway';
import { REMOTE_CLUSTER_ANNOTATION, REMOTE_SECRET_LABEL } from '../../../lib/mesh/remote-secret';
import { type BlockConfig, blockList, firstBlock, strings } from '../../../lib/core/synthesized-stack';
import { annotationsOf, type AppBlocks, compare, labelsOf, str } from './app-blocks';
import type { ArchitectureModel, Gateway } from './model';

type MeshModel = Pick<ArchitectureModel, 'installs' | 'remoteSecrets' | 'fleetMemberships' | 'gateways'>;

/** The control planes (asmcli installs or the fleet), the remote secrets between clusters and the ingress gateways. */
export function readMesh(app: AppBlocks): MeshModel {
  const installs = app
    .resources('terraform_data')
    .flatMap((block) => {
      // An AsmInstall's input names the cluster and revision it installs.
      const target = (block.config.input ?? {}) as Partial<AsmInstallTarget>;
      const cluster = str(target.ASM_CLUSTER);
      return cluster === undefined ? [] : [{ cluster, revision: str(target.ASM_REVISION) }];
    })
    .sort((a, b) => compare(a.cluster, b.cluster));

  const remoteSecrets = app
    .resources('kubernetes_secret_v1')
    .filter((block) => labelsOf(block.config)[REMOTE_SECRET_LABEL] === 'true')
    .map((block) => ({ inCluster: app.clusterOf(block), remote: annotationsOf(block.config)[REMOTE_CLUSTER_ANNOTATION] }))
    .filter((link): link is { inCluster: string; remote: string } => link.inCluster !== undefined && link.remote !== undefined)
    .sort((a, b) => compare(`${a.inCluster}/${a.remote}`, `${b.inCluster}/${b.remote}`));

  const meshFeatures = new Set(
    app
      .resources('google_gke_hub_feature')
      .filter((block) => block.config.name === SERVICE_MESH_FEATURE)
      .map((block) => block.address),
  );
  const fleetMemberships = app
    .resources('google_gke_hub_feature_membership')
    .filter(
      (block) =>
        meshFeatures.has(block.stack.referencedBlock(block.config.feature, 'google_gke_hub_feature')?.address ?? '') ||
        firstBlock(block.config.mesh) !== undefined,
    )
    .map((block) => ({
      cluster: app.clusterNameIn(block.stack, block.config.membership) ?? str(block.config.membership) ?? block.name,
      management: str(firstBlock(block.config.mesh)?.management),
    }))
    .sort((a, b) => compare(a.cluster, b.cluster));

  return { installs, remoteSecrets, fleetMemberships, gateways: readGateways(app) };
}

function readGateways(app: AppBlocks): Gateway[] {
  const hostsByCluster = new Map<string, string[]>();
  for (const block of app.resources('kubernetes_manifest')) {
    const manifest = (block.config.manifest ?? {}) as BlockConfig;
    const cluster = app.clusterOf(block);
    if (manifest.kind !== 'Gateway' || !cluster) continue;
    const servers = blockList(((manifest.spec ?? {}) as BlockConfig).servers);
    hostsByCluster.set(cluster, [...(hostsByCluster.get(cluster) ?? []), ...servers.flatMap((server) => strings(server.hosts))]);
  }
  return app
    .resources('kubernetes_service_v1')
    .filter((block) => firstBlock(block.config.spec)?.type === 'LoadBalancer' && labelsOf(block.config).istio === GATEWAY_LABELS.istio)
    .map((block) => {
      const cluster = app.clusterOf(block) ?? block.name;
      const ports = blockList(firstBlock(block.config.spec)?.port)
        .filter((port) => port.name !== STATUS_PORT_NAME)
        .map((port) => ({ protocol: String(port.protocol ?? 'TCP').toLowerCase(), port: String(port.port) }));
      return {
        cluster,
        internal: annotationsOf(block.config)[LOAD_BALANCER_TYPE_ANNOTATION] === 'Internal',
        ports: [...new Set(ports.map((port) => port.protocol))].map(
          (protocol) =>
            `${protocol} ${ports
              .filter((port) => port.protocol === protocol)
              .map((port) => port.port)
              .join(', ')}`,
        ),
        hosts: [...new Set(hostsByCluster.get(cluster) ?? [])].sort(),
      };
    })
    .sort((a, b) => compare(a.cluster, b.cluster));
}
