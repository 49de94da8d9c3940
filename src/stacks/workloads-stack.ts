import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { type Construct } from 'constructs';
import { AppNamespace } from '../../lib/workloads/app-namespace';
import type { CloudSqlClient } from '../../lib/data/cloud-sql-client';
import { GatewayCertificate } from '../../lib/workloads/gateway-certificate';
import { HelloworldSample } from '../../lib/workloads/helloworld-sample';
import { IngressGateway } from '../../lib/workloads/ingress-gateway';
import { MeshAccessLogging } from '../../lib/mesh/mesh-access-logging';
import type { RevisionRestart } from '../../lib/mesh/revision-restart';
import type { PrismaDefender } from '../../lib/workloads/prisma-defender';
import { StrictMtls } from '../../lib/mesh/strict-mtls';
import { ISTIO_NAMESPACE } from '../../lib/core/mesh-conventions';
import type { MeshConfig } from '../config/types';
import { connectClusters } from './cluster-connections';
import * as loadFeature from '../features/load';

export interface WorkloadsStackProps {
  readonly config: MeshConfig;
}

/** What each cluster got, for tests and docs. */
export interface ClusterWorkloads {
  readonly gateway: IngressGateway;
  readonly mtls: StrictMtls;
  /** Managed mode, when an overlay sets `meshConfig.accessLogFile`: the mesh-wide Telemetry. */
  readonly accessLogging?: MeshAccessLogging;
  readonly sampleNamespace?: AppNamespace;
  readonly sample?: HelloworldSample;
  readonly cloudSqlClient?: CloudSqlClient;
  readonly defender?: PrismaDefender;
  /** In-cluster mode: restarts what still runs another revision after an upgrade. */
  readonly restart?: RevisionRestart;
}

/**
 * What makes the mesh usable and safe, in every cluster: a TLS ingress gateway, mesh-wide STRICT
 * mTLS, and the cross-cluster helloworld sample in a restricted, default-deny namespace.
 * Istio resources are `kubernetes_manifest`s, so the mesh's CRDs must exist at plan time: this
 * stack deploys after `mesh`.
 */
export class WorkloadsStack extends TerraformStack {
  public readonly clusters: ReadonlyMap<string, ClusterWorkloads>;

  constructor(scope: Construct, id: string, props: WorkloadsStackProps) {
    super(scope, id);
    const { config } = props;
    new GoogleProvider(this, 'google', { project: config.project, region: config.region });
    if (config.ingress.certificate.kind === 'self-signed') new TlsProvider(this, 'tls');
    const certificate = new GatewayCertificate(this, 'certificate', { host: config.ingress.host, source: config.ingress.certificate });

    const connections = connectClusters(this, config);
    const prisma = config.prismaCloud.enabled ? loadFeature.prismaCloud() : undefined;
    const prismaCredentials = prisma?.prismaCredentials(this);
    const clusters = new Map<string, ClusterWorkloads>();
    // A cluster leaving the mesh keeps its provider (connections) but loses everything here.
    for (const cluster of config.mesh.members) {
      const provider = connections.get(cluster.name)!.provider;
      const gateway = new IngressGateway(this, `gateway-${cluster.name}`, {
        provider,
        revision: cluster.revision,
        host: config.ingress.host,
        internal: config.ingress.internal,
        minReplicas: config.ingress.minReplicas,
        maxReplicas: config.ingress.maxReplicas,
        certificatePem: certificate.certificatePem,
        privateKeyPem: certificate.privateKeyPem,
      });
      const mtls = new StrictMtls(this, `mtls-${cluster.name}`, { provider, rootNamespace: ISTIO_NAMESPACE });
      // Managed mode: the access logs an overlay asks for, where TRAFFIC_DIRECTOR reads them.
      const accessLogging = config.asm.managed?.accessLogging
        ? new MeshAccessLogging(this, `access-logging-${cluster.name}`, { provider, rootNamespace: ISTIO_NAMESPACE })
        : undefined;

      let sampleNamespace: AppNamespace | undefined;
      let sample: HelloworldSample | undefined;
      if (config.sample.enabled) {
        sampleNamespace = new AppNamespace(this, `sample-namespace-${cluster.name}`, {
          provider,
          name: config.sample.namespace,
          revision: cluster.revision,
          allowFromNamespaces: [gateway.namespaceName],
          meshPeerCidrs: cluster.peers.map((peer) => peer.podCidr),
        });
        sample = new HelloworldSample(this, `sample-${cluster.name}`, {
          provider,
          namespace: config.sample.namespace,
          version: cluster.sampleVersion,
          helloworldImage: cluster.sampleVersion === 'v1' ? config.sample.images.helloworldV1 : config.sample.images.helloworldV2,
          sleepImage: config.sample.images.sleep,
          host: config.ingress.host,
          gateway: gateway.gatewayRef,
          dependsOn: [sampleNamespace.namespace],
        });
      }
      const cloudSqlClient = config.cloudSql.enabled ? loadFeature.cloudSql().addCloudSqlClient(this, config, cluster, provider) : undefined;
      const defender = prisma && prismaCredentials ? prisma.addPrismaDefender(this, config, cluster, provider, prismaCredentials) : undefined;
      // A new revision: pods keep their old sidecars until restarted (the upgrade's first step).
      const restart =
        config.asm.mode === 'in-cluster'
          ? loadFeature.inClusterMesh().addRevisionRestart(this, `restart-${cluster.name}`, {
              project: cluster.project,
              clusterName: cluster.name,
              clusterLocation: cluster.location,
              usePrivateEndpoint: cluster.privateEndpoint,
              revision: cluster.revision,
              // Every meshed namespace this stack labels with the revision.
              namespaces: [gateway.namespaceName, ...(sampleNamespace ? [sampleNamespace.name] : []), ...(cloudSqlClient ? [config.cloudSql.namespace] : [])],
              dependsOn: [gateway.deployment, ...(sampleNamespace ? [sampleNamespace.namespace] : []), ...(cloudSqlClient ? [cloudSqlClient.deployment] : [])],
            })
          : undefined;
      clusters.set(cluster.name, { gateway, mtls, accessLogging, sampleNamespace, sample, cloudSqlClient, defender, restart });

      new TerraformOutput(this, `gateway_${cluster.name.replace(/-/g, '_')}`, {
        description: `Load balancer address of the ingress gateway in ${cluster.name}.`,
        value: gateway.address,
      });
    }
    this.clusters = clusters;
  }
}
