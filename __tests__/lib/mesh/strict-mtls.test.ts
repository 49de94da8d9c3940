import { PeerAuthentication } from '@kubernetes-models/istio/security.istio.io/v1beta1/PeerAuthentication';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { StrictMtls, type StrictMtlsProps } from '../../../lib/mesh/strict-mtls';
import { resourceAt, resources, scope, synth, type SynthJson, testStack } from '../../helpers';

function build(props: Partial<Omit<StrictMtlsProps, 'provider'>> = {}) {
  const stack = testStack();
  const provider = new KubernetesProvider(stack, 'k8s', { alias: 'a' });
  const construct = new StrictMtls(stack, 'mtls', { provider, ...props });
  return { stack, construct, json: synth(stack) };
}

describe('StrictMtls', () => {
  describe('with defaults', () => {
    let construct: StrictMtls;
    let json: SynthJson;

    beforeAll(() => {
      ({ construct, json } = build());
    });

    it('creates exactly one kubernetes_manifest and nothing else, on the given provider', () => {
      expect(Object.keys(json.resource ?? {})).toEqual(['kubernetes_manifest']);
      expect(resources(json, 'kubernetes_manifest')).toHaveLength(1);
      expect(json).not.toHaveProperty('data');
      expect(construct.peerAuthentication).toBeInstanceOf(Manifest);
    });

    it('is the mesh-wide PeerAuthentication: "default" in istio-system, mode STRICT', () => {
      expect(resourceAt(json, 'kubernetes_manifest', 'mtls/peer-authentication')).toEqual({
        provider: 'kubernetes.a',
        manifest: {
          apiVersion: 'security.istio.io/v1',
          kind: 'PeerAuthentication',
          metadata: { name: 'default', namespace: 'istio-system' },
          spec: { mtls: { mode: 'STRICT' } },
        },
      });
    });

    it('selects every workload and allows no port-level exception', () => {
      const manifest = resourceAt(json, 'kubernetes_manifest', 'mtls/peer-authentication').manifest as { spec: Record<string, unknown> };
      expect(manifest.spec).not.toHaveProperty('selector');
      expect(manifest.spec).not.toHaveProperty('portLevelMtls');
    });

    it("is a valid PeerAuthentication by Istio's schema", () => {
      const {
        apiVersion: _apiVersion,
        kind: _kind,
        ...rest
      } = resourceAt(json, 'kubernetes_manifest', 'mtls/peer-authentication').manifest as Record<string, unknown>;
      expect(() => new PeerAuthentication(rest as ConstructorParameters<typeof PeerAuthentication>[0]).validate()).not.toThrow();
    });
  });

  describe('with a root namespace and dependsOn', () => {
    let json: SynthJson;

    beforeAll(() => {
      const stack = testStack();
      const provider = new KubernetesProvider(stack, 'k8s', { alias: 'a' });
      const namespace = new NamespaceV1(stack, 'namespace', { provider, metadata: { name: 'mesh-root' } });
      new StrictMtls(stack, 'mtls', { provider, rootNamespace: 'mesh-root', dependsOn: [namespace] });
      json = synth(stack);
    });

    it('puts "default" in the root namespace', () => {
      expect(resourceAt(json, 'kubernetes_manifest', 'mtls/peer-authentication').manifest).toEqual({
        apiVersion: 'security.istio.io/v1',
        kind: 'PeerAuthentication',
        metadata: { name: 'default', namespace: 'mesh-root' },
        spec: { mtls: { mode: 'STRICT' } },
      });
    });

    it('depends on dependsOn', () => {
      expect(resourceAt(json, 'kubernetes_manifest', 'mtls/peer-authentication').depends_on).toEqual(['kubernetes_namespace_v1.namespace']);
    });
  });

  it('has no depends_on without dependsOn', () => {
    expect(resourceAt(build().json, 'kubernetes_manifest', 'mtls/peer-authentication')).not.toHaveProperty('depends_on');
  });

  describe('validation', () => {
    const attempt = (rootNamespace: string) => () => {
      const stack = scope();
      new StrictMtls(stack, 'mtls', { provider: new KubernetesProvider(stack, 'k8s', { alias: 'a' }), rootNamespace });
    };

    it.each(['', 'Istio-System', 'istio_system', 'istio-system-', '-istio', '1istio', 'istio.system', 'a'.repeat(64)])(
      'refuses rootNamespace %j',
      (rootNamespace) => {
        expect(attempt(rootNamespace)).toThrow(
          new Error(`StrictMtls: props.rootNamespace must be an RFC 1035 label of at most 63 characters, got "${rootNamespace}"`),
        );
      },
    );

    it.each(['istio-system', 'a', 'mesh-root-2', 'a'.repeat(63)])('accepts rootNamespace %j', (rootNamespace) => {
      expect(attempt(rootNamespace)).not.toThrow();
    });
  });
});
