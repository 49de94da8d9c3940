/** convertResource turns the provider's Terraform JSON into the API object it sends. */
import { convertResource } from '../../support/kubernetes-objects';
import { validateObject } from '../../support/kubernetes-object-validation';
import { defaultObject, podSpec } from './schema-fixture';

describe('conversion rules', () => {
  it("turns the provider's number strings of emitted objects into the integers the provider sends", () => {
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
        metric: [
          { type: 'Pods', pods: { metric: { name: 'm', selector: [{ match_labels: { a: 'b' } }] }, target: { type: 'AverageValue', average_value: '1' } } },
        ],
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
