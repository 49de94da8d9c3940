import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { type IngressGateway } from '../../../lib/workloads/ingress-gateway';
import { resourceAt, type SynthJson } from '../../helpers';
import { build } from './ingress-gateway-fixture';

describe('IngressGateway', () => {
  describe('internal, in another namespace, with replica bounds and dependsOn', () => {
    let construct: IngressGateway;
    let json: SynthJson;

    beforeAll(() => {
      ({ construct, json } = build(
        { namespace: 'edge', revision: 'asm-1-20', host: '*.apps.example.org', internal: true, minReplicas: 3, maxReplicas: 9 },
        (stack, provider) => ({
          dependsOn: [new NamespaceV1(stack, 'other', { provider, metadata: { name: 'other' } })],
        }),
      ));
    });

    it('asks GKE for an internal load balancer with global access', () => {
      expect((resourceAt(json, 'kubernetes_service_v1', 'gw/service').metadata as { annotations: unknown }).annotations).toEqual({
        'networking.gke.io/load-balancer-type': 'Internal',
        'networking.gke.io/internal-load-balancer-allow-global-access': 'true',
      });
      expect((resourceAt(json, 'kubernetes_service_v1', 'gw/service').spec as { type: string }).type).toBe('LoadBalancer');
    });

    it('uses the namespace and revision', () => {
      const metadata = resourceAt(json, 'kubernetes_namespace_v1', 'gw/namespace').metadata as { name: string; labels: Record<string, string> };
      expect(metadata.name).toBe('edge');
      expect(metadata.labels['istio.io/rev']).toBe('asm-1-20');
      const template = (resourceAt(json, 'kubernetes_deployment_v1', 'gw/deployment').spec as { template: { metadata: { labels: Record<string, string> } } })
        .template;
      expect(template.metadata.labels['istio.io/rev']).toBe('asm-1-20');
      expect((resourceAt(json, 'kubernetes_manifest', 'gw/gateway').manifest as { metadata: unknown }).metadata).toEqual({
        name: 'ingress-gateway',
        namespace: 'edge',
      });
      expect(construct.gatewayRef).toBe('edge/ingress-gateway');
      expect(construct.namespaceName).toBe('edge');
      expect(construct.credentialName).toBe('ingress-gateway-tls');
    });

    it('starts at minReplicas and lets the HPA scale between the bounds', () => {
      expect((resourceAt(json, 'kubernetes_deployment_v1', 'gw/deployment').spec as { replicas: string }).replicas).toBe('3');
      const spec = resourceAt(json, 'kubernetes_horizontal_pod_autoscaler_v2', 'gw/autoscaler').spec as Record<string, unknown>;
      expect(spec.min_replicas).toBe(3);
      expect(spec.max_replicas).toBe(9);
    });

    it('serves the wildcard host', () => {
      const servers = (resourceAt(json, 'kubernetes_manifest', 'gw/gateway').manifest as { spec: { servers: { hosts: string[] }[] } }).spec.servers;
      expect(servers.map((server) => server.hosts)).toEqual([['*.apps.example.org'], ['*.apps.example.org']]);
    });

    it('makes the namespace depend on dependsOn; the rest follow it', () => {
      expect(resourceAt(json, 'kubernetes_namespace_v1', 'gw/namespace').depends_on).toEqual(['kubernetes_namespace_v1.other']);
    });
  });
});
