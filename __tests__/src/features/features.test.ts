import * as path from 'path';
import { loadConfig } from '../../../src/config/load';
import { CLOUD_SQL_APIS } from '../../../src/stacks/platform-stack';
import { REPO_ROOT, resourceAt, resources, type SynthJson, DEFAULT_FIXTURE } from '../../helpers';
import { synthAll } from '../../app-helpers';

type Manifest = { manifest: { kind: string; metadata: { name: string; namespace: string; labels?: object }; spec: Record<string, unknown> }; provider: string };
const manifests = (json: SynthJson, kind: string) => (resources(json, 'kubernetes_manifest') as unknown as Manifest[]).filter((m) => m.manifest.kind === kind);

describe('both integrations off (the default config)', () => {
  const stacks = synthAll(loadConfig(DEFAULT_FIXTURE));

  it('creates none of the Cloud SQL resources or APIs', () => {
    for (const type of [
      'google_sql_database_instance',
      'google_sql_database',
      'google_sql_user',
      'google_compute_global_address',
      'google_service_networking_connection',
      'google_service_account_iam_member',
    ]) {
      expect(resources(stacks.platform, type)).toEqual([]);
    }
    const apis = resources(stacks.platform, 'google_project_service').map((s) => s.service);
    for (const api of CLOUD_SQL_APIS) expect(apis).not.toContain(api);
    expect(stacks.platform.output?.cloud_sql).toBeUndefined();
  });

  it('creates none of the client or Defender objects, and asks for no Prisma secrets', () => {
    expect(resources(stacks.workloads, 'kubernetes_daemon_set_v1')).toEqual([]);
    expect(manifests(stacks.workloads, 'ServiceEntry')).toEqual([]);
    expect(manifests(stacks.workloads, 'Deployment')).toEqual([]);
    const namespaces = resources(stacks.workloads, 'kubernetes_namespace_v1').map((n) => (n.metadata as { name: string }).name);
    expect(namespaces).not.toContain('twistlock');
    expect(namespaces).not.toContain('db-client');
    expect(stacks.workloads.variable).toBeUndefined();
  });
});

describe('both integrations on (examples/all-features.yaml)', () => {
  const meshConfig = loadConfig(path.join(REPO_ROOT, 'examples', 'all-features.yaml'));
  const stacks = synthAll(meshConfig);

  it('reserves private services access on the mesh VPC, clear of the cluster ranges', () => {
    expect(resources(stacks.platform, 'google_compute_global_address')).toEqual([
      expect.objectContaining({ name: 'asm-mesh-private-services', purpose: 'VPC_PEERING', address_type: 'INTERNAL', address: '10.8.0.0', prefix_length: 20 }),
    ]);
    const connection = resources(stacks.platform, 'google_service_networking_connection')[0];
    expect(connection).toMatchObject({ service: 'servicenetworking.googleapis.com', network: expect.stringContaining('google_compute_network.network_vpc') });
  });

  it('creates a private-IP-only, TLS-enforcing PostgreSQL 18 with backups, PITR and IAM authentication', () => {
    const instance = resourceAt(stacks.platform, 'google_sql_database_instance', 'postgres/instance');
    expect(instance).toMatchObject({ database_version: 'POSTGRES_18', region: 'us-central1', deletion_protection: true });
    expect(instance.depends_on).toEqual([
      expect.stringMatching(/^google_service_networking_connection\.private-services_connection_\w+$/),
      expect.stringMatching(/^google_project_service\.apis_sqladmin-googleapis-com_\w+$/),
    ]);
    const settings = instance.settings as Record<string, unknown>;
    expect(settings.ip_configuration).toEqual({
      ipv4_enabled: false,
      private_network: expect.stringMatching(/^\$\{google_compute_network\.network_vpc_\w+\.id\}$/),
      ssl_mode: 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED',
      enable_private_path_for_google_cloud_services: true,
    });
    expect(settings.backup_configuration).toMatchObject({ enabled: true, point_in_time_recovery_enabled: true, start_time: '03:00' });
    expect(settings.database_flags).toEqual(
      expect.arrayContaining([
        { name: 'cloudsql.iam_authentication', value: 'on' },
        { name: 'log_connections', value: 'on' },
      ]),
    );
    expect(settings.maintenance_window).toEqual({ day: 7, hour: 4, update_track: 'stable' });
    expect(resources(stacks.platform, 'google_sql_database').map((d) => d.name)).toEqual(['app']);
  });

  it("wires Workload Identity from the client's Kubernetes service account to a Cloud SQL IAM user", () => {
    const account = resources(stacks.platform, 'google_service_account').find((a) => a.account_id === 'sql-mesh-postgres')!;
    expect(account).toBeDefined();
    expect(
      resources(stacks.platform, 'google_project_iam_member')
        .filter((m) => /cloudsql/.test(m.role as string))
        .map((m) => m.role)
        .sort(),
    ).toEqual(['roles/cloudsql.client', 'roles/cloudsql.instanceUser']);
    expect(resources(stacks.platform, 'google_sql_user')).toEqual([
      expect.objectContaining({ name: 'sql-mesh-postgres@my-mesh-project.iam', type: 'CLOUD_IAM_SERVICE_ACCOUNT' }),
    ]);
    expect(resources(stacks.platform, 'google_service_account_iam_member')).toEqual([
      expect.objectContaining({ role: 'roles/iam.workloadIdentityUser', member: 'serviceAccount:my-mesh-project.svc.id.goog[db-client/cloud-sql-client]' }),
    ]);
    const apis = resources(stacks.platform, 'google_project_service').map((s) => s.service);
    for (const api of CLOUD_SQL_APIS) expect(apis).toContain(api);
  });

  it("points every cluster's client at the same names the platform created (names cross stacks, not state)", () => {
    const accounts = resources(stacks.workloads, 'kubernetes_service_account_v1').filter((a) => (a.metadata as { name: string }).name === 'cloud-sql-client');
    expect(accounts.map((a) => a.provider)).toEqual(['kubernetes.asm-cluster-1', 'kubernetes.asm-cluster-2']);
    for (const account of accounts) {
      expect((account.metadata as { annotations: object }).annotations).toEqual({
        'iam.gke.io/gcp-service-account': 'sql-mesh-postgres@my-mesh-project.iam.gserviceaccount.com',
      });
    }
    for (const deployment of manifests(stacks.workloads, 'Deployment')) {
      const pod = (
        deployment.manifest.spec.template as {
          spec: { initContainers: { name: string; args: string[]; restartPolicy: string }[]; containers: { env: { name: string; value: string }[] }[] };
        }
      ).spec;
      expect(pod.initContainers[0]).toMatchObject({ name: 'cloud-sql-proxy', restartPolicy: 'Always' });
      expect(pod.initContainers[0].args).toEqual(expect.arrayContaining(['--private-ip', '--auto-iam-authn', 'my-mesh-project:us-central1:mesh-postgres']));
      expect(pod.containers[0].env).toEqual(
        expect.arrayContaining([
          { name: 'PGUSER', value: 'sql-mesh-postgres@my-mesh-project.iam' },
          { name: 'PGDATABASE', value: 'app' },
        ]),
      );
    }
  });

  it('keeps the client working under REGISTRY_ONLY: port 3307 bypasses Envoy and the Admin API is registered', () => {
    for (const deployment of manifests(stacks.workloads, 'Deployment')) {
      const annotations = (deployment.manifest.spec.template as { metadata: { annotations: Record<string, string> } }).metadata.annotations;
      expect(annotations['traffic.sidecar.istio.io/excludeOutboundPorts']).toBe('3307');
    }
    const entries = manifests(stacks.workloads, 'ServiceEntry').filter((e) => e.manifest.metadata.name === 'cloud-sql-admin-api');
    expect(entries).toHaveLength(2);
    expect(entries[0].manifest.spec).toMatchObject({ hosts: ['sqladmin.googleapis.com'], ports: [{ number: 443, name: 'tls', protocol: 'TLS' }] });
  });

  it('runs the client in a restricted, default-deny namespace', () => {
    const namespace = resources(stacks.workloads, 'kubernetes_namespace_v1').find((n) => (n.metadata as { name: string }).name === 'db-client')!;
    expect((namespace.metadata as { labels: object }).labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted', 'istio.io/rev': 'asm-128' });
    const denies = resources(stacks.workloads, 'kubernetes_network_policy_v1').filter(
      (p) =>
        (p.metadata as { name: string; namespace: string }).name === 'default-deny-ingress' &&
        (p.metadata as { namespace: string }).namespace.includes('db-namespace'),
    );
    expect(denies).toHaveLength(2);
  });

  it('deploys a containerd-aware Defender to every cluster, with the console registered', () => {
    const daemonSets = resources(stacks.workloads, 'kubernetes_daemon_set_v1');
    expect(daemonSets.map((d) => d.provider)).toEqual(['kubernetes.asm-cluster-1', 'kubernetes.asm-cluster-2']);
    const text = JSON.stringify(daemonSets);
    expect(text).toContain('/run/containerd');
    expect(text).not.toContain('docker.sock');
    const env = (daemonSets[0].spec as { template: { spec: { container: { env: { name: string; value?: string }[] }[] } } }).template.spec.container[0].env;
    expect(env).toEqual(
      expect.arrayContaining([
        { name: 'DEFENDER_CLUSTER', value: 'asm-cluster-1' },
        { name: 'DEFENDER_TYPE', value: 'cri' },
      ]),
    );
    const consoles = manifests(stacks.workloads, 'ServiceEntry').filter((e) => e.manifest.metadata.name === 'prisma-cloud-console');
    expect(consoles.map((c) => c.manifest.spec.hosts)).toEqual([['us-east1.cloud.twistlock.com'], ['us-east1.cloud.twistlock.com']]);
    const namespace = resources(stacks.workloads, 'kubernetes_namespace_v1').find((n) => (n.metadata as { name: string }).name === 'twistlock')!;
    expect((namespace.metadata as { labels: object }).labels).toMatchObject({
      'istio-injection': 'disabled',
      'pod-security.kubernetes.io/enforce': 'privileged',
    });
  });

  it('takes the Defender credentials from sensitive variables into a Secret', () => {
    expect(stacks.workloads.variable).toEqual({
      prisma_install_bundle: expect.objectContaining({ type: 'string', sensitive: true, nullable: false }),
      prisma_service_parameter: expect.objectContaining({ type: 'string', sensitive: true, nullable: false }),
      prisma_ws_address: expect.objectContaining({ type: 'string', sensitive: true, nullable: false }),
    });
    const secret = resources(stacks.workloads, 'kubernetes_secret_v1').find((s) => (s.metadata as { name: string }).name === 'twistlock-secrets')!;
    expect(secret.data).toEqual({
      'install-bundle': '${var.prisma_install_bundle}',
      'service-parameter': '${var.prisma_service_parameter}',
      'ws-address': '${var.prisma_ws_address}',
    });
  });

  it.each(['platform', 'mesh', 'workloads'] as const)('leaves no key, token or password literal in the %s stack', (stack) => {
    const text = JSON.stringify(stacks[stack]);
    const patterns: [string, RegExp][] = [
      ['PEM block', /-----BEGIN [A-Z ]+-----/],
      ['private key', /PRIVATE KEY/],
      ['Google OAuth token', /ya29\.[\w-]{20,}/],
      ['JWT', /eyJ[\w-]{10,}\.eyJ[\w-]{10,}/],
      ['Prisma access token', /tw_[a-z0-9]{16,}/i],
      ['GCP service account key', /"private_key_id"/],
      ['password field', /"password"\s*:\s*"[^$]/],
      ['long base64 blob', /"[A-Za-z0-9+/]{200,}={0,2}"/],
    ];
    expect(patterns.filter(([, pattern]) => pattern.test(text)).map(([name]) => name)).toEqual([]);
  });
});
