import { buildApp } from '../../../src/stacks/app';
import { loadConfig } from '../../../src/config/load';
import { config, newApp, resourceAt, resources, synth, type SynthJson, TWO_CLUSTERS, DEFAULT_FIXTURE } from '../../helpers';

function workloadsOf(yaml?: string) {
  const built = buildApp(newApp(), yaml ? config(yaml) : loadConfig(DEFAULT_FIXTURE));
  return { stack: built.workloads, json: synth(built.workloads) };
}

const THREE = `
project: test-project
region: us-central1
clusters:
  - name: c1
  - name: c2
  - { name: c3, location: europe-west1 }
`;

type Manifest = {
  manifest: { apiVersion: string; kind: string; metadata: { name: string; namespace: string }; spec: Record<string, unknown> };
  provider: string;
};
const manifests = (json: SynthJson, kind: string) => (resources(json, 'kubernetes_manifest') as unknown as Manifest[]).filter((m) => m.manifest.kind === kind);

describe('workloads stack, default config', () => {
  const { stack, json } = workloadsOf();

  it('matches the snapshot', () => {
    expect(json).toMatchSnapshot();
  });

  it('depends on the mesh stack and uses one kubernetes provider per cluster', () => {
    expect(stack.dependencies.map((d) => d.node.id)).toEqual(['mesh']);
    expect((json.provider?.kubernetes as { alias: string }[]).map((p) => p.alias)).toEqual(['asm-cluster-1', 'asm-cluster-2']);
  });

  it('gives every cluster a Gateway with HTTPS 443 SIMPLE on credentialName and HTTP 80 redirecting', () => {
    const gateways = manifests(json, 'Gateway');
    expect(gateways.map((g) => g.provider)).toEqual(['kubernetes.asm-cluster-1', 'kubernetes.asm-cluster-2']);
    for (const gateway of gateways) {
      expect(gateway.manifest.apiVersion).toBe('networking.istio.io/v1');
      expect(gateway.manifest.spec.servers).toEqual([
        {
          port: { number: 443, name: 'https', protocol: 'HTTPS' },
          hosts: ['hello.mesh.example'],
          tls: { mode: 'SIMPLE', credentialName: 'ingress-gateway-tls' },
        },
        { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['hello.mesh.example'], tls: { httpsRedirect: true } },
      ]);
    }
  });

  it('stores the certificate in a TLS secret named by credentialName, from references only', () => {
    const credentials = resources(json, 'kubernetes_secret_v1').filter((s) => s.type === 'kubernetes.io/tls');
    expect(credentials).toHaveLength(2);
    for (const credential of credentials) {
      expect((credential.metadata as { name: string }).name).toBe('ingress-gateway-tls');
      expect(credential.data).toEqual({
        'tls.crt': expect.stringMatching(/^\$\{tls_self_signed_cert\.certificate_\w+\.cert_pem\}$/),
        'tls.key': expect.stringMatching(/^\$\{tls_private_key\.certificate_private-key_\w+\.private_key_pem\}$/),
      });
    }
    expect(JSON.stringify(json)).not.toMatch(/BEGIN|PRIVATE KEY-/);
  });

  it('uses an external load balancer unless told otherwise', () => {
    for (const service of resources(json, 'kubernetes_service_v1').filter((s) => (s.spec as { type?: string }).type === 'LoadBalancer')) {
      expect((service.metadata as { annotations: object }).annotations).toEqual({});
    }
  });

  it('enforces STRICT mTLS mesh-wide in every cluster', () => {
    const policies = manifests(json, 'PeerAuthentication');
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      expect(policy.manifest).toEqual({
        apiVersion: 'security.istio.io/v1',
        kind: 'PeerAuthentication',
        metadata: { name: 'default', namespace: 'istio-system' },
        spec: { mtls: { mode: 'STRICT' } },
      });
    }
  });

  it('labels app and gateway namespaces with the revision and restricted Pod Security', () => {
    const namespaces = resources(json, 'kubernetes_namespace_v1').map((n) => n.metadata as { name: string; labels: Record<string, string> });
    expect(namespaces.map((n) => n.name).sort()).toEqual(['istio-ingress', 'istio-ingress', 'sample', 'sample']);
    for (const namespace of namespaces) {
      expect(namespace.labels).toMatchObject({ 'istio.io/rev': 'asm-128', 'pod-security.kubernetes.io/enforce': 'restricted' });
    }
  });

  it('denies ingress by default in the sample namespace, then allows itself, the gateway, the peer cluster and metrics', () => {
    const policies = resources(json, 'kubernetes_network_policy_v1').filter((p) => (p.provider as string) === 'kubernetes.asm-cluster-1');
    const byName = Object.fromEntries(policies.map((p) => [(p.metadata as { name: string }).name, p.spec as Record<string, unknown>]));
    expect(Object.keys(byName).sort()).toEqual([
      'allow-from-namespaces',
      'allow-mesh-peers',
      'allow-metrics-scraping',
      'allow-same-namespace',
      'default-deny-ingress',
    ]);
    expect(byName['default-deny-ingress']).toEqual({ pod_selector: {}, policy_types: ['Ingress'] });
    expect(byName['allow-from-namespaces'].ingress).toEqual([
      { from: [{ namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'istio-ingress' } } }] },
    ]);
    // The other cluster's sidecars reach helloworld here directly: without this, cross-cluster load balancing breaks.
    expect(byName['allow-mesh-peers'].ingress).toEqual([{ from: [{ ip_block: { cidr: '10.68.0.0/14' } }] }]);
    for (const spec of Object.values(byName)) expect(spec.policy_types).toEqual(['Ingress']);
  });

  it('runs helloworld v1 in the first cluster and v2 in the second, and sleep in both', () => {
    const deployments = resources(json, 'kubernetes_deployment_v1').map((d) => [d.provider, (d.metadata as { name: string }).name]);
    expect(deployments).toEqual(
      expect.arrayContaining([
        ['kubernetes.asm-cluster-1', 'helloworld-v1'],
        ['kubernetes.asm-cluster-2', 'helloworld-v2'],
        ['kubernetes.asm-cluster-1', 'sleep'],
        ['kubernetes.asm-cluster-2', 'sleep'],
      ]),
    );
    expect(resources(json, 'kubernetes_service_v1').filter((s) => (s.metadata as { name: string }).name === 'helloworld')).toHaveLength(2);
  });

  it('routes the gateway host to helloworld through the gateway', () => {
    for (const service of manifests(json, 'VirtualService')) {
      expect(service.manifest.spec).toEqual({
        hosts: ['hello.mesh.example'],
        gateways: ['istio-ingress/ingress-gateway'],
        http: [{ route: [{ destination: { host: 'helloworld.sample.svc.cluster.local', port: { number: 5000 } } }] }],
      });
    }
  });

  it('hardens every Deployment', () => {
    const deployments = resources(json, 'kubernetes_deployment_v1');
    expect(deployments).toHaveLength(6);
    for (const deployment of deployments) {
      const pod = (deployment.spec as { template: { spec: Record<string, unknown> } }).template.spec;
      expect(pod.security_context).toMatchObject({ run_as_non_root: true, seccomp_profile: { type: 'RuntimeDefault' } });
      for (const container of pod.container as Record<string, unknown>[]) {
        expect(container.security_context).toEqual({
          run_as_non_root: true,
          allow_privilege_escalation: false,
          privileged: false,
          read_only_root_filesystem: true,
          capabilities: { drop: ['ALL'] },
          seccomp_profile: { type: 'RuntimeDefault' },
        });
        expect(container.resources).toEqual({
          requests: { cpu: expect.any(String), memory: expect.any(String) },
          limits: { cpu: expect.any(String), memory: expect.any(String) },
        });
      }
    }
  });

  it("outputs each gateway's load balancer address", () => {
    expect(json.output?.gateway_asm_cluster_1.value).toMatch(
      /^\$\{kubernetes_service_v1\.gateway-asm-cluster-1_service_\w+\.status\[0\]\.load_balancer\[0\]\.ingress\[0\]\.ip\}$/,
    );
  });
});

describe('workloads stack, three clusters', () => {
  const { json } = workloadsOf(THREE);

  it('alternates helloworld versions round-robin', () => {
    const names = resources(json, 'kubernetes_deployment_v1')
      .filter((d) => (d.metadata as { name: string }).name.startsWith('helloworld'))
      .map((d) => `${d.provider}:${(d.metadata as { name: string }).name}`)
      .sort();
    expect(names).toEqual(['kubernetes.c1:helloworld-v1', 'kubernetes.c2:helloworld-v2', 'kubernetes.c3:helloworld-v1']);
  });

  it("lets each cluster's sample namespace in from every other cluster's pods", () => {
    const peers = resources(json, 'kubernetes_network_policy_v1').filter((p) => (p.metadata as { name: string }).name === 'allow-mesh-peers');
    const byCluster = Object.fromEntries(
      peers.map((p) => [p.provider, (p.spec as { ingress: { from: { ip_block: { cidr: string } }[] }[] }).ingress[0].from.map((f) => f.ip_block.cidr)]),
    );
    expect(byCluster).toEqual({
      'kubernetes.c1': ['10.68.0.0/14', '10.72.0.0/14'],
      'kubernetes.c2': ['10.64.0.0/14', '10.72.0.0/14'],
      'kubernetes.c3': ['10.64.0.0/14', '10.68.0.0/14'],
    });
  });
});

describe('workloads stack options', () => {
  it('takes the certificate from sensitive variables', () => {
    const { json } = workloadsOf(`${TWO_CLUSTERS}\ningress: { certificate: { source: variable } }\n`);
    expect(json.variable).toEqual({
      ingress_tls_certificate: expect.objectContaining({ type: 'string', sensitive: true, nullable: false }),
      ingress_tls_private_key: expect.objectContaining({ type: 'string', sensitive: true, nullable: false }),
    });
    expect(resources(json, 'tls_private_key')).toEqual([]);
    expect(json.provider?.tls).toBeUndefined();
    const credential = resources(json, 'kubernetes_secret_v1').find((s) => s.type === 'kubernetes.io/tls')!;
    expect(credential.data).toEqual({ 'tls.crt': '${var.ingress_tls_certificate}', 'tls.key': '${var.ingress_tls_private_key}' });
  });

  it('takes the certificate from Secret Manager', () => {
    const { json } = workloadsOf(
      `${TWO_CLUSTERS}\ningress:\n  certificate:\n    source: secret-manager\n    certificateSecret: projects/cert-project/secrets/hello-crt\n    privateKeySecret: projects/cert-project/secrets/hello-key/versions/3\n`,
    );
    const versions = Object.values(json.data?.google_secret_manager_secret_version ?? {}).map((d) => [d.project, d.secret, d.version]);
    expect(versions).toEqual([
      ['cert-project', 'hello-crt', 'latest'],
      ['cert-project', 'hello-key', '3'],
    ]);
    const credential = resources(json, 'kubernetes_secret_v1').find((s) => s.type === 'kubernetes.io/tls')!;
    expect((credential.data as Record<string, string>)['tls.key']).toMatch(
      /^\$\{data\.google_secret_manager_secret_version\.certificate_private-key_\w+\.secret_data\}$/,
    );
  });

  it('uses an internal load balancer with global access when asked', () => {
    const { json } = workloadsOf(`${TWO_CLUSTERS}\ningress: { internal: true, host: shop.internal.example, minReplicas: 3, maxReplicas: 6 }\n`);
    const service = resourceAt(json, 'kubernetes_service_v1', 'gateway-alpha/service');
    expect((service.metadata as { annotations: object }).annotations).toEqual({
      'networking.gke.io/load-balancer-type': 'Internal',
      'networking.gke.io/internal-load-balancer-allow-global-access': 'true',
    });
    expect(resourceAt(json, 'kubernetes_horizontal_pod_autoscaler_v2', 'gateway-alpha/autoscaler').spec).toMatchObject({ min_replicas: 3, max_replicas: 6 });
    expect(manifests(json, 'Gateway')[0].manifest.spec.servers).toEqual([
      expect.objectContaining({ hosts: ['shop.internal.example'] }),
      expect.objectContaining({ hosts: ['shop.internal.example'] }),
    ]);
  });

  it('labels namespaces with the managed revision in managed mode', () => {
    const { json } = workloadsOf(`${TWO_CLUSTERS}\nasm: { mode: managed }\n`);
    for (const namespace of resources(json, 'kubernetes_namespace_v1')) {
      expect((namespace.metadata as { labels: Record<string, string> }).labels['istio.io/rev']).toBe('asm-managed');
    }
  });

  it('turns on Envoy access logs in every cluster through a mesh-wide Telemetry in managed mode, keeping the traffic log', () => {
    const { stack, json } = workloadsOf(`${TWO_CLUSTERS}\nasm: { mode: managed }\n`);
    const telemetries = manifests(json, 'Telemetry');
    expect(telemetries).toHaveLength(2);
    for (const telemetry of telemetries) {
      expect(telemetry.manifest).toEqual({
        apiVersion: 'telemetry.istio.io/v1alpha1',
        kind: 'Telemetry',
        metadata: { name: 'mesh-access-logging', namespace: 'istio-system' },
        spec: { accessLogging: [{ providers: [{ name: 'envoy' }, { name: 'stackdriver' }] }] },
      });
    }
    expect(telemetries.map((telemetry) => telemetry.provider)).toEqual(['kubernetes.alpha', 'kubernetes.beta']);
    expect([...stack.clusters.values()].every((cluster) => cluster.accessLogging !== undefined)).toBe(true);
  });

  it('writes no Telemetry in managed mode when no overlay asks for access logs, nor in in-cluster mode', () => {
    const quiet = workloadsOf(`${TWO_CLUSTERS}\nasm: { mode: managed, defaultOverlays: false, overlays: [overlays/egress-registry-only.yaml] }\n`);
    expect(manifests(quiet.json, 'Telemetry')).toEqual([]);
    expect(manifests(workloadsOf(TWO_CLUSTERS).json, 'Telemetry')).toEqual([]);
  });

  it('builds no sample when it is disabled, and keeps the gateway and mTLS', () => {
    const { json } = workloadsOf(`${TWO_CLUSTERS}\nsample: { enabled: false }\n`);
    expect(manifests(json, 'VirtualService')).toEqual([]);
    expect(resources(json, 'kubernetes_network_policy_v1')).toEqual([]);
    expect(resources(json, 'kubernetes_deployment_v1').map((d) => (d.metadata as { name: string }).name)).toEqual([
      'istio-ingressgateway',
      'istio-ingressgateway',
    ]);
    expect(manifests(json, 'PeerAuthentication')).toHaveLength(2);
  });
});

describe('workloads stack, upgrade restart', () => {
  const restartCommand = (yaml: string) => {
    const json = synth(buildApp(newApp(), config(yaml)).workloads);
    const restart = resourceAt(json, 'terraform_data', 'restart-alpha/restart') as { provisioner: { 'local-exec': { command: string } }[] };
    return restart.provisioner[0]['local-exec'].command.split(' ').slice(3);
  };

  it("restarts every meshed namespace the stack labels, the Cloud SQL client's too", () => {
    expect(restartCommand(`${TWO_CLUSTERS}cloudSql:\n  enabled: true\n  instanceName: fixture-db\n`)).toEqual(['istio-ingress', 'sample', 'db-client']);
    expect(restartCommand(TWO_CLUSTERS)).toEqual(['istio-ingress', 'sample']);
  });
});
