/** The Cloud SQL client's base props and the shape of its Deployment, for cloud-sql-client*.test.ts. */
import { type CloudSqlClientProps } from '../../../lib/data/cloud-sql-client';
import { resourceAt, type SynthJson } from '../../helpers';

export type Props = Partial<Omit<CloudSqlClientProps, 'provider'>>;

export const BASE = {
  namespace: 'orders',
  instanceConnectionName: 'test-project:europe-west1:orders-db',
  googleServiceAccount: 'orders-sql@test-project.iam.gserviceaccount.com',
  databaseUser: 'orders-sql@test-project.iam',
  database: 'orders',
};

export interface Container {
  name: string;
  image: string;
  args?: string[];
  env?: { name: string; value: string }[];
  [field: string]: unknown;
}
export interface PodSpec {
  initContainers: Container[];
  containers: Container[];
  [field: string]: unknown;
}
export type DeploymentManifest = {
  apiVersion: string;
  kind: string;
  metadata: Record<string, unknown>;
  spec: { template: { metadata: { labels: Record<string, string>; annotations: Record<string, string> }; spec: PodSpec }; [field: string]: unknown };
};
export const deploymentOf = (json: SynthJson) => resourceAt(json, 'kubernetes_manifest', 'client/deployment').manifest as DeploymentManifest;
