import { VirtualService } from '@kubernetes-models/istio/networking.istio.io/v1beta1/VirtualService';
import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { HELLOWORLD_IMAGES, HELLOWORLD_PORT, HelloworldSample, type HelloworldSampleProps, SLEEP_IMAGE } from '../../../lib/workloads/helloworld-sample';
import { resourceAt, resources, scope, synth, type SynthJson, testStack } from '../../helpers';

const TYPES = ['kubernetes_service_v1', 'kubernetes_service_account_v1', 'kubernetes_deployment_v1', 'kubernetes_manifest'];
const CONTAINER_SECURITY = {
  run_as_non_root: true,
  allow_privilege_escalation: false,
  privileged: false,
  read_only_root_filesystem: true,
  capabilities: { drop: ['ALL'] },
  seccomp_profile: { type: 'RuntimeDefault' },
};
const podSecurity = (user: string) => ({
  run_as_non_root: true,
  run_as_user: user,
  run_as_group: user,
  fs_group: user,
  seccomp_profile: { type: 'RuntimeDefault' },
});
const TMP_VOLUME = [{ name: 'tmp', empty_dir: { medium: 'Memory', size_limit: '64Mi' } }];
const TMP_MOUNT = [{ name: 'tmp', mount_path: '/tmp' }];

type Base = Omit<HelloworldSampleProps, 'provider'>;
const BASE: Base = { namespace: 'sample', version: 'v1', host: 'hello.example.com', gateway: 'istio-ingress/ingress-gateway' };

function build(props: Partial<Base> = {}) {
  const stack = testStack();
  const provider = new KubernetesProvider(stack, 'k8s', { alias: 'a' });
  const construct = new HelloworldSample(stack, 'hw', { provider, ...BASE, ...props });
  return { construct, json: synth(stack) };
}

function accountRef(json: SynthJson, pathSuffix: string): string {
  const wanted = new RegExp(`^${pathSuffix.split('/').join('_')}_[0-9A-F]{8}$`);
  const ids = Object.keys(json.resource?.kubernetes_service_account_v1 ?? {}).filter((id) => wanted.test(id));
  if (ids.length !== 1) throw new Error(`expected one service account at ${pathSuffix}, found ${ids.length}`);
  return `\${kubernetes_service_account_v1.${ids[0]}.metadata[0].name}`;
}

describe('HelloworldSample', () => {
  it('exports the port and images', () => {
    expect(HELLOWORLD_PORT).toBe(5000);
    expect(HELLOWORLD_IMAGES).toEqual({ v1: 'docker.io/istio/examples-helloworld-v1:1.0', v2: 'docker.io/istio/examples-helloworld-v2:1.0' });
    expect(SLEEP_IMAGE).toBe('docker.io/curlimages/curl:8.11.1');
  });

  describe('v1', () => {
    let construct: HelloworldSample;
    let json: SynthJson;

    beforeAll(() => {
      ({ construct, json } = build());
    });

    it('creates a service, two service accounts, two deployments and a VirtualService, all on the given provider', () => {
      expect(Object.keys(json.resource ?? {}).sort()).toEqual([...TYPES].sort());
      expect(resources(json, 'kubernetes_service_v1')).toHaveLength(1);
      expect(resources(json, 'kubernetes_service_account_v1')).toHaveLength(2);
      expect(resources(json, 'kubernetes_deployment_v1')).toHaveLength(2);
      expect(resources(json, 'kubernetes_manifest')).toHaveLength(1);
      for (const type of TYPES) {
        for (const each of resources(json, type)) {
          expect(each.provider).toBe('kubernetes.a');
          expect(each).not.toHaveProperty('depends_on');
        }
      }
      expect(construct.service).toBeInstanceOf(ServiceV1);
      expect(construct.helloworld).toBeInstanceOf(DeploymentV1);
      expect(construct.sleep).toBeInstanceOf(DeploymentV1);
      expect(construct.virtualService).toBeInstanceOf(Manifest);
    });

    it('creates the helloworld Service on 5000, selecting every version', () => {
      expect(resourceAt(json, 'kubernetes_service_v1', 'hw/helloworld-service')).toEqual({
        provider: 'kubernetes.a',
        metadata: { name: 'helloworld', namespace: 'sample', labels: { app: 'helloworld', service: 'helloworld' } },
        spec: { selector: { app: 'helloworld' }, port: [{ name: 'http', port: 5000, target_port: '5000', protocol: 'TCP' }] },
      });
    });

    it('creates the helloworld and sleep service accounts without automounted tokens', () => {
      expect(resourceAt(json, 'kubernetes_service_account_v1', 'hw/helloworld-account')).toEqual({
        provider: 'kubernetes.a',
        metadata: { name: 'helloworld', namespace: 'sample' },
        automount_service_account_token: false,
      });
      expect(resourceAt(json, 'kubernetes_service_account_v1', 'hw/sleep-account')).toEqual({
        provider: 'kubernetes.a',
        metadata: { name: 'sleep', namespace: 'sample' },
        automount_service_account_token: false,
      });
    });

    it('deploys helloworld-v1, hardened, with a writable in-memory /tmp', () => {
      const labels = { app: 'helloworld', version: 'v1' };
      expect(resourceAt(json, 'kubernetes_deployment_v1', 'hw/helloworld')).toEqual({
        provider: 'kubernetes.a',
        metadata: { name: 'helloworld-v1', namespace: 'sample', labels },
        spec: {
          replicas: '1',
          selector: { match_labels: labels },
          template: {
            metadata: { labels },
            spec: {
              service_account_name: accountRef(json, 'hw/helloworld-account'),
              security_context: podSecurity('1000'),
              container: [
                {
                  name: 'helloworld',
                  image: 'docker.io/istio/examples-helloworld-v1:1.0',
                  // A tag may move: fetch what it names now (checkov CKV_K8S_15).
                  image_pull_policy: 'Always',
                  liveness_probe: { tcp_socket: [{ port: '5000' }], period_seconds: 10, timeout_seconds: 5, failure_threshold: 3 },
                  readiness_probe: { http_get: { path: '/hello', port: '5000' }, period_seconds: 10, timeout_seconds: 5, failure_threshold: 3 },
                  port: [{ name: 'http', container_port: 5000 }],
                  security_context: CONTAINER_SECURITY,
                  resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
                  volume_mount: TMP_MOUNT,
                },
              ],
              volume: TMP_VOLUME,
            },
          },
        },
      });
    });

    it("deploys sleep: curl, sleeping forever as the image's user 100, hardened", () => {
      expect(resourceAt(json, 'kubernetes_deployment_v1', 'hw/sleep')).toEqual({
        provider: 'kubernetes.a',
        metadata: { name: 'sleep', namespace: 'sample', labels: { app: 'sleep' } },
        spec: {
          replicas: '1',
          selector: { match_labels: { app: 'sleep' } },
          template: {
            metadata: { labels: { app: 'sleep' } },
            spec: {
              service_account_name: accountRef(json, 'hw/sleep-account'),
              security_context: podSecurity('100'),
              termination_grace_period_seconds: 0,
              container: [
                {
                  name: 'sleep',
                  image: 'docker.io/curlimages/curl:8.11.1',
                  image_pull_policy: 'Always',
                  command: ['/bin/sleep', 'infinity'],
                  liveness_probe: { exec: { command: ['/bin/sleep', '0'] }, period_seconds: 30 },
                  readiness_probe: { exec: { command: ['/bin/sleep', '0'] }, period_seconds: 30 },
                  security_context: CONTAINER_SECURITY,
                  resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '200m', memory: '64Mi' } },
                  volume_mount: TMP_MOUNT,
                },
              ],
              volume: TMP_VOLUME,
            },
          },
        },
      });
    });

    it("routes the host, through the gateway, to helloworld's cluster-local name on 5000", () => {
      expect(resourceAt(json, 'kubernetes_manifest', 'hw/virtual-service')).toEqual({
        provider: 'kubernetes.a',
        manifest: {
          apiVersion: 'networking.istio.io/v1',
          kind: 'VirtualService',
          metadata: { name: 'helloworld', namespace: 'sample' },
          spec: {
            hosts: ['hello.example.com'],
            gateways: ['istio-ingress/ingress-gateway'],
            http: [{ route: [{ destination: { host: 'helloworld.sample.svc.cluster.local', port: { number: 5000 } } }] }],
          },
        },
      });
    });

    it("declares a VirtualService valid by Istio's schema", () => {
      const { metadata, spec } = resourceAt(json, 'kubernetes_manifest', 'hw/virtual-service').manifest as Record<string, unknown>;
      expect(() => new VirtualService({ metadata, spec } as ConstructorParameters<typeof VirtualService>[0]).validate()).not.toThrow();
    });

    it('routes to the port the Service exposes and the container listens on', () => {
      const service = resourceAt(json, 'kubernetes_service_v1', 'hw/helloworld-service').spec as { port: { port: number; target_port: string }[] };
      const container = (
        resourceAt(json, 'kubernetes_deployment_v1', 'hw/helloworld').spec as { template: { spec: { container: { port: { container_port: number }[] }[] } } }
      ).template.spec.container[0];
      expect(service.port[0].target_port).toBe(String(container.port[0].container_port));
      expect(service.port[0].port).toBe(HELLOWORLD_PORT);
    });
  });

  describe('v2 in another namespace, with dependsOn', () => {
    let json: SynthJson;

    beforeAll(() => {
      const stack = testStack();
      const provider = new KubernetesProvider(stack, 'k8s', { alias: 'a' });
      const namespace = new NamespaceV1(stack, 'namespace', { provider, metadata: { name: 'demo' } });
      new HelloworldSample(stack, 'hw', {
        provider,
        namespace: 'demo',
        version: 'v2',
        host: '*.example.org',
        gateway: 'edge/public-gateway',
        dependsOn: [namespace],
      });
      json = synth(stack);
    });

    it('deploys helloworld-v2 with the v2 image and labels', () => {
      const deployment = resourceAt(json, 'kubernetes_deployment_v1', 'hw/helloworld') as {
        metadata: unknown;
        spec: { selector: unknown; template: { metadata: unknown; spec: { container: { image: string }[] } } };
      };
      const labels = { app: 'helloworld', version: 'v2' };
      expect(deployment.metadata).toEqual({ name: 'helloworld-v2', namespace: 'demo', labels });
      expect(deployment.spec.selector).toEqual({ match_labels: labels });
      expect(deployment.spec.template.metadata).toEqual({ labels });
      expect(deployment.spec.template.spec.container[0].image).toBe('docker.io/istio/examples-helloworld-v2:1.0');
    });

    it('puts everything in the namespace', () => {
      for (const type of ['kubernetes_service_v1', 'kubernetes_service_account_v1', 'kubernetes_deployment_v1']) {
        for (const each of resources(json, type)) expect((each.metadata as { namespace: string }).namespace).toBe('demo');
      }
    });

    it('routes the host through the gateway to helloworld in the namespace', () => {
      expect(resourceAt(json, 'kubernetes_manifest', 'hw/virtual-service').manifest as { metadata: unknown; spec: unknown }).toEqual({
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: 'helloworld', namespace: 'demo' },
        spec: {
          hosts: ['*.example.org'],
          gateways: ['edge/public-gateway'],
          http: [{ route: [{ destination: { host: 'helloworld.demo.svc.cluster.local', port: { number: 5000 } } }] }],
        },
      });
    });

    it('makes every object depend on dependsOn', () => {
      for (const type of TYPES) {
        for (const each of resources(json, type)) expect(each.depends_on).toEqual(['kubernetes_namespace_v1.namespace']);
      }
    });
  });

  describe('validation', () => {
    const attempt = (overrides: Partial<Base>) => () => {
      const stack = scope();
      new HelloworldSample(stack, 'hw', { provider: new KubernetesProvider(stack, 'k8s', { alias: 'a' }), ...BASE, ...overrides });
    };

    it.each(['v1', 'v2'] as const)('accepts version %s', (version) => {
      expect(attempt({ version })).not.toThrow();
    });

    it.each(['', 'Sample', 'sample_ns', 'sample-', '-sample', '1sample', 'sample.ns', 'a'.repeat(64)])('refuses namespace %j', (namespace) => {
      expect(attempt({ namespace })).toThrow(
        new Error(`HelloworldSample: props.namespace must be an RFC 1035 label of at most 63 characters, got "${namespace}"`),
      );
    });

    it.each(['v3', 'V1', '', 'v1 ', '1'])('refuses version %j', (version) => {
      expect(attempt({ version: version as 'v1' })).toThrow(new Error(`HelloworldSample: props.version must be v1 or v2, got "${version}"`));
    });

    it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty'])('refuses the inherited property name %j as a version', (version) => {
      expect(attempt({ version: version as 'v1' })).toThrow(new Error(`HelloworldSample: props.version must be v1 or v2, got "${version}"`));
    });

    it.each([
      'istio-ingress',
      'istio-ingress/',
      '/ingress-gateway',
      'istio-ingress/ingress-gateway/x',
      'Istio-Ingress/ingress-gateway',
      'istio_ingress/gateway',
      'istio-ingress.ingress-gateway',
      ' istio-ingress/ingress-gateway',
      '',
    ])('refuses gateway %j', (gateway) => {
      expect(attempt({ gateway })).toThrow(new Error(`HelloworldSample: props.gateway must be namespace/name, got "${gateway}"`));
    });

    it.each(['istio-ingress/ingress-gateway', 'edge/gw', 'a/b', 'ns-2/gateway-1'])('accepts gateway %j', (gateway) => {
      expect(attempt({ gateway })).not.toThrow();
    });
  });
});
