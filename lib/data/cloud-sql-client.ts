import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { type ITerraformDependable, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { restrictedContainerSecurity, taggedImageWaiver } from '../core/hardened-pod';
import { isPinnedByDigest } from '../core/rules';
import { waive } from '../core/waivers';
import { requireLabel, requireProp } from '../core/validate';
import { externalTlsServiceEntry } from '../core/mesh-conventions';

export const CLOUD_SQL_PROXY_IMAGE = 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.3';
/** The Auth Proxy sidecar's container name. */
export const CLOUD_SQL_PROXY_CONTAINER = 'cloud-sql-proxy';
export const POSTGRES_CLIENT_IMAGE = 'docker.io/library/postgres:16-alpine';
/** The Auth Proxy's server-side port: its TLS connection to the instance. */
export const CLOUD_SQL_SERVER_PORT = 3307;
/** Istio's per-pod switch to inject istio-proxy as a native sidecar (pkg/kube/inject/inject.go). */
export const NATIVE_SIDECAR_ANNOTATION = 'sidecar.istio.io/nativeSidecar';
/** Where the proxy listens inside the pod. */
export const LOCAL_POSTGRES_PORT = 5432;

export interface CloudSqlClientProps {
  /** The cluster's kubernetes provider. */
  readonly provider: TerraformProvider;
  /** A meshed namespace. */
  readonly namespace: string;
  /** `project:region:instance`. */
  readonly instanceConnectionName: string;
  /** The Google service account the pod acts as (Workload Identity). */
  readonly googleServiceAccount: string;
  /** The IAM database user: the service account email without `.gserviceaccount.com`. */
  readonly databaseUser: string;
  readonly database: string;
  /** @default "cloud-sql-client" (also the Kubernetes service account's name) */
  readonly name?: string;
  /** @default CLOUD_SQL_PROXY_IMAGE */
  readonly proxyImage?: string;
  /** @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A PostgreSQL client that reaches Cloud SQL through the Cloud SQL Auth Proxy v2, running as a
 * native sidecar (an init container with `restartPolicy: Always`, so it is up before the app and
 * stops after it). The proxy does the TLS and the IAM login; the app talks plain PostgreSQL to
 * localhost.
 *
 * Why not Envoy: PostgreSQL negotiates TLS inside its own protocol (SSLRequest), so a sidecar
 * cannot originate TLS to it. The proxy's own connection (port 3307) therefore bypasses Envoy,
 * and the Cloud SQL Admin API it calls is registered for REGISTRY_ONLY egress.
 *
 * The Deployment is a `kubernetes_manifest`: kubernetes provider 2.38's typed Deployment has no
 * `restart_policy` on init containers, so it cannot express a native sidecar.
 */
export class CloudSqlClient extends Construct {
  public readonly serviceAccount: ServiceAccountV1;
  public readonly deployment: Manifest;
  public readonly adminApiEntry: Manifest;

  constructor(scope: Construct, id: string, props: CloudSqlClientProps) {
    super(scope, id);
    const name = props.name ?? 'cloud-sql-client';
    requireLabel(name, 63, 'CloudSqlClient', 'name');
    requireLabel(props.namespace, 63, 'CloudSqlClient', 'namespace');
    requireProp(
      /^[a-z][-a-z0-9]*(:[a-z0-9-]+){2}$/.test(props.instanceConnectionName),
      'CloudSqlClient',
      'instanceConnectionName',
      `must be project:region:instance, got "${props.instanceConnectionName}"`,
    );
    requireProp(
      /^[^@\s]+@[^@\s]+\.iam\.gserviceaccount\.com$/.test(props.googleServiceAccount),
      'CloudSqlClient',
      'googleServiceAccount',
      `must be a service account email, got "${props.googleServiceAccount}"`,
    );
    requireProp(
      !props.databaseUser.endsWith('.gserviceaccount.com'),
      'CloudSqlClient',
      'databaseUser',
      'must drop the ".gserviceaccount.com" suffix, as Cloud SQL IAM users do',
    );
    // --auto-iam-authn logs in as the pod's account: PGUSER must name that same account.
    const expectedUser = props.googleServiceAccount.replace(/\.gserviceaccount\.com$/, '');
    requireProp(
      props.databaseUser === expectedUser,
      'CloudSqlClient',
      'databaseUser',
      `must be googleServiceAccount without ".gserviceaccount.com" (${expectedUser}), got "${props.databaseUser}"`,
    );
    requireLabel(props.database, 63, 'CloudSqlClient', 'database');
    const common = { provider: props.provider, dependsOn: props.dependsOn };
    const labels = { app: name };

    this.serviceAccount = new ServiceAccountV1(this, 'service-account', {
      ...common,
      metadata: { name, namespace: props.namespace, annotations: { 'iam.gke.io/gcp-service-account': props.googleServiceAccount } },
      automountServiceAccountToken: false,
    });

    // The provider's camelCase settings are the API's field names too, so they fit the raw manifest.
    const hardened = restrictedContainerSecurity();
    this.deployment = new Manifest(this, 'deployment', {
      ...common,
      manifest: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace: props.namespace, labels },
        spec: {
          replicas: 1,
          selector: { matchLabels: labels },
          template: {
            metadata: {
              labels,
              annotations: {
                // istio-proxy as the first native sidecar, ready before the Auth Proxy starts:
                // otherwise Istio CNI already redirects the proxy's calls to the SQL Admin API to
                // an Envoy that is not running yet (istio-proxy would be a regular container,
                // started only after every init container). Honoured from Istio 1.24; older
                // istiods need overlays/native-sidecars.yaml.
                [NATIVE_SIDECAR_ANNOTATION]: 'true',
                // The proxy's TLS to the instance must not go through Envoy (see above).
                'traffic.sidecar.istio.io/excludeOutboundPorts': String(CLOUD_SQL_SERVER_PORT),
                // Workload Identity tokens come from the GKE metadata server.
                'traffic.sidecar.istio.io/excludeOutboundIPRanges': '169.254.169.254/32',
              },
            },
            spec: {
              serviceAccountName: this.serviceAccount.metadata.name,
              securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
              initContainers: [
                {
                  name: CLOUD_SQL_PROXY_CONTAINER,
                  image: props.proxyImage ?? CLOUD_SQL_PROXY_IMAGE,
                  restartPolicy: 'Always',
                  args: [
                    '--private-ip',
                    '--auto-iam-authn',
                    '--structured-logs',
                    `--port=${LOCAL_POSTGRES_PORT}`,
                    '--health-check',
                    '--http-address=0.0.0.0',
                    '--http-port=9090',
                    props.instanceConnectionName,
                  ],
                  securityContext: { ...hardened, runAsUser: 65532, runAsGroup: 65532 },
                  startupProbe: { httpGet: { path: '/startup', port: 9090 }, periodSeconds: 1, failureThreshold: 60 },
                  livenessProbe: { httpGet: { path: '/liveness', port: 9090 }, periodSeconds: 10 },
                  resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
                },
              ],
              containers: [
                {
                  name: 'psql',
                  image: POSTGRES_CLIENT_IMAGE,
                  command: ['sleep', 'infinity'],
                  // Alive while it can run its own command; ready once the database answers
                  // through the proxy (pg_isready fails only readiness, never restarts it).
                  livenessProbe: { exec: { command: ['sleep', '0'] }, periodSeconds: 30 },
                  readinessProbe: { exec: { command: ['pg_isready', '--quiet'] }, periodSeconds: 10, timeoutSeconds: 5 },
                  env: [
                    { name: 'PGHOST', value: '127.0.0.1' },
                    { name: 'PGPORT', value: String(LOCAL_POSTGRES_PORT) },
                    { name: 'PGUSER', value: props.databaseUser },
                    { name: 'PGDATABASE', value: props.database },
                    // The hop to the proxy stays inside the pod; the proxy encrypts the rest.
                    { name: 'PGSSLMODE', value: 'disable' },
                  ],
                  // The image's postgres user.
                  securityContext: { ...hardened, runAsUser: 70, runAsGroup: 70 },
                  resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
                },
              ],
            },
          },
        },
      },
    });

    const images = [props.proxyImage ?? CLOUD_SQL_PROXY_IMAGE, POSTGRES_CLIENT_IMAGE];
    if (!images.every(isPinnedByDigest))
      waive(this.deployment, taggedImageWaiver('the CloudSqlClient props proxyImage and POSTGRES_CLIENT_IMAGE', this.deployment.terraformResourceType));

    this.adminApiEntry = new Manifest(this, 'admin-api', {
      ...common,
      manifest: externalTlsServiceEntry({ name: 'cloud-sql-admin-api', namespace: props.namespace, host: 'sqladmin.googleapis.com', exportTo: ['.'] }),
    });
  }
}
