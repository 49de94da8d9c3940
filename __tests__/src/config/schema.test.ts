/**
 * Every Kubernetes and Istio object the app creates, converted from the synthesized Terraform
 * JSON to the API object the kubernetes provider sends (__tests__/support/kubernetes-objects.ts),
 * validates against the upstream schemas: kubernetes-models for Kubernetes, @kubernetes-models/istio
 * for Istio (v1 objects against the schema-identical v1beta1 models).
 */
import { DEFAULT_CONFIG_FILE, loadConfig, MeshConfig } from '../../../src/config/load';
import * as path from 'path';
import { config, REPO_ROOT, synthAll, TWO_CLUSTERS } from '../../helpers';
import { convertResource, KubernetesObject, KubernetesObjectEntry, kubernetesObjects } from '../../support/kubernetes-objects';
import { validateObject } from '../../support/kubernetes-object-validation';

const THREE_CLUSTERS = `
project: test-project
region: us-central1
clusters:
  - name: alpha
  - name: beta
  - name: gamma
authorizedNetworks:
  - { cidr: 203.0.113.0/24, name: admin }
`;

const MANAGED = `${TWO_CLUSTERS}asm:
  mode: managed
`;

const STACKS = ['platform', 'mesh', 'workloads'] as const;

const CONFIGS: Record<string, () => MeshConfig> = {
  default: () => loadConfig(DEFAULT_CONFIG_FILE),
  'three clusters': () => config(THREE_CLUSTERS),
  'managed ASM': () => config(MANAGED),
  'all features (Cloud SQL, Prisma Cloud)': () => loadConfig(path.join(REPO_ROOT, 'examples', 'all-features.yaml')),
};

interface Case extends KubernetesObjectEntry {
  readonly name: string;
}

const synthesized = Object.fromEntries(Object.entries(CONFIGS).map(([name, load]) => [name, synthAll(load())]));

const cases: Case[] = Object.entries(synthesized).flatMap(([configName, stacks]) =>
  STACKS.flatMap((stack) =>
    kubernetesObjects(stacks[stack]).map((entry) => ({
      ...entry,
      name: `${configName} / ${stack}: ${entry.address} (${entry.object.apiVersion} ${entry.object.kind})`,
    })),
  ),
);

const kindOf = (object: KubernetesObject): string => `${object.apiVersion}/${object.kind}`;

function countByKind(entries: readonly KubernetesObjectEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { object } of entries) counts[kindOf(object)] = (counts[kindOf(object)] ?? 0) + 1;
  return counts;
}

const clone = <T>(value: T): T => structuredClone(value);

describe('every emitted Kubernetes / Istio object validates against its upstream schema', () => {
  test.each(cases)('$name', ({ object }) => {
    expect(validateObject(object)).toEqual([]);
  });
});

describe('the objects found', () => {
  test.each(Object.entries(synthesized).flatMap(([name, stacks]) => STACKS.map((stack) => [name, stack, stacks[stack]] as const)))(
    '%s / %s: one object per kubernetes_* resource',
    (_config, _stack, json) => {
      const resourceCount = Object.entries(json.resource ?? {})
        .filter(([type]) => type.startsWith('kubernetes_'))
        .reduce((sum, [, byId]) => sum + Object.keys(byId).length, 0);
      expect(kubernetesObjects(json)).toHaveLength(resourceCount);
    },
  );

  it('for the default config, are these kinds, so many of each', () => {
    const stacks = synthesized.default;
    expect(countByKind(kubernetesObjects(stacks.platform))).toEqual({});
    expect(countByKind(kubernetesObjects(stacks.mesh))).toEqual({
      'v1/Namespace': 2,
      'v1/ServiceAccount': 2,
      'v1/Secret': 4, // per cluster: the reader's token, and the remote secret for the other cluster
      'rbac.authorization.k8s.io/v1/ClusterRole': 2,
      'rbac.authorization.k8s.io/v1/ClusterRoleBinding': 2,
    });
    expect(countByKind(kubernetesObjects(stacks.workloads))).toEqual({
      'v1/Namespace': 4,
      'v1/ServiceAccount': 6,
      'v1/Secret': 2,
      'v1/Service': 4,
      'apps/v1/Deployment': 6,
      'autoscaling/v2/HorizontalPodAutoscaler': 2,
      'policy/v1/PodDisruptionBudget': 2,
      'rbac.authorization.k8s.io/v1/Role': 2,
      'rbac.authorization.k8s.io/v1/RoleBinding': 2,
      'networking.k8s.io/v1/NetworkPolicy': 10,
      'networking.istio.io/v1/Gateway': 2,
      'networking.istio.io/v1/VirtualService': 2,
      'security.istio.io/v1/PeerAuthentication': 2,
    });
  });

  it('with every feature on, include the Cloud SQL client and the Defender in each cluster', () => {
    const kinds = countByKind(kubernetesObjects(synthesized['all features (Cloud SQL, Prisma Cloud)'].workloads));
    expect(kinds).toMatchObject({ 'apps/v1/DaemonSet': 2, 'networking.istio.io/v1/ServiceEntry': 4, 'apps/v1/Deployment': 8 });
  });

  it('for managed ASM, include the managed control plane config maps', () => {
    expect(countByKind(kubernetesObjects(synthesized['managed ASM'].mesh))).toEqual({ 'v1/Namespace': 2, 'v1/ConfigMap': 4 });
  });
});

/** A converted object of the default config, by API kind and name, to mutate. */
function defaultObject(kind: string, name: string): KubernetesObject {
  const found = cases.find(
    (c) => c.name.startsWith('default /') && kindOf(c.object) === kind && c.object.metadata?.name === name,
  );
  if (!found) throw new Error(`no ${kind} ${name} in the default config`);
  return clone(found.object);
}

type PodSpec = { containers: Array<{ name?: string; ports?: Array<{ containerPort: unknown }> }> };
const podSpec = (deployment: KubernetesObject) => (deployment.spec as { template: { spec: PodSpec } }).template.spec;
type Server = { port: { number: unknown }; tls?: { mode?: string } };
const servers = (gateway: KubernetesObject) => (gateway.spec as { servers: Server[] }).servers;

describe('validation can fail', () => {
  it('starts from objects that are valid', () => {
    expect(validateObject(defaultObject('apps/v1/Deployment', 'helloworld-v1'))).toEqual([]);
    expect(validateObject(defaultObject('networking.istio.io/v1/Gateway', 'ingress-gateway'))).toEqual([]);
  });

  it('a Deployment whose containerPort is a string', () => {
    const deployment = defaultObject('apps/v1/Deployment', 'helloworld-v1');
    podSpec(deployment).containers[0].ports![0].containerPort = '5000';
    expect(validateObject(deployment)).toEqual(['/spec/template/spec/containers/0/ports/0/containerPort must be integer']);
  });

  it('a Deployment whose container has no name', () => {
    const deployment = defaultObject('apps/v1/Deployment', 'helloworld-v1');
    delete podSpec(deployment).containers[0].name;
    expect(validateObject(deployment)).toEqual([expect.stringMatching(/^\/spec\/template\/spec\/containers\/0 must have required property .?name/)]);
  });

  it('a Deployment whose replicas is not a number', () => {
    const deployment = defaultObject('apps/v1/Deployment', 'helloworld-v1');
    (deployment.spec as Record<string, unknown>).replicas = 'two';
    expect(validateObject(deployment)).toEqual(['/spec/replicas must be integer']);
  });

  it('a Gateway whose TLS mode is not in the enum', () => {
    const gateway = defaultObject('networking.istio.io/v1/Gateway', 'ingress-gateway');
    servers(gateway)[0].tls!.mode = 'SIMPLEX';
    expect(validateObject(gateway)).toEqual([expect.stringMatching(/^\/spec\/servers\/0\/tls\/mode must be equal to one of the allowed values: .*SIMPLE\b/)]);
  });

  it('a Gateway whose port number is a string', () => {
    const gateway = defaultObject('networking.istio.io/v1/Gateway', 'ingress-gateway');
    servers(gateway)[0].port.number = '443';
    expect(validateObject(gateway)).toEqual(['/spec/servers/0/port/number must be integer']);
  });

  it('an Istio v1 kind that has no model', () => {
    const problems = validateObject({ apiVersion: 'networking.istio.io/v1', kind: 'Gatewayy', metadata: { name: 'x' } });
    expect(problems).toEqual([expect.stringMatching(/unknown kind Gatewayy of networking\.istio\.io\/v1/)]);
  });

  it('an unknown apiVersion', () => {
    expect(validateObject({ apiVersion: 'example.com/v1', kind: 'Widget' })).toEqual([expect.stringMatching(/unknown kind Widget of example\.com\/v1/)]);
  });

  it('an object without apiVersion and kind', () => {
    expect(validateObject({ metadata: { name: 'x' } })).toEqual([expect.stringMatching(/unknown kind/)]);
  });

  it('a kubernetes_* resource type the converter does not know', () => {
    const object = convertResource('kubernetes_widget_v1', { metadata: { name: 'w' }, spec: { size: 1 } });
    const problems = validateObject(object);
    expect(problems).toContainEqual(expect.stringMatching(/kubernetes_widget_v1: unknown resource type/));
    expect(problems).toContainEqual(expect.stringMatching(/unknown kind/));
  });

  it('a provider field name left unconverted', () => {
    const deployment = defaultObject('apps/v1/Deployment', 'helloworld-v1');
    Object.assign(podSpec(deployment).containers[0], { volume_mount: [{ name: 'tmp', mount_path: '/tmp' }] });
    Object.assign(podSpec(deployment), { volume: [{ name: 'x', emptyDir: {} }] });
    expect(validateObject(deployment)).toEqual([
      expect.stringMatching(/^\/spec\/template\/spec\/containers\/0\/volume_mount is not an API field name/),
      expect.stringMatching(/^\/spec\/template\/spec\/containers\/0\/volume_mount\/0\/mount_path is not an API field name/),
      expect.stringMatching(/^\/spec\/template\/spec\/volume is the provider's singular block name/),
    ]);
  });
});

describe('conversion rules', () => {
  it('turns the provider\'s number strings of emitted objects into the integers the provider sends', () => {
    const policy = defaultObject('networking.k8s.io/v1/NetworkPolicy', 'allow-metrics-scraping');
    expect(policy.spec).toEqual({
      ingress: [
        {
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gmp-system' } } }],
          ports: [
            { port: 15020, protocol: 'TCP' },
            { port: 15090, protocol: 'TCP' },
          ],
        },
      ],
      podSelector: {},
      policyTypes: ['Ingress'],
    });
    const service = defaultObject('v1/Service', 'istio-ingressgateway');
    expect((service.spec as { ports: unknown[] }).ports).toEqual([
      { name: 'status-port', port: 15021, protocol: 'TCP', targetPort: 15021 },
      { name: 'http2', port: 80, protocol: 'TCP', targetPort: 80 },
      { name: 'https', port: 443, protocol: 'TCP', targetPort: 443 },
    ]);
    expect(defaultObject('policy/v1/PodDisruptionBudget', 'istio-ingressgateway').spec).toMatchObject({ minAvailable: 1 });
    const gateway = defaultObject('apps/v1/Deployment', 'istio-ingressgateway');
    expect(gateway.spec).toMatchObject({
      replicas: 2,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: { spec: { securityContext: { fsGroup: 1337, runAsGroup: 1337, runAsUser: 1337 } } },
    });
    expect(Object.keys(gateway)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
  });

  const pod = (spec: Record<string, unknown>) =>
    convertResource('kubernetes_deployment_v1', {
      metadata: { name: 'd' },
      spec: { replicas: '1', selector: { match_labels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec } },
      wait_for_rollout: true,
      provider: 'kubernetes.a',
      depends_on: ['x.y'],
      lifecycle: { ignore_changes: ['spec[0].replicas'] },
    });

  it('renames repeated blocks, unwraps single ones, parses number strings, drops provider-only fields', () => {
    const object = pod({
      container: [
        {
          name: 'c',
          image: 'i',
          port: [{ container_port: 80, host_ip: '0.0.0.0' }],
          liveness_probe: { tcp_socket: [{ port: '8080' }] },
          readiness_probe: { http_get: { port: 'http', http_header: [{ name: 'h', value: 'v' }] } },
          lifecycle: { pre_stop: [{ exec: { command: ['sleep', '1'] } }] },
          volume_mount: [{ name: 'v', mount_path: '/v' }],
        },
      ],
      security_context: { run_as_user: '1000', sysctl: [{ name: 'net.core.somaxconn', value: '1024' }] },
      toleration: [{ key: 'k', operator: 'Exists', toleration_seconds: '30' }],
      volume: [{ name: 'v', config_map: { name: 'cm', default_mode: '0644', items: [{ key: 'a', path: 'a', mode: '0400' }] } }],
    });
    expect(object).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'd' } },
        template: {
          metadata: { labels: { app: 'd' } },
          spec: {
            containers: [
              {
                name: 'c',
                image: 'i',
                ports: [{ containerPort: 80, hostIP: '0.0.0.0' }],
                livenessProbe: { tcpSocket: { port: 8080 } },
                readinessProbe: { httpGet: { port: 'http', httpHeaders: [{ name: 'h', value: 'v' }] } },
                lifecycle: { preStop: { exec: { command: ['sleep', '1'] } } },
                volumeMounts: [{ name: 'v', mountPath: '/v' }],
              },
            ],
            securityContext: { runAsUser: 1000, sysctls: [{ name: 'net.core.somaxconn', value: '1024' }] },
            tolerations: [{ key: 'k', operator: 'Exists', tolerationSeconds: 30 }],
            volumes: [{ name: 'v', configMap: { name: 'cm', defaultMode: 0o644, items: [{ key: 'a', path: 'a', mode: 0o400 }] } }],
          },
        },
      },
    });
    expect(validateObject(object)).toEqual([]);
  });

  it('keeps IntOrString values that are not numbers as strings', () => {
    const object = convertResource('kubernetes_pod_disruption_budget_v1', {
      metadata: { name: 'p' },
      spec: { max_unavailable: '25%', selector: { match_labels: { a: 'b' } } },
    });
    expect(object.spec).toEqual({ maxUnavailable: '25%', selector: { matchLabels: { a: 'b' } } });
    expect(validateObject(object)).toEqual([]);
  });

  it('copies map keys verbatim', () => {
    const object = convertResource('kubernetes_config_map_v1', {
      metadata: { name: 'c', labels: { some_label: 'x' } },
      data: { multicluster_mode: 'connected' },
      binary_data: { blob_file: 'AAE=' },
    });
    expect(object).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', labels: { some_label: 'x' } },
      data: { multicluster_mode: 'connected' },
      binaryData: { blob_file: 'AAE=' },
    });
    expect(validateObject(object)).toEqual([]);
  });

  it('base64-encodes secret data, merges binary data, unescapes $${', () => {
    const object = convertResource('kubernetes_secret_v1', {
      metadata: { name: 's' },
      type: 'Opaque',
      data: { plain: 'hello', template: 'a $${b}' },
      binary_data: { bin: 'AAE=' },
      wait_for_service_account_token: false,
    });
    expect(object).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      type: 'Opaque',
      data: { plain: 'aGVsbG8=', template: Buffer.from('a ${b}').toString('base64'), bin: 'AAE=' },
    });
    expect(validateObject(object)).toEqual([]);
  });

  it('stands a placeholder in for an interpolation only where the schema wants another type', () => {
    const object = pod({ container: [{ name: 'c', image: '${var.image}' }], security_context: { fs_group: '${var.group}' } });
    expect((object.spec as Record<string, unknown>).replicas).toBe(1);
    expect(podSpec(object).containers[0]).toEqual({ name: 'c', image: '${var.image}' });
    expect((object.spec as { template: { spec: { securityContext: unknown } } }).template.spec.securityContext).toEqual({ fsGroup: '${var.group}' });
    expect(validateObject(object)).toEqual([]);
    const literal = pod({ container: [{ name: 'c', image: 'i' }], security_context: { fs_group: 'group' } });
    expect(validateObject(literal)).toEqual(['/spec/template/spec/securityContext/fsGroup must be integer']);
  });

  it('maps the daemon set strategy to updateStrategy and HPA v2 blocks to the API shape', () => {
    const daemonSet = convertResource('kubernetes_daemon_set_v1', {
      metadata: { name: 'ds' },
      spec: {
        selector: { match_labels: { a: 'b' } },
        strategy: { type: 'RollingUpdate', rolling_update: { max_unavailable: '1' } },
        template: { metadata: { labels: { a: 'b' } }, spec: { container: [{ name: 'c', image: 'i' }] } },
      },
      wait_for_rollout: true,
    });
    expect((daemonSet.spec as Record<string, unknown>).updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } });
    expect(validateObject(daemonSet)).toEqual([]);

    const hpa = convertResource('kubernetes_horizontal_pod_autoscaler_v2', {
      metadata: { name: 'h' },
      spec: {
        min_replicas: 1,
        max_replicas: 3,
        scale_target_ref: { api_version: 'apps/v1', kind: 'Deployment', name: 'd' },
        metric: [{ type: 'Pods', pods: { metric: { name: 'm', selector: [{ match_labels: { a: 'b' } }] }, target: { type: 'AverageValue', average_value: '1' } } }],
        behavior: { scale_down: [{ stabilization_window_seconds: 60, policy: [{ type: 'Pods', value: 1, period_seconds: 60 }] }] },
      },
    });
    expect(hpa.spec).toEqual({
      minReplicas: 1,
      maxReplicas: 3,
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd' },
      metrics: [{ type: 'Pods', pods: { metric: { name: 'm', selector: { matchLabels: { a: 'b' } } }, target: { type: 'AverageValue', averageValue: '1' } } }],
      behavior: { scaleDown: { stabilizationWindowSeconds: 60, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } },
    });
    expect(validateObject(hpa)).toEqual([]);
  });

  it('spells acronyms as the API does and pluralizes service account and RBAC blocks', () => {
    const account = convertResource('kubernetes_service_account_v1', {
      metadata: { name: 'sa' },
      automount_service_account_token: false,
      secret: [{ name: 's' }],
      image_pull_secret: [{ name: 'p' }],
    });
    expect(account).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'sa' },
      automountServiceAccountToken: false,
      secrets: [{ name: 's' }],
      imagePullSecrets: [{ name: 'p' }],
    });
    const role = convertResource('kubernetes_cluster_role_v1', {
      metadata: { name: 'r' },
      rule: [{ non_resource_urls: ['/healthz'], verbs: ['get'] }],
    });
    expect(role).toMatchObject({ rules: [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }] });
    const service = convertResource('kubernetes_service_v1', {
      metadata: { name: 's' },
      spec: {
        cluster_ip: 'None',
        selector: { some_label: 'x' },
        session_affinity: 'ClientIP',
        session_affinity_config: { client_ip: { timeout_seconds: 60 } },
        port: [{ port: 80, target_port: 'http' }],
      },
      wait_for_load_balancer: false,
    });
    expect(service.spec).toEqual({
      clusterIP: 'None',
      selector: { some_label: 'x' },
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } },
      ports: [{ port: 80, targetPort: 'http' }],
    });
    for (const object of [account, role, service]) expect(validateObject(object)).toEqual([]);
  });

  it('reports several blocks where the API takes one', () => {
    const object = pod({ container: [{ name: 'c', image: 'i', liveness_probe: { tcp_socket: [{ port: '1' }, { port: '2' }] } }] });
    expect(validateObject(object)).toEqual([expect.stringMatching(/liveness_probe\.tcp_socket: 2 blocks, where the API takes one object/)]);
  });
});
