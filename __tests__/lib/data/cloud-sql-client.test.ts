import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import {
  CLOUD_SQL_PROXY_IMAGE,
  CLOUD_SQL_SERVER_PORT,
  CloudSqlClient,
  LOCAL_POSTGRES_PORT,
  POSTGRES_CLIENT_IMAGE,
  NATIVE_SIDECAR_ANNOTATION,
} from '../../../lib/data/cloud-sql-client';
import { resourceAt, resources, synth, type SynthJson, testStack } from '../../helpers';
import { kubernetesObjects } from '../../support/kubernetes-objects';
import { validateObject } from '../../support/kubernetes-object-validation';
import { BASE, type Container, type DeploymentManifest, deploymentOf, type PodSpec, type Props } from './cloud-sql-client-fixture';

const HARDENED = {
  runAsNonRoot: true,
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

/** The logical ID of the one resource of a type whose construct path is `<path>`. */
function logicalId(json: SynthJson, type: string, pathSuffix: string): string {
  const wanted = new RegExp(`^${pathSuffix.split('/').join('_')}_[0-9A-F]{8}$`);
  const ids = Object.keys(json.resource?.[type] ?? {}).filter((id) => wanted.test(id));
  if (ids.length !== 1) throw new Error(`expected one ${type} at ${pathSuffix}, found ${ids.length}`);
  return ids[0];
}

function build(props: Props = {}) {
  const stack = testStack();
  const provider = new KubernetesProvider(stack, 'k8s', { alias: 'a' });
  const construct = new CloudSqlClient(stack, 'client', { provider, ...BASE, ...props });
  return { construct, json: synth(stack) };
}

/**
 * What Istio's injector (1.24 and later, with Istio CNI) does to the container order, per
 * pkg/kube/inject/inject.go (the sidecar.istio.io/nativeSidecar annotation overrides
 * ENABLE_NATIVE_SIDECARS) and webhook.go reorderPod: native mode puts istio-proxy among the init
 * containers and moves it first, after istio-validation; otherwise it is the last container.
 */
function injectIstioSidecar(template: { metadata: { annotations: Record<string, string> }; spec: PodSpec }): {
  initContainers: Container[];
  containers: Container[];
} {
  const native = template.metadata.annotations[NATIVE_SIDECAR_ANNOTATION] === 'true';
  const proxy = { name: 'istio-proxy', ...(native ? { restartPolicy: 'Always' } : {}) } as Container;
  const validation = { name: 'istio-validation' } as Container;
  return native
    ? { initContainers: [validation, proxy, ...template.spec.initContainers], containers: template.spec.containers }
    : { initContainers: [validation, ...template.spec.initContainers], containers: [...template.spec.containers, proxy] };
}

describe('CloudSqlClient', () => {
  it('exports the images and ports', () => {
    expect(CLOUD_SQL_PROXY_IMAGE).toBe('gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.3');
    expect(POSTGRES_CLIENT_IMAGE).toBe('docker.io/library/postgres:16-alpine');
    expect(CLOUD_SQL_SERVER_PORT).toBe(3307);
    expect(LOCAL_POSTGRES_PORT).toBe(5432);
  });

  describe('with base props', () => {
    let construct: CloudSqlClient;
    let json: SynthJson;
    let serviceAccountName: string;
    let deployment: DeploymentManifest;
    let podSpec: PodSpec;

    beforeAll(() => {
      ({ construct, json } = build());
      serviceAccountName = `\${kubernetes_service_account_v1.${logicalId(json, 'kubernetes_service_account_v1', 'client/service-account')}.metadata[0].name}`;
      deployment = deploymentOf(json);
      podSpec = deployment.spec.template.spec;
    });

    it('creates a service account and two manifests, all on the given provider, without depends_on', () => {
      expect(Object.keys(json.resource ?? {}).sort()).toEqual(['kubernetes_manifest', 'kubernetes_service_account_v1']);
      expect(resources(json, 'kubernetes_service_account_v1')).toHaveLength(1);
      expect(resources(json, 'kubernetes_manifest')).toHaveLength(2);
      for (const type of ['kubernetes_manifest', 'kubernetes_service_account_v1']) {
        for (const resource of resources(json, type)) {
          expect(resource.provider).toBe('kubernetes.a');
          expect(resource).not.toHaveProperty('depends_on');
        }
      }
      expect(construct.serviceAccount).toBeInstanceOf(ServiceAccountV1);
      expect(construct.deployment).toBeInstanceOf(Manifest);
      expect(construct.adminApiEntry).toBeInstanceOf(Manifest);
    });

    it('annotates the Kubernetes service account with the Google service account, without automounting its token', () => {
      expect(resourceAt(json, 'kubernetes_service_account_v1', 'client/service-account')).toEqual({
        provider: 'kubernetes.a',
        metadata: {
          name: 'cloud-sql-client',
          namespace: 'orders',
          annotations: { 'iam.gke.io/gcp-service-account': 'orders-sql@test-project.iam.gserviceaccount.com' },
        },
        automount_service_account_token: false,
      });
    });

    it('declares the whole Deployment exactly', () => {
      expect(deployment).toEqual({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'cloud-sql-client', namespace: 'orders', labels: { app: 'cloud-sql-client' } },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'cloud-sql-client' } },
          template: {
            metadata: {
              labels: { app: 'cloud-sql-client' },
              annotations: {
                'sidecar.istio.io/nativeSidecar': 'true',
                'traffic.sidecar.istio.io/excludeOutboundPorts': '3307',
                'traffic.sidecar.istio.io/excludeOutboundIPRanges': '169.254.169.254/32',
              },
            },
            spec: {
              serviceAccountName,
              securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
              initContainers: [
                {
                  name: 'cloud-sql-proxy',
                  image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.3',
                  restartPolicy: 'Always',
                  args: [
                    '--private-ip',
                    '--auto-iam-authn',
                    '--structured-logs',
                    '--port=5432',
                    '--health-check',
                    '--http-address=0.0.0.0',
                    '--http-port=9090',
                    'test-project:europe-west1:orders-db',
                  ],
                  securityContext: { ...HARDENED, runAsUser: 65532, runAsGroup: 65532 },
                  startupProbe: { httpGet: { path: '/startup', port: 9090 }, periodSeconds: 1, failureThreshold: 60 },
                  livenessProbe: { httpGet: { path: '/liveness', port: 9090 }, periodSeconds: 10 },
                  resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
                },
              ],
              containers: [
                {
                  name: 'psql',
                  image: 'docker.io/library/postgres:16-alpine',
                  command: ['sleep', 'infinity'],
                  livenessProbe: { exec: { command: ['sleep', '0'] }, periodSeconds: 30 },
                  readinessProbe: { exec: { command: ['pg_isready', '--quiet'] }, periodSeconds: 10, timeoutSeconds: 5 },
                  env: [
                    { name: 'PGHOST', value: '127.0.0.1' },
                    { name: 'PGPORT', value: '5432' },
                    { name: 'PGUSER', value: 'orders-sql@test-project.iam' },
                    { name: 'PGDATABASE', value: 'orders' },
                    { name: 'PGSSLMODE', value: 'disable' },
                  ],
                  securityContext: { ...HARDENED, runAsUser: 70, runAsGroup: 70 },
                  resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
                },
              ],
            },
          },
        },
      });
    });

    it("keeps the proxy's port 3307 and the metadata server out of Envoy", () => {
      expect(deployment.spec.template.metadata.annotations).toEqual({
        [NATIVE_SIDECAR_ANNOTATION]: 'true',
        'traffic.sidecar.istio.io/excludeOutboundPorts': String(CLOUD_SQL_SERVER_PORT),
        'traffic.sidecar.istio.io/excludeOutboundIPRanges': '169.254.169.254/32',
      });
    });

    it('starts the Auth Proxy after istio-proxy once Istio injects the pod (native sidecar mode)', () => {
      const injected = injectIstioSidecar(deployment.spec.template);
      const names = injected.initContainers.map((container) => container.name);
      expect(names).toEqual(['istio-validation', 'istio-proxy', 'cloud-sql-proxy']);
      expect(injected.containers.map((container) => container.name)).toEqual(['psql']);
      // Without the annotation (Istio's default before 1.28 or on older nodes) Envoy would start last.
      const { [NATIVE_SIDECAR_ANNOTATION]: _native, ...without } = deployment.spec.template.metadata.annotations;
      const plain = injectIstioSidecar({ ...deployment.spec.template, metadata: { ...deployment.spec.template.metadata, annotations: without } });
      expect(plain.initContainers.map((container) => container.name)).toEqual(['istio-validation', 'cloud-sql-proxy']);
      expect(plain.containers.map((container) => container.name)).toEqual(['psql', 'istio-proxy']);
    });

    it('runs the proxy as a native sidecar: the only init container, restartPolicy Always', () => {
      expect(podSpec.initContainers).toHaveLength(1);
      expect(podSpec.initContainers[0].name).toBe('cloud-sql-proxy');
      expect(podSpec.initContainers[0].restartPolicy).toBe('Always');
      expect(podSpec.containers.map((container) => container.name)).toEqual(['psql']);
    });

    it('connects on the private IP with automatic IAM login, the connection name last', () => {
      const args = podSpec.initContainers[0].args as string[];
      expect(args).toContain('--private-ip');
      expect(args).toContain('--auto-iam-authn');
      expect(args).toContain(`--port=${LOCAL_POSTGRES_PORT}`);
      expect(args[args.length - 1]).toBe('test-project:europe-west1:orders-db');
      expect(args.filter((arg) => !arg.startsWith('--'))).toEqual(['test-project:europe-west1:orders-db']);
    });

    it("probes the proxy's startup and liveness on its health port", () => {
      const proxy = podSpec.initContainers[0];
      expect(proxy.startupProbe).toEqual({ httpGet: { path: '/startup', port: 9090 }, periodSeconds: 1, failureThreshold: 60 });
      expect(proxy.livenessProbe).toEqual({ httpGet: { path: '/liveness', port: 9090 }, periodSeconds: 10 });
      expect(proxy.args).toEqual(expect.arrayContaining(['--health-check', '--http-port=9090']));
    });

    it('hardens both containers and the pod, and bounds their resources', () => {
      for (const container of [...podSpec.initContainers, ...podSpec.containers]) {
        expect(container.securityContext).toMatchObject(HARDENED);
        expect((container.resources as { limits: unknown }).limits).toBeDefined();
        expect((container.resources as { requests: unknown }).requests).toBeDefined();
      }
      expect(podSpec.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    });

    it('points psql at the proxy on localhost as the IAM user', () => {
      expect(podSpec.containers[0].env).toEqual([
        { name: 'PGHOST', value: '127.0.0.1' },
        { name: 'PGPORT', value: '5432' },
        { name: 'PGUSER', value: 'orders-sql@test-project.iam' },
        { name: 'PGDATABASE', value: 'orders' },
        { name: 'PGSSLMODE', value: 'disable' },
      ]);
    });

    it('registers the Cloud SQL Admin API for this namespace only: sqladmin.googleapis.com, 443, TLS, MESH_EXTERNAL', () => {
      expect(resourceAt(json, 'kubernetes_manifest', 'client/admin-api')).toEqual({
        provider: 'kubernetes.a',
        manifest: {
          apiVersion: 'networking.istio.io/v1',
          kind: 'ServiceEntry',
          metadata: { name: 'cloud-sql-admin-api', namespace: 'orders' },
          spec: {
            hosts: ['sqladmin.googleapis.com'],
            location: 'MESH_EXTERNAL',
            resolution: 'DNS',
            ports: [{ number: 443, name: 'tls', protocol: 'TLS' }],
            exportTo: ['.'],
          },
        },
      });
    });

    it('creates objects that validate against the upstream schemas', () => {
      const objects = kubernetesObjects(json);
      expect(objects.map((entry) => `${entry.object.apiVersion} ${entry.object.kind}`).sort()).toEqual([
        'apps/v1 Deployment',
        'networking.istio.io/v1 ServiceEntry',
        'v1 ServiceAccount',
      ]);
      for (const entry of objects) expect({ address: entry.address, problems: validateObject(entry.object) }).toEqual({ address: entry.address, problems: [] });
    });

    it('validates the Deployment and the ServiceEntry as such', () => {
      const deploymentObject = kubernetesObjects(json).find((entry) => entry.object.kind === 'Deployment');
      const serviceEntry = kubernetesObjects(json).find((entry) => entry.object.kind === 'ServiceEntry');
      expect(deploymentObject?.object.spec).toEqual(deployment.spec);
      expect(validateObject(deploymentObject?.object)).toEqual([]);
      expect(validateObject(serviceEntry?.object)).toEqual([]);
    });

    it("would fail validation were the proxy's restartPolicy wrong, so the schema check has teeth", () => {
      const broken = structuredClone(deployment) as unknown as { spec: { template: { spec: { initContainers: { restartPolicy: unknown }[] } } } };
      broken.spec.template.spec.initContainers[0].restartPolicy = 1;
      expect(validateObject(broken)).not.toEqual([]);
    });

    it('holds no key material', () => {
      expect(JSON.stringify(json)).not.toContain('BEGIN');
      expect(JSON.stringify(json)).not.toContain('PRIVATE KEY');
    });
  });
});
