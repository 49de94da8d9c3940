import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { AppNamespace } from '../../lib/app-namespace';
import { CloudSqlClient } from '../../lib/cloud-sql-client';
import { GatewayCertificate, GatewayCertificateSource } from '../../lib/gateway-certificate';
import { HelloworldSample } from '../../lib/helloworld-sample';
import { IngressGateway } from '../../lib/ingress-gateway';
import { PrismaDefender } from '../../lib/prisma-defender';
import { StrictMtls } from '../../lib/strict-mtls';
import type { MeshConfig } from '../config';
import { CLOUD_SQL_CLIENT_NAME, cloudSqlClientEmail, cloudSqlConnectionName, cloudSqlDatabaseUser } from '../naming';
import { deployedVersion } from '../verify';
import { ISTIO_NAMESPACE } from './mesh-stack';
import { connectClusters } from './cluster-connections';

export interface WorkloadsStackProps {
  readonly config: MeshConfig;
}

/** What each cluster got, for tests and docs. */
export interface ClusterWorkloads {
  readonly gateway: IngressGateway;
  readonly mtls: StrictMtls;
  readonly sampleNamespace?: AppNamespace;
  readonly sample?: HelloworldSample;
  readonly cloudSqlClient?: CloudSqlClient;
  readonly defender?: PrismaDefender;
}

/** Sensitive variables for the Defender's credentials: never in the config, never in the JSON. */
export const PRISMA_VARIABLES = {
  installBundle: 'prisma_install_bundle',
  serviceParameter: 'prisma_service_parameter',
  websocketAddress: 'prisma_ws_address',
} as const;


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
    const certificateConfig = config.ingress.certificate;
    if (certificateConfig.source === 'self-signed') new TlsProvider(this, 'tls');
    const source: GatewayCertificateSource =
      certificateConfig.source === 'secret-manager'
        ? { kind: 'secret-manager', certificate: certificateConfig.certificateSecret, privateKey: certificateConfig.privateKeySecret }
        : { kind: certificateConfig.source };
    const certificate = new GatewayCertificate(this, 'certificate', { host: config.ingress.host, source });

    const connections = connectClusters(this, config);
    const prismaCredentials = config.prismaCloud.enabled ? this.prismaCredentials() : undefined;
    const clusters = new Map<string, ClusterWorkloads>();
    config.clusters.forEach((cluster, index) => {
      const provider = connections.get(cluster.name)!.provider;
      const gateway = new IngressGateway(this, `gateway-${cluster.name}`, {
        provider,
        revision: config.asm.revision,
        host: config.ingress.host,
        internal: config.ingress.internal,
        minReplicas: config.ingress.minReplicas,
        maxReplicas: config.ingress.maxReplicas,
        certificatePem: certificate.certificatePem,
        privateKeyPem: certificate.privateKeyPem,
      });
      const mtls = new StrictMtls(this, `mtls-${cluster.name}`, { provider, rootNamespace: ISTIO_NAMESPACE });

      let sampleNamespace: AppNamespace | undefined;
      let sample: HelloworldSample | undefined;
      if (config.sample.enabled) {
        sampleNamespace = new AppNamespace(this, `sample-namespace-${cluster.name}`, {
          provider,
          name: config.sample.namespace,
          revision: config.asm.revision,
          allowFromNamespaces: [gateway.namespaceName],
          meshPeerCidrs: config.clusters.filter((peer) => peer.name !== cluster.name).map((peer) => peer.podCidr),
        });
        sample = new HelloworldSample(this, `sample-${cluster.name}`, {
          provider,
          namespace: config.sample.namespace,
          version: deployedVersion(index) as 'v1' | 'v2',
          host: config.ingress.host,
          gateway: gateway.gatewayRef,
          dependsOn: [sampleNamespace.namespace],
        });
      }
      let cloudSqlClient: CloudSqlClient | undefined;
      if (config.cloudSql.enabled) {
        const namespace = new AppNamespace(this, `db-namespace-${cluster.name}`, {
          provider,
          name: config.cloudSql.namespace,
          revision: config.asm.revision,
        });
        cloudSqlClient = new CloudSqlClient(this, `db-client-${cluster.name}`, {
          provider,
          name: CLOUD_SQL_CLIENT_NAME,
          namespace: config.cloudSql.namespace,
          instanceConnectionName: cloudSqlConnectionName(config),
          googleServiceAccount: cloudSqlClientEmail(config),
          databaseUser: cloudSqlDatabaseUser(config),
          database: config.cloudSql.databases[0],
          dependsOn: [namespace.namespace],
        });
      }

      const defender = prismaCredentials
        ? new PrismaDefender(this, `defender-${cluster.name}`, {
            provider,
            consoleAddress: config.prismaCloud.consoleAddress,
            image: config.prismaCloud.defenderImage,
            clusterName: cluster.name,
            namespace: config.prismaCloud.namespace,
            collectPodLabels: config.prismaCloud.collectPodLabels,
            monitorServiceAccounts: config.prismaCloud.monitorServiceAccounts,
            monitorIstio: config.prismaCloud.monitorIstio,
            ...prismaCredentials,
          })
        : undefined;
      clusters.set(cluster.name, { gateway, mtls, sampleNamespace, sample, cloudSqlClient, defender });

      new TerraformOutput(this, `gateway_${cluster.name.replace(/-/g, '_')}`, {
        description: `Load balancer address of the ingress gateway in ${cluster.name}.`,
        value: gateway.service.status.get(0).loadBalancer.get(0).ingress.get(0).ip,
      });
    });
    this.clusters = clusters;
  }

  private prismaCredentials(): { installBundle: string; serviceParameter: string; websocketAddress: string } {
    const variable = (name: string, description: string) => {
      const value = new TerraformVariable(this, name, { type: 'string', sensitive: true, nullable: false, description });
      value.overrideLogicalId(name);
      return value.stringValue;
    };
    return {
      installBundle: variable(PRISMA_VARIABLES.installBundle, 'Prisma Cloud Defender install bundle (Compute > Manage > Defenders > Deploy).'),
      serviceParameter: variable(PRISMA_VARIABLES.serviceParameter, 'Prisma Cloud Defender service parameter.'),
      websocketAddress: variable(PRISMA_VARIABLES.websocketAddress, 'Prisma Cloud console WebSocket address, such as wss://us-east1.cloud.twistlock.com:443.'),
    };
  }
}
