import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { AppNamespace, type AppNamespaceProps, SIDECAR_METRICS_PORTS } from '../../../lib/workloads/app-namespace';
import { resourceAt, resources, scope, synth, type SynthJson, testStack } from '../../helpers';

const NETWORK_POLICY = 'kubernetes_network_policy_v1';
const RESTRICTED_LABELS = {
  'istio.io/rev': 'asm-managed',
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/audit': 'restricted',
  'pod-security.kubernetes.io/warn': 'restricted',
  'app.kubernetes.io/managed-by': 'cdktf',
};
const METRICS_PORTS = [
  { port: '15020', protocol: 'TCP' },
  { port: '15090', protocol: 'TCP' },
];

type Ingress = { from?: Record<string, unknown>[]; ports?: { port: string; protocol: string }[] };
type Spec = { pod_selector: unknown; policy_types: string[]; ingress?: Ingress[]; egress?: unknown };

function build(props: Partial<Omit<AppNamespaceProps, 'provider'>> = {}) {
  const stack = testStack();
  const provider = new KubernetesProvider(stack, 'k8s', { alias: 'a' });
  const construct = new AppNamespace(stack, 'app', { provider, name: 'sample', revision: 'asm-managed', ...props });
  return { construct, json: synth(stack) };
}

function namespaceId(json: SynthJson): string {
  const ids = Object.keys(json.resource?.kubernetes_namespace_v1 ?? {});
  if (ids.length !== 1) throw new Error(`expected one namespace, found ${ids.length}`);
  return ids[0];
}

function policy(json: SynthJson, name: string): Record<string, unknown> {
  return resourceAt(json, NETWORK_POLICY, `app/${name}`);
}

function spec(json: SynthJson, name: string): Spec {
  return policy(json, name).spec as Spec;
}

const byName = (ns: string) => ({ namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': ns } } });

describe('AppNamespace', () => {
  it('exports the sidecar metrics ports', () => {
    expect(SIDECAR_METRICS_PORTS).toEqual([15020, 15090]);
  });

  describe('with defaults', () => {
    let construct: AppNamespace;
    let json: SynthJson;
    let namespaceRef: string;

    beforeAll(() => {
      ({ construct, json } = build());
      namespaceRef = `\${kubernetes_namespace_v1.${namespaceId(json)}.metadata[0].name}`;
    });

    it('creates the namespace, enforcing restricted, with no pod-security reason', () => {
      expect(resourceAt(json, 'kubernetes_namespace_v1', 'app/namespace')).toEqual({
        provider: 'kubernetes.a',
        metadata: { name: 'sample', labels: RESTRICTED_LABELS, annotations: {} },
      });
      expect(construct.namespace).toBeInstanceOf(NamespaceV1);
      expect(construct.name).toBe('sample');
    });

    it('creates exactly default-deny-ingress, allow-same-namespace and allow-metrics-scraping, in the namespace', () => {
      const all = resources(json, NETWORK_POLICY);
      expect(all.map((each) => (each.metadata as { name: string }).name).sort()).toEqual([
        'allow-metrics-scraping',
        'allow-same-namespace',
        'default-deny-ingress',
      ]);
      for (const each of all) {
        expect(each.provider).toBe('kubernetes.a');
        expect((each.metadata as { namespace: string }).namespace).toBe(namespaceRef);
      }
      expect(construct.policies).toHaveLength(3);
      for (const each of construct.policies) expect(each).toBeInstanceOf(NetworkPolicyV1);
    });

    it('denies all ingress by default: every pod, Ingress only, no rule', () => {
      expect(policy(json, 'default-deny-ingress')).toEqual({
        provider: 'kubernetes.a',
        metadata: { name: 'default-deny-ingress', namespace: namespaceRef },
        spec: { pod_selector: {}, policy_types: ['Ingress'] },
      });
      expect(spec(json, 'default-deny-ingress')).not.toHaveProperty('ingress');
    });

    it('allows every pod of the namespace to reach every other', () => {
      expect(policy(json, 'allow-same-namespace')).toEqual({
        provider: 'kubernetes.a',
        metadata: { name: 'allow-same-namespace', namespace: namespaceRef },
        spec: { pod_selector: {}, policy_types: ['Ingress'], ingress: [{ from: [{ pod_selector: {} }] }] },
      });
    });

    it('lets gmp-system scrape 15020 and 15090 over TCP, and nothing else', () => {
      expect(policy(json, 'allow-metrics-scraping')).toEqual({
        provider: 'kubernetes.a',
        metadata: { name: 'allow-metrics-scraping', namespace: namespaceRef },
        spec: { pod_selector: {}, policy_types: ['Ingress'], ingress: [{ from: [byName('gmp-system')], ports: METRICS_PORTS }] },
      });
    });

    it('has no allow-from-namespaces or allow-mesh-peers policy without their inputs', () => {
      const names = resources(json, NETWORK_POLICY).map((each) => (each.metadata as { name: string }).name);
      expect(names).not.toContain('allow-from-namespaces');
      expect(names).not.toContain('allow-mesh-peers');
    });

    it('opens no ip_block without peer CIDRs', () => {
      expect(JSON.stringify(json.resource?.[NETWORK_POLICY])).not.toContain('ip_block');
    });
  });

  describe('with peers, allowed namespaces and a baseline reason', () => {
    let construct: AppNamespace;
    let json: SynthJson;
    let namespaceRef: string;

    beforeAll(() => {
      ({ construct, json } = build({
        name: 'legacy',
        revision: 'asm-1-20',
        podSecurity: 'baseline',
        podSecurityReason: 'runs an image that needs NET_BIND_SERVICE',
        allowFromNamespaces: ['istio-ingress', 'frontend'],
        meshPeerCidrs: ['10.64.0.0/14', '10.68.0.0/14'],
        metricsNamespaces: ['monitoring', 'gmp-system'],
      }));
      namespaceRef = `\${kubernetes_namespace_v1.${namespaceId(json)}.metadata[0].name}`;
    });

    it('enforces baseline but still audits and warns on restricted, and records why', () => {
      expect(resourceAt(json, 'kubernetes_namespace_v1', 'app/namespace')).toEqual({
        provider: 'kubernetes.a',
        metadata: {
          name: 'legacy',
          labels: {
            'istio.io/rev': 'asm-1-20',
            'pod-security.kubernetes.io/enforce': 'baseline',
            'pod-security.kubernetes.io/audit': 'restricted',
            'pod-security.kubernetes.io/warn': 'restricted',
            'app.kubernetes.io/managed-by': 'cdktf',
          },
          annotations: { 'mesh.cdktf.io/pod-security-reason': 'runs an image that needs NET_BIND_SERVICE' },
        },
      });
      expect(construct.name).toBe('legacy');
    });

    it('creates all five policies, in order', () => {
      expect(construct.policies.map((each) => each.node.id)).toEqual([
        'default-deny-ingress',
        'allow-same-namespace',
        'allow-from-namespaces',
        'allow-mesh-peers',
        'allow-metrics-scraping',
      ]);
      expect(resources(json, NETWORK_POLICY)).toHaveLength(5);
    });

    it('allows each listed namespace by its kubernetes.io/metadata.name label, on every port', () => {
      expect(policy(json, 'allow-from-namespaces')).toEqual({
        provider: 'kubernetes.a',
        metadata: { name: 'allow-from-namespaces', namespace: namespaceRef },
        spec: { pod_selector: {}, policy_types: ['Ingress'], ingress: [{ from: [byName('istio-ingress'), byName('frontend')] }] },
      });
    });

    it('allows each peer pod range by ip_block, with no except', () => {
      expect(policy(json, 'allow-mesh-peers')).toEqual({
        provider: 'kubernetes.a',
        metadata: { name: 'allow-mesh-peers', namespace: namespaceRef },
        spec: {
          pod_selector: {},
          policy_types: ['Ingress'],
          ingress: [{ from: [{ ip_block: { cidr: '10.64.0.0/14' } }, { ip_block: { cidr: '10.68.0.0/14' } }] }],
        },
      });
    });

    it('lets each metrics namespace scrape the sidecar ports', () => {
      expect(spec(json, 'allow-metrics-scraping').ingress).toEqual([{ from: [byName('monitoring'), byName('gmp-system')], ports: METRICS_PORTS }]);
    });

    it('does not block what the mesh needs', () => {
      const specs = resources(json, NETWORK_POLICY).map((each) => each.spec as Spec);
      // Sidecars dial istiod (and the managed control plane) out of the namespace: no policy restricts egress.
      for (const each of specs) {
        expect(each.policy_types).toEqual(['Ingress']);
        expect(each.policy_types).not.toContain('Egress');
        expect(each).not.toHaveProperty('egress');
        expect(each.pod_selector).toEqual({});
      }
      const peers = specs
        .flatMap((each) => each.ingress ?? [])
        .filter((rule) => rule.ports === undefined)
        .flatMap((rule) => rule.from ?? []);
      // Other clusters' sidecars reach these pods from their own pod ranges, on any port.
      expect(peers).toEqual(expect.arrayContaining([{ ip_block: { cidr: '10.64.0.0/14' } }, { ip_block: { cidr: '10.68.0.0/14' } }]));
      // The ingress gateway's namespace reaches these pods on any port.
      expect(peers).toEqual(expect.arrayContaining([byName('istio-ingress')]));
      // ...and these, with the namespace itself, are all the sources allowed on every port.
      expect(peers).toHaveLength(5);
      expect(peers).toEqual(
        expect.arrayContaining([
          { pod_selector: {} },
          byName('istio-ingress'),
          byName('frontend'),
          { ip_block: { cidr: '10.64.0.0/14' } },
          { ip_block: { cidr: '10.68.0.0/14' } },
        ]),
      );
      // The metrics scraper reaches the merged-metrics and Envoy stats ports.
      const scraping = specs.flatMap((each) => each.ingress ?? []).find((rule) => JSON.stringify(rule.from).includes('gmp-system'));
      expect(scraping?.ports).toEqual(SIDECAR_METRICS_PORTS.map((port) => ({ port: String(port), protocol: 'TCP' })));
    });
  });

  describe('without metrics namespaces', () => {
    let json: SynthJson;

    beforeAll(() => {
      ({ json } = build({ metricsNamespaces: [], allowFromNamespaces: [], meshPeerCidrs: [] }));
    });

    it('creates only the deny and same-namespace policies', () => {
      expect(
        resources(json, NETWORK_POLICY)
          .map((each) => (each.metadata as { name: string }).name)
          .sort(),
      ).toEqual(['allow-same-namespace', 'default-deny-ingress']);
    });
  });

  it('ignores podSecurityReason when restricted', () => {
    const { json } = build({ podSecurity: 'restricted', podSecurityReason: 'not needed' });
    expect(resourceAt(json, 'kubernetes_namespace_v1', 'app/namespace').metadata).toEqual({ name: 'sample', labels: RESTRICTED_LABELS, annotations: {} });
  });

  describe('dependsOn', () => {
    let json: SynthJson;

    beforeAll(() => {
      const stack = testStack();
      const provider = new KubernetesProvider(stack, 'k8s', { alias: 'a' });
      const other = new NamespaceV1(stack, 'other', { provider, metadata: { name: 'other' } });
      new AppNamespace(stack, 'app', { provider, name: 'sample', revision: 'asm-managed', dependsOn: [other] });
      json = synth(stack);
    });

    it('makes the namespace depend on it; the policies follow the namespace by reference', () => {
      expect(resourceAt(json, 'kubernetes_namespace_v1', 'app/namespace').depends_on).toEqual(['kubernetes_namespace_v1.other']);
      for (const each of resources(json, NETWORK_POLICY))
        expect((each.metadata as { namespace: string }).namespace).toMatch(/^\$\{kubernetes_namespace_v1\.app_namespace_[0-9A-F]{8}\.metadata\[0\]\.name\}$/);
    });
  });

  describe('validation', () => {
    const attempt = (overrides: Partial<Omit<AppNamespaceProps, 'provider'>>) => () => {
      const stack = scope();
      new AppNamespace(stack, 'app', { provider: new KubernetesProvider(stack, 'k8s', { alias: 'a' }), name: 'sample', revision: 'asm-managed', ...overrides });
    };
    const BAD_LABELS = ['', 'Sample', 'sample_ns', 'sample-', '-sample', '1sample', 'sample.ns', 'a'.repeat(64)];

    it('accepts the base props', () => {
      expect(attempt({})).not.toThrow();
    });

    it.each(['name', 'revision'] as const)('refuses bad values of %s', (prop) => {
      for (const value of BAD_LABELS) {
        expect(attempt({ [prop]: value })).toThrow(new Error(`AppNamespace: props.${prop} must be an RFC 1035 label of at most 63 characters, got "${value}"`));
      }
    });

    it.each(['name', 'revision'] as const)('accepts good values of %s', (prop) => {
      for (const value of ['a', 'asm-managed-rapid', 'a'.repeat(63)]) expect(attempt({ [prop]: value })).not.toThrow();
    });

    it.each([undefined, '', '   '])('refuses baseline with the reason %j', (podSecurityReason) => {
      expect(attempt({ podSecurity: 'baseline', podSecurityReason })).toThrow(
        new Error('AppNamespace: props.podSecurityReason must say why the namespace cannot be restricted'),
      );
    });

    it('accepts baseline with a reason', () => {
      expect(attempt({ podSecurity: 'baseline', podSecurityReason: 'x' })).not.toThrow();
    });

    it.each(['allowFromNamespaces', 'metricsNamespaces'] as const)('refuses a bad namespace in %s, naming its index', (prop) => {
      for (const value of BAD_LABELS) {
        expect(attempt({ [prop]: ['good', value] })).toThrow(
          new Error(`AppNamespace: props.${prop}[1] must be an RFC 1035 label of at most 63 characters, got "${value}"`),
        );
      }
    });

    it.each([
      ['0.0.0.0/0', 'must not be broader than /8, got "0.0.0.0/0"'],
      ['8.0.0.0/7', 'must not be broader than /8, got "8.0.0.0/7"'],
      ['10.1/16', '"10.1/16" is not an IPv4 CIDR (bad address "10.1")'],
      ['10.64.0.1/14', '"10.64.0.1/14" has host bits set; the network address is 10.64.0.0/14'],
      ['10.64.0.0', '"10.64.0.0" is not an IPv4 CIDR (expected a.b.c.d/n)'],
    ])('refuses the peer CIDR %j, naming its index', (cidr, problem) => {
      expect(attempt({ meshPeerCidrs: ['10.68.0.0/14', cidr] })).toThrow(new Error(`AppNamespace: props.meshPeerCidrs[1] ${problem}`));
    });

    it('accepts peer CIDRs of /8 and narrower', () => {
      expect(attempt({ meshPeerCidrs: ['10.0.0.0/8', '10.64.0.0/14', '192.168.1.7/32'] })).not.toThrow();
    });
  });
});
