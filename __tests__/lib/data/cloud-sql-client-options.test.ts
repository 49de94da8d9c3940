import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { CloudSqlClient } from '../../../lib/data/cloud-sql-client';
import { resourceAt, resources, synth, type SynthJson, testStack } from '../../helpers';
import { kubernetesObjects } from '../../support/kubernetes-objects';
import { validateObject } from '../../support/kubernetes-object-validation';
import { type DeploymentManifest, deploymentOf } from './cloud-sql-client-fixture';

describe('CloudSqlClient', () => {
  describe('with a name, proxy image and dependsOn', () => {
    let json: SynthJson;
    let deployment: DeploymentManifest;

    beforeAll(() => {
      const stack = testStack();
      const provider = new KubernetesProvider(stack, 'k8s', { alias: 'a' });
      const namespace = new NamespaceV1(stack, 'namespace', { provider, metadata: { name: 'reports' } });
      new CloudSqlClient(stack, 'client', {
        provider,
        namespace: 'reports',
        instanceConnectionName: 'data-project:us-east4:reports-pg',
        googleServiceAccount: 'reporting@data-project.iam.gserviceaccount.com',
        databaseUser: 'reporting@data-project.iam',
        database: 'reports',
        name: 'reporter',
        proxyImage: 'registry.example.com/cloud-sql-proxy:2.15.0',
        dependsOn: [namespace],
      });
      json = synth(stack);
      deployment = deploymentOf(json);
    });

    it('names the service account, the Deployment and its labels after name', () => {
      expect((resourceAt(json, 'kubernetes_service_account_v1', 'client/service-account').metadata as { name: string }).name).toBe('reporter');
      expect(deployment.metadata).toEqual({ name: 'reporter', namespace: 'reports', labels: { app: 'reporter' } });
      expect(deployment.spec.selector).toEqual({ matchLabels: { app: 'reporter' } });
      expect(deployment.spec.template.metadata.labels).toEqual({ app: 'reporter' });
    });

    it('runs the given proxy image against the given instance', () => {
      const proxy = deployment.spec.template.spec.initContainers[0];
      expect(proxy.image).toBe('registry.example.com/cloud-sql-proxy:2.15.0');
      expect((proxy.args as string[])[(proxy.args as string[]).length - 1]).toBe('data-project:us-east4:reports-pg');
    });

    it('logs psql in as the given user and database', () => {
      const env = deployment.spec.template.spec.containers[0].env as { name: string; value: string }[];
      expect(env.find((each) => each.name === 'PGUSER')?.value).toBe('reporting@data-project.iam');
      expect(env.find((each) => each.name === 'PGDATABASE')?.value).toBe('reports');
    });

    it('puts the ServiceEntry in the namespace', () => {
      expect((resourceAt(json, 'kubernetes_manifest', 'client/admin-api').manifest as { metadata: unknown }).metadata).toEqual({
        name: 'cloud-sql-admin-api',
        namespace: 'reports',
      });
    });

    it('makes every object depend on dependsOn', () => {
      expect(resources(json, 'kubernetes_service_account_v1').find((each) => (each.metadata as { name: string }).name === 'reporter')?.depends_on).toEqual([
        'kubernetes_namespace_v1.namespace',
      ]);
      for (const manifest of resources(json, 'kubernetes_manifest')) expect(manifest.depends_on).toEqual(['kubernetes_namespace_v1.namespace']);
    });

    it('creates objects that validate against the upstream schemas', () => {
      for (const entry of kubernetesObjects(json))
        expect({ address: entry.address, problems: validateObject(entry.object) }).toEqual({ address: entry.address, problems: [] });
    });
  });
});
