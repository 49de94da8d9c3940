import { type TerraformProvider, TerraformVariable } from 'cdktf';
import { type Construct } from 'constructs';
import { PrismaDefender } from '../../lib/workloads/prisma-defender';
import type { ClusterConfig, MeshConfig } from '../config/types';

/** Sensitive variables for the Defender's credentials: never in the config, never in the JSON. */
export const PRISMA_VARIABLES = {
  installBundle: 'prisma_install_bundle',
  serviceParameter: 'prisma_service_parameter',
  websocketAddress: 'prisma_ws_address',
} as const;

export interface PrismaCredentials {
  readonly installBundle: string;
  readonly serviceParameter: string;
  readonly websocketAddress: string;
}

/** Declares the three sensitive variables once per stack. */
export function prismaCredentials(scope: Construct): PrismaCredentials {
  const variable = (name: string, description: string) => {
    const value = new TerraformVariable(scope, name, { type: 'string', sensitive: true, nullable: false, description });
    value.overrideLogicalId(name);
    return value.stringValue;
  };
  return {
    installBundle: variable(PRISMA_VARIABLES.installBundle, 'Prisma Cloud Defender install bundle (Compute > Manage > Defenders > Deploy).'),
    serviceParameter: variable(PRISMA_VARIABLES.serviceParameter, 'Prisma Cloud Defender service parameter.'),
    websocketAddress: variable(PRISMA_VARIABLES.websocketAddress, 'Prisma Cloud console WebSocket address, such as wss://us-east1.cloud.twistlock.com:443.'),
  };
}

/** The Defender in one cluster. */
export function addPrismaDefender(
  scope: Construct,
  config: MeshConfig,
  cluster: ClusterConfig,
  provider: TerraformProvider,
  credentials: PrismaCredentials,
): PrismaDefender {
  return new PrismaDefender(scope, `defender-${cluster.name}`, {
    provider,
    consoleAddress: config.prismaCloud.consoleAddress,
    image: config.prismaCloud.defenderImage,
    clusterName: cluster.name,
    namespace: config.prismaCloud.namespace,
    collectPodLabels: config.prismaCloud.collectPodLabels,
    monitorServiceAccounts: config.prismaCloud.monitorServiceAccounts,
    monitorIstio: config.prismaCloud.monitorIstio,
    ...credentials,
  });
}
