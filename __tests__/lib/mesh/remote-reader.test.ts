import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { TerraformOutput, Token } from 'cdktf';
import { ISTIO_RESOURCES } from '../../../lib/core/mesh-conventions';
import { REMOTE_READER_RULES, RemoteReader, type RemoteReaderProps } from '../../../lib/mesh/remote-reader';
import { logicalId, resourceAt, resources, scope, synth, type SynthJson, testStack } from '../../helpers';

const LABELS = { 'app.kubernetes.io/managed-by': 'cdktf', 'app.kubernetes.io/part-of': 'asm-multicluster' };
const TYPES = ['kubernetes_service_account_v1', 'kubernetes_cluster_role_v1', 'kubernetes_cluster_role_binding_v1', 'kubernetes_secret_v1'];
const READ = ['get', 'list', 'watch'];

/** The logical ID of the one resource of a type whose construct path is `<path>`. */
function reader(props: Partial<RemoteReaderProps> = {}) {
  const stack = testStack();
  const provider = new KubernetesProvider(stack, 'k8s', { alias: 'a' });
  const construct = new RemoteReader(stack, 'reader', { provider, ...props });
  new TerraformOutput(stack, 'token', { value: construct.token, sensitive: true });
  const json = synth(stack);
  return { stack, construct, json };
}

describe('RemoteReader', () => {
  describe('with defaults', () => {
    let construct: RemoteReader;
    let json: SynthJson;
    let serviceAccountId: string;
    let roleId: string;

    beforeAll(() => {
      ({ construct, json } = reader());
      serviceAccountId = logicalId(json, 'kubernetes_service_account_v1', 'reader/service-account');
      roleId = logicalId(json, 'kubernetes_cluster_role_v1', 'reader/role');
    });

    it('creates one service account, cluster role, binding and token secret, all on the given provider', () => {
      expect(Object.keys(json.resource ?? {}).sort()).toEqual([...TYPES].sort());
      for (const type of TYPES) {
        expect(resources(json, type)).toHaveLength(1);
        expect(resources(json, type)[0].provider).toBe('kubernetes.a');
        expect(resources(json, type)[0]).not.toHaveProperty('depends_on');
      }
    });

    it('creates the istio-remote-reader service account in istio-system, without automounting its token', () => {
      expect(resourceAt(json, 'kubernetes_service_account_v1', 'reader/service-account')).toEqual({
        provider: 'kubernetes.a',
        metadata: { name: 'istio-remote-reader', namespace: 'istio-system', labels: LABELS },
        automount_service_account_token: false,
      });
      expect(construct.serviceAccount).toBeInstanceOf(ServiceAccountV1);
    });

    it('grants exactly REMOTE_READER_RULES, cluster-wide', () => {
      const role = resourceAt(json, 'kubernetes_cluster_role_v1', 'reader/role');
      expect(role).toEqual({
        provider: 'kubernetes.a',
        metadata: { name: 'istio-remote-reader', labels: LABELS },
        rule: REMOTE_READER_RULES.map((rule) => ({ api_groups: rule.apiGroups, resources: rule.resources, verbs: rule.verbs })),
      });
      expect(role.metadata).not.toHaveProperty('namespace');
    });

    it('binds the role to the service account', () => {
      expect(resourceAt(json, 'kubernetes_cluster_role_binding_v1', 'reader/binding')).toEqual({
        provider: 'kubernetes.a',
        metadata: { name: 'istio-remote-reader', labels: LABELS },
        role_ref: { api_group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `\${kubernetes_cluster_role_v1.${roleId}.metadata[0].name}` },
        subject: [{ kind: 'ServiceAccount', name: `\${kubernetes_service_account_v1.${serviceAccountId}.metadata[0].name}`, namespace: 'istio-system' }],
      });
    });

    it('creates a long-lived token secret for the service account, and waits for its token', () => {
      const secret = resourceAt(json, 'kubernetes_secret_v1', 'reader/token');
      expect(secret).toEqual({
        provider: 'kubernetes.a',
        metadata: {
          name: 'istio-remote-reader-token',
          namespace: 'istio-system',
          labels: LABELS,
          annotations: { 'kubernetes.io/service-account.name': `\${kubernetes_service_account_v1.${serviceAccountId}.metadata[0].name}` },
        },
        type: 'kubernetes.io/service-account-token',
        wait_for_service_account_token: true,
      });
      expect(construct.tokenSecret).toBeInstanceOf(SecretV1);
    });

    it("exposes the token as a reference to the secret's data, never a literal", () => {
      expect(Token.isUnresolved(construct.token)).toBe(true);
      const secretId = logicalId(json, 'kubernetes_secret_v1', 'reader/token');
      expect(json.output?.token.value).toBe(`\${kubernetes_secret_v1.${secretId}.data.token}`);
      expect(resourceAt(json, 'kubernetes_secret_v1', 'reader/token')).not.toHaveProperty('data');
    });
  });

  describe('REMOTE_READER_RULES', () => {
    const rules = REMOTE_READER_RULES;

    it("reads secrets, as istiod's credential controller must for a remote cluster to sync, and never writes them", () => {
      const onSecrets = rules.filter((rule) => rule.apiGroups.includes('') && rule.resources.includes('secrets'));
      expect(onSecrets).toHaveLength(1);
      expect(onSecrets[0].verbs).toEqual(READ);
      for (const rule of rules) if (rule.apiGroups.includes('')) expect(rule.resources).not.toContain('*');
    });

    it('reads only, except create on tokenreviews and subjectaccessreviews', () => {
      const writes = rules.filter((rule) => rule.verbs.some((verb) => !READ.includes(verb)));
      expect(writes).toEqual([
        { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
        { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
      ]);
      for (const rule of rules.filter((candidate) => !writes.includes(candidate))) expect(rule.verbs).toEqual(READ);
    });

    it('names no wildcard verb or API group', () => {
      for (const rule of rules) {
        expect(rule.verbs).not.toContain('*');
        expect(rule.apiGroups).not.toContain('*');
      }
    });

    it('reads every Istio API group, and the discovery resources istiod watches', () => {
      const readable = (group: string) =>
        rules.filter((rule) => rule.apiGroups.includes(group) && rule.verbs.join() === READ.join()).flatMap((rule) => rule.resources);
      // Every Istio resource named; no wildcard anywhere (checkov CKV_K8S_49).
      for (const [group, resources] of Object.entries(ISTIO_RESOURCES)) expect(readable(group)).toEqual(resources);
      for (const rule of rules) expect(rule.resources).not.toContain('*');
      expect(readable('')).toEqual(['endpoints', 'pods', 'services', 'nodes', 'replicationcontrollers', 'namespaces', 'secrets']);
      expect(readable('discovery.k8s.io')).toEqual(['endpointslices']);
      expect(readable('apps')).toEqual(['replicasets']);
      expect(readable('apiextensions.k8s.io')).toEqual(['customresourcedefinitions']);
      expect(readable('gateway.networking.k8s.io')).toEqual(['gateways']);
      expect(readable('multicluster.x-k8s.io')).toEqual(['serviceexports', 'serviceimports']);
      expect(rules).toHaveLength(12);
    });
  });

  describe('with a name, namespace and dependsOn', () => {
    let json: SynthJson;
    let serviceAccountId: string;

    beforeAll(() => {
      const stack = testStack();
      const provider = new KubernetesProvider(stack, 'k8s', { alias: 'a' });
      const namespace = new NamespaceV1(stack, 'namespace', { provider, metadata: { name: 'mesh-system' } });
      new RemoteReader(stack, 'reader', { provider, name: 'mesh-reader', namespace: 'mesh-system', dependsOn: [namespace] });
      json = synth(stack);
      serviceAccountId = logicalId(json, 'kubernetes_service_account_v1', 'reader/service-account');
    });

    it('names every object after name, and puts the namespaced ones in namespace', () => {
      expect(resourceAt(json, 'kubernetes_service_account_v1', 'reader/service-account').metadata).toEqual({
        name: 'mesh-reader',
        namespace: 'mesh-system',
        labels: LABELS,
      });
      expect(resourceAt(json, 'kubernetes_cluster_role_v1', 'reader/role').metadata).toEqual({ name: 'mesh-reader', labels: LABELS });
      expect(resourceAt(json, 'kubernetes_cluster_role_binding_v1', 'reader/binding').metadata).toEqual({ name: 'mesh-reader', labels: LABELS });
      expect(resourceAt(json, 'kubernetes_secret_v1', 'reader/token').metadata).toEqual({
        name: 'mesh-reader-token',
        namespace: 'mesh-system',
        labels: LABELS,
        annotations: { 'kubernetes.io/service-account.name': `\${kubernetes_service_account_v1.${serviceAccountId}.metadata[0].name}` },
      });
    });

    it('binds the service account in that namespace', () => {
      expect(resourceAt(json, 'kubernetes_cluster_role_binding_v1', 'reader/binding').subject).toEqual([
        { kind: 'ServiceAccount', name: `\${kubernetes_service_account_v1.${serviceAccountId}.metadata[0].name}`, namespace: 'mesh-system' },
      ]);
    });

    it('makes every object depend on dependsOn', () => {
      for (const type of TYPES) expect(resources(json, type)[0].depends_on).toEqual(['kubernetes_namespace_v1.namespace']);
    });
  });

  describe('validation', () => {
    const build = (overrides: Partial<RemoteReaderProps>) => () => {
      const stack = scope();
      new RemoteReader(stack, 'reader', { provider: new KubernetesProvider(stack, 'k8s', { alias: 'a' }), ...overrides });
    };

    it('accepts the defaults', () => {
      expect(build({})).not.toThrow();
    });

    it.each(['name', 'namespace'] as const)('refuses bad values of %s', (prop) => {
      for (const value of ['', 'Istio-System', 'istio_system', 'istio-system-', '-istio', '1istio', 'istio.system', 'a'.repeat(64)]) {
        expect(build({ [prop]: value })).toThrow(new Error(`RemoteReader: props.${prop} must be an RFC 1035 label of at most 63 characters, got "${value}"`));
      }
    });

    it.each(['name', 'namespace'] as const)('accepts good values of %s', (prop) => {
      for (const value of ['a', 'istio-system', 'reader-2', 'a'.repeat(63)]) expect(build({ [prop]: value })).not.toThrow();
    });
  });
});
