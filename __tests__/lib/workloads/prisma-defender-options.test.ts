import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { type PrismaDefender } from '../../../lib/workloads/prisma-defender';
import { logicalId, resourceAt, type SynthJson } from '../../helpers';
import { kubernetesObjects } from '../../support/kubernetes-objects';
import { validateObject } from '../../support/kubernetes-object-validation';
import { BASE_RULES, build, envOf, ISTIO_RULES } from './prisma-defender-fixture';

describe('PrismaDefender', () => {
  describe('without Istio monitoring, pod labels or service accounts, in another namespace, with dependsOn', () => {
    let construct: PrismaDefender;
    let json: SynthJson;

    beforeAll(() => {
      ({ construct, json } = build(
        {
          namespace: 'prisma-defender',
          clusterName: 'beta-cluster',
          consoleAddress: 'https://Console.Example.COM/tenant',
          collectPodLabels: false,
          monitorServiceAccounts: false,
          monitorIstio: false,
        },
        (stack, provider) => ({ dependsOn: [new NamespaceV1(stack, 'other', { provider, metadata: { name: 'other' } })] }),
      ));
    });

    it('leaves the Istio rule out of the ClusterRole', () => {
      expect(resourceAt(json, 'kubernetes_cluster_role_v1', 'defender/view').rule).toEqual(BASE_RULES);
      expect(JSON.stringify(json.resource?.kubernetes_cluster_role_v1)).not.toContain('istio');
    });

    it('passes the flags as "false" and the cluster name', () => {
      const env = envOf(json);
      expect(env.COLLECT_POD_LABELS).toBe('false');
      expect(env.MONITOR_SERVICE_ACCOUNTS).toBe('false');
      expect(env.MONITOR_ISTIO).toBe('false');
      expect(env.DEFENDER_CLUSTER).toBe('beta-cluster');
      expect(env.DEFENDER_TYPE).toBe('cri');
    });

    it('uses the namespace', () => {
      expect((resourceAt(json, 'kubernetes_namespace_v1', 'defender/namespace').metadata as { name: string }).name).toBe('prisma-defender');
      expect((resourceAt(json, 'kubernetes_manifest', 'defender/console').manifest as { metadata: unknown }).metadata).toEqual({
        name: 'prisma-cloud-console',
        namespace: 'prisma-defender',
      });
    });

    it('registers the lower-cased console host', () => {
      expect(construct.consoleHost).toBe('console.example.com');
      expect((resourceAt(json, 'kubernetes_manifest', 'defender/console').manifest as { spec: { hosts: string[] } }).spec.hosts).toEqual([
        'console.example.com',
      ]);
    });

    it('makes the namespace depend on dependsOn; the rest follow it', () => {
      expect(resourceAt(json, 'kubernetes_namespace_v1', 'defender/namespace').depends_on).toEqual(['kubernetes_namespace_v1.other']);
      const quota = `kubernetes_resource_quota_v1.${logicalId(json, 'kubernetes_resource_quota_v1', 'defender/critical-pods')}`;
      expect(resourceAt(json, 'kubernetes_daemon_set_v1', 'defender/daemon-set').depends_on).toEqual([quota]);
    });

    it('creates objects that validate against the upstream schemas', () => {
      for (const entry of kubernetesObjects(json))
        expect({ address: entry.address, problems: validateObject(entry.object) }).toEqual({ address: entry.address, problems: [] });
    });
  });

  it.each([
    [{ monitorIstio: true }, [...BASE_RULES, ...ISTIO_RULES], 'true'],
    [{ monitorIstio: false }, BASE_RULES, 'false'],
    [{}, [...BASE_RULES, ...ISTIO_RULES], 'true'],
  ])('with %p, grants %j and sets MONITOR_ISTIO %s', (props, rules, flag) => {
    const { json } = build(props);
    expect(resourceAt(json, 'kubernetes_cluster_role_v1', 'defender/view').rule).toEqual(rules);
    expect(envOf(json).MONITOR_ISTIO).toBe(flag);
  });

  it("registers the console's own port when the URL has one (self-hosted consoles)", () => {
    const { json } = build({ consoleAddress: 'https://console.corp.example.com:8083' });
    const ports = (resourceAt(json, 'kubernetes_manifest', 'defender/console').manifest as { spec: { ports: { number: number }[] } }).spec.ports;
    expect(ports.map((port) => port.number)).toEqual([8083]);
  });
});
