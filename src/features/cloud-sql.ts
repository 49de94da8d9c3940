import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { TerraformOutput, type TerraformProvider } from 'cdktf';
import { type Construct } from 'constructs';
import { AppNamespace } from '../../lib/workloads/app-namespace';
import { CloudSqlClient } from '../../lib/data/cloud-sql-client';
import { CloudSqlIamClient } from '../../lib/data/cloud-sql-iam-client';
import { CloudSqlPostgres } from '../../lib/data/cloud-sql-postgres';
import type { MeshNetwork } from '../../lib/network/mesh-network';
import { PrivateServicesAccess } from '../../lib/data/private-services-access';
import type { ProjectServices } from '../../lib/project/project-services';
import type { ClusterConfig, MeshConfig } from '../config/types';

/** Cloud SQL for PostgreSQL on the mesh VPC's private services access, and its IAM client (platform stack). */
export function addCloudSql(scope: Construct, config: MeshConfig, network: MeshNetwork, apis: ProjectServices): CloudSqlPostgres {
  // The peering belongs to the network's project: the Shared VPC host when there is one.
  const access = new PrivateServicesAccess(scope, 'private-services', {
    project: config.network.project,
    network: network.networkId,
    name: `${config.network.name}-private-services`,
    cidr: config.cloudSql.privateServicesCidr,
    dependsOn: [...apis.enabled],
  });
  const postgres = new CloudSqlPostgres(scope, 'postgres', {
    project: config.project,
    name: config.cloudSql.instanceName,
    region: config.cloudSql.region,
    privateNetwork: network.networkId,
    databaseVersion: config.cloudSql.databaseVersion,
    tier: config.cloudSql.tier,
    availability: config.cloudSql.availability,
    sslMode: config.cloudSql.sslMode,
    databases: config.cloudSql.databases,
    backupStartTime: config.cloudSql.backupStartTime,
    maintenanceWindow: config.cloudSql.maintenanceWindow,
    deletionProtection: config.cloudSql.deletionProtection,
    dependsOn: [access.connection],
  });
  const identity = config.cloudSql.client;
  const client = new CloudSqlIamClient(scope, 'postgres-client', {
    project: config.project,
    instance: postgres.instanceName,
    accountId: identity.accountId,
    kubernetesServiceAccount: `${config.cloudSql.namespace}/${identity.name}`,
    workloadPool: identity.workloadPool,
  });
  // Clients run in every cluster; under a Shared VPC their projects have their own identity pools.
  for (const { project, pool } of identity.otherWorkloadPools) {
    new ServiceAccountIamMember(scope, `postgres-client-workload-identity-${project}`, {
      serviceAccountId: client.accountName,
      role: 'roles/iam.workloadIdentityUser',
      member: `serviceAccount:${pool}[${config.cloudSql.namespace}/${identity.name}]`,
    });
  }
  new TerraformOutput(scope, 'cloud_sql', {
    description: 'The PostgreSQL instance: connection name for the Auth Proxy, private IP, and the IAM database user.',
    value: { connection_name: postgres.connectionName, private_ip: postgres.privateIp, iam_user: client.databaseUser },
  });
  return postgres;
}

/** The Auth Proxy client in one cluster (workloads stack), in its own restricted namespace. */
export function addCloudSqlClient(scope: Construct, config: MeshConfig, cluster: ClusterConfig, provider: TerraformProvider): CloudSqlClient {
  const namespace = new AppNamespace(scope, `db-namespace-${cluster.name}`, {
    provider,
    name: config.cloudSql.namespace,
    revision: cluster.revision,
  });
  return new CloudSqlClient(scope, `db-client-${cluster.name}`, {
    provider,
    name: config.cloudSql.client.name,
    namespace: config.cloudSql.namespace,
    instanceConnectionName: config.cloudSql.connectionName,
    googleServiceAccount: config.cloudSql.client.email,
    databaseUser: config.cloudSql.client.databaseUser,
    database: config.cloudSql.databases[0],
    dependsOn: [namespace.namespace],
  });
}
