import { Gateway } from '@kubernetes-models/istio/networking.istio.io/v1beta1/Gateway';
import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { GATEWAY_LABELS, type IngressGateway } from '../../../lib/workloads/ingress-gateway';
import { resourceAt, resources, type SynthJson } from '../../helpers';
import { build } from './ingress-gateway-fixture';

const TYPES = [
  'kubernetes_namespace_v1',
  'kubernetes_service_account_v1',
  'kubernetes_role_v1',
  'kubernetes_role_binding_v1',
  'kubernetes_secret_v1',
  'kubernetes_deployment_v1',
  'kubernetes_service_v1',
  'kubernetes_pod_disruption_budget_v1',
  'kubernetes_horizontal_pod_autoscaler_v2',
  'kubernetes_manifest',
];
const SELECTOR = { app: 'istio-ingressgateway', istio: 'ingressgateway' };
const NAME = 'istio-ingressgateway';

/** The logical ID of the one resource of a type. */
function idOf(json: SynthJson, type: string): string {
  const ids = Object.keys(json.resource?.[type] ?? {});
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.length}`);
  return ids[0];
}

const nameRef = (json: SynthJson, type: string) => `\${${type}.${idOf(json, type)}.metadata[0].name}`;

describe('IngressGateway', () => {
  it('exports the gateway pod labels', () => {
    expect(GATEWAY_LABELS).toEqual(SELECTOR);
  });

  describe('with defaults', () => {
    let construct: IngressGateway;
    let json: SynthJson;
    let namespace: string;
    let deployment: Record<string, unknown>;
    let podSpec: Record<string, unknown>;

    beforeAll(() => {
      ({ construct, json } = build());
      namespace = nameRef(json, 'kubernetes_namespace_v1');
      deployment = resourceAt(json, 'kubernetes_deployment_v1', 'gw/deployment');
      podSpec = (deployment.spec as { template: { spec: Record<string, unknown> } }).template.spec;
    });

    it('creates one of each object, all on the given provider', () => {
      expect(Object.keys(json.resource ?? {}).sort()).toEqual([...TYPES].sort());
      for (const type of TYPES) {
        expect(resources(json, type)).toHaveLength(1);
        expect(resources(json, type)[0].provider).toBe('kubernetes.a');
      }
    });

    it('creates the istio-ingress namespace with the revision and restricted Pod Security', () => {
      expect(resourceAt(json, 'kubernetes_namespace_v1', 'gw/namespace')).toEqual({
        provider: 'kubernetes.a',
        metadata: {
          name: 'istio-ingress',
          labels: {
            'istio.io/rev': 'asm-managed',
            'pod-security.kubernetes.io/enforce': 'restricted',
            'pod-security.kubernetes.io/audit': 'restricted',
            'pod-security.kubernetes.io/warn': 'restricted',
            'app.kubernetes.io/managed-by': 'cdktf',
          },
        },
      });
      expect(construct.namespace).toBeInstanceOf(NamespaceV1);
      expect(construct.namespaceName).toBe('istio-ingress');
    });

    it('creates a service account that does not automount its token', () => {
      expect(resourceAt(json, 'kubernetes_service_account_v1', 'gw/service-account')).toEqual({
        provider: 'kubernetes.a',
        metadata: { name: NAME, namespace },
        automount_service_account_token: false,
      });
    });

    it('lets the service account get, watch and list secrets in its namespace only', () => {
      expect(resourceAt(json, 'kubernetes_role_v1', 'gw/secret-reader')).toEqual({
        provider: 'kubernetes.a',
        metadata: { name: NAME, namespace },
        rule: [{ api_groups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list'] }],
      });
      expect(json.resource).not.toHaveProperty('kubernetes_cluster_role_v1');
      expect(resourceAt(json, 'kubernetes_role_binding_v1', 'gw/secret-reader-binding')).toEqual({
        provider: 'kubernetes.a',
        metadata: { name: NAME, namespace },
        role_ref: { api_group: 'rbac.authorization.k8s.io', kind: 'Role', name: nameRef(json, 'kubernetes_role_v1') },
        subject: [{ kind: 'ServiceAccount', name: nameRef(json, 'kubernetes_service_account_v1'), namespace }],
      });
    });

    it('puts the certificate and key, as references, in a kubernetes.io/tls secret', () => {
      expect(resourceAt(json, 'kubernetes_secret_v1', 'gw/credential')).toEqual({
        provider: 'kubernetes.a',
        metadata: { name: 'ingress-gateway-tls', namespace },
        type: 'kubernetes.io/tls',
        data: { 'tls.crt': '${var.cert}', 'tls.key': '${var.key}' },
      });
      expect(construct.credential).toBeInstanceOf(SecretV1);
      expect(construct.credentialName).toBe('ingress-gateway-tls');
    });

    it('deploys a gateway-injected istio-proxy, selected by the gateway labels', () => {
      expect(deployment.metadata).toEqual({ name: NAME, namespace, labels: SELECTOR });
      expect(deployment.wait_for_rollout).toBe(true);
      const spec = deployment.spec as Record<string, unknown>;
      expect(spec.replicas).toBe('2');
      expect(spec.selector).toEqual({ match_labels: SELECTOR });
      expect(spec.strategy).toEqual({ type: 'RollingUpdate', rolling_update: { max_surge: '1', max_unavailable: '0' } });
      expect((spec.template as { metadata: unknown }).metadata).toEqual({
        annotations: { 'inject.istio.io/templates': 'gateway' },
        labels: { app: 'istio-ingressgateway', istio: 'ingressgateway', 'istio.io/rev': 'asm-managed', 'sidecar.istio.io/inject': 'true' },
      });
      expect(podSpec.service_account_name).toBe(nameRef(json, 'kubernetes_service_account_v1'));
      expect(podSpec.automount_service_account_token).toBe(true);
      expect(construct.deployment).toBeInstanceOf(DeploymentV1);
    });

    it("runs the pod as istio-proxy's user 1337, non-root, with RuntimeDefault seccomp", () => {
      expect(podSpec.security_context).toEqual({
        run_as_non_root: true,
        run_as_user: '1337',
        run_as_group: '1337',
        fs_group: '1337',
        seccomp_profile: { type: 'RuntimeDefault' },
      });
    });

    it('has one container, istio-proxy, image auto, hardened and bounded', () => {
      expect(podSpec.container).toEqual([
        {
          name: 'istio-proxy',
          image: 'auto',
          security_context: {
            run_as_non_root: true,
            allow_privilege_escalation: false,
            privileged: false,
            read_only_root_filesystem: true,
            capabilities: { drop: ['ALL'] },
            seccomp_profile: { type: 'RuntimeDefault' },
          },
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2', memory: '1Gi' } },
        },
      ]);
    });

    it('spreads the pods across zones', () => {
      expect(podSpec.topology_spread_constraint).toEqual([
        { max_skew: 1, topology_key: 'topology.kubernetes.io/zone', when_unsatisfiable: 'ScheduleAnyway', label_selector: [{ match_labels: SELECTOR }] },
      ]);
    });

    it('leaves the replica count to the HPA after creation', () => {
      expect(deployment.lifecycle).toEqual({ ignore_changes: ['spec[0].replicas'] });
    });

    it('exposes the gateway on an external LoadBalancer that keeps client addresses', () => {
      expect(resourceAt(json, 'kubernetes_service_v1', 'gw/service')).toEqual({
        provider: 'kubernetes.a',
        metadata: { name: NAME, namespace, labels: SELECTOR, annotations: {} },
        spec: {
          type: 'LoadBalancer',
          external_traffic_policy: 'Local',
          selector: SELECTOR,
          port: [
            { name: 'status-port', port: 15021, target_port: '15021', protocol: 'TCP' },
            { name: 'http2', port: 80, target_port: '80', protocol: 'TCP' },
            { name: 'https', port: 443, target_port: '443', protocol: 'TCP' },
          ],
        },
      });
      expect(construct.service).toBeInstanceOf(ServiceV1);
    });

    it('keeps at least one pod through disruptions', () => {
      expect(resourceAt(json, 'kubernetes_pod_disruption_budget_v1', 'gw/disruption-budget')).toEqual({
        provider: 'kubernetes.a',
        metadata: { name: NAME, namespace },
        spec: { min_available: '1', selector: { match_labels: SELECTOR } },
      });
    });

    it('scales the deployment between 2 and 5 replicas on 80% CPU', () => {
      expect(resourceAt(json, 'kubernetes_horizontal_pod_autoscaler_v2', 'gw/autoscaler')).toEqual({
        provider: 'kubernetes.a',
        metadata: { name: NAME, namespace },
        spec: {
          min_replicas: 2,
          max_replicas: 5,
          scale_target_ref: { api_version: 'apps/v1', kind: 'Deployment', name: nameRef(json, 'kubernetes_deployment_v1') },
          metric: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', average_utilization: 80 } } }],
        },
      });
    });

    it('declares the Gateway: HTTPS 443 terminating with the credential, HTTP 80 redirecting, both for the host', () => {
      expect(resourceAt(json, 'kubernetes_manifest', 'gw/gateway')).toEqual({
        provider: 'kubernetes.a',
        depends_on: [`kubernetes_namespace_v1.${idOf(json, 'kubernetes_namespace_v1')}`, `kubernetes_secret_v1.${idOf(json, 'kubernetes_secret_v1')}`],
        manifest: {
          apiVersion: 'networking.istio.io/v1',
          kind: 'Gateway',
          metadata: { name: 'ingress-gateway', namespace: 'istio-ingress' },
          spec: {
            selector: { istio: 'ingressgateway' },
            servers: [
              {
                port: { number: 443, name: 'https', protocol: 'HTTPS' },
                hosts: ['hello.example.com'],
                tls: { mode: 'SIMPLE', credentialName: 'ingress-gateway-tls' },
              },
              { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['hello.example.com'], tls: { httpsRedirect: true } },
            ],
          },
        },
      });
      expect(construct.gateway).toBeInstanceOf(Manifest);
    });

    it("declares a Gateway valid by Istio's schema, whose credentialName is the TLS secret and whose selector matches the pods", () => {
      const manifest = resourceAt(json, 'kubernetes_manifest', 'gw/gateway').manifest as {
        metadata: unknown;
        spec: { selector: Record<string, string>; servers: { tls: { credentialName?: string } }[] };
      };
      expect(() => new Gateway({ metadata: manifest.metadata, spec: manifest.spec } as ConstructorParameters<typeof Gateway>[0]).validate()).not.toThrow();
      expect(manifest.spec.servers[0].tls.credentialName).toBe((resourceAt(json, 'kubernetes_secret_v1', 'gw/credential').metadata as { name: string }).name);
      const podLabels = (deployment.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels;
      for (const [label, value] of Object.entries(manifest.spec.selector)) expect(podLabels[label]).toBe(value);
    });

    it('names the Gateway for VirtualServices as namespace/name', () => {
      expect(construct.gatewayRef).toBe('istio-ingress/ingress-gateway');
    });

    it("holds no key material and no depends_on but the Gateway's", () => {
      expect(JSON.stringify(json)).not.toContain('BEGIN');
      for (const type of TYPES.filter((each) => each !== 'kubernetes_manifest')) expect(resources(json, type)[0]).not.toHaveProperty('depends_on');
    });
  });
});
