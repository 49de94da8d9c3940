import { config, TWO_CLUSTERS } from '../../helpers';
import { expectProblem, problemsOf, withClusters } from './load-fixture';

describe('ingress and sample fields', () => {
  it('defaults the host, an external self-signed gateway of 2-5 replicas, and the sample', () => {
    const loaded = config(TWO_CLUSTERS);
    expect(loaded.ingress).toEqual({ host: 'hello.mesh.example', internal: false, minReplicas: 2, maxReplicas: 5, certificate: { kind: 'self-signed' } });
    expect(loaded.sample).toEqual({ enabled: true, namespace: 'sample', images: {} });
  });

  it('checks the host as a DNS name', () => {
    expectProblem(`${TWO_CLUSTERS}\ningress: { host: "not a host" }\n`, /^ingress\.host: must be a DNS name, got "not a host"/);
    expectProblem(`${TWO_CLUSTERS}\ningress: { host: ${'a'.repeat(64)}.example.com }\n`, /^ingress\.host: must be a DNS name, got ".*"/);
    expect(problemsOf(`${TWO_CLUSTERS}\ningress: { host: "*.apps.example.com" }\n`)).toEqual([]);
  });

  it('splits Secret Manager names and requires both secrets, only with that source', () => {
    const loaded = config(
      `${TWO_CLUSTERS}\ningress:\n  certificate:\n    source: secret-manager\n    certificateSecret: projects/cert-proj/secrets/crt\n    privateKeySecret: projects/cert-proj/secrets/key/versions/7\n`,
    );
    expect(loaded.ingress.certificate).toEqual({
      kind: 'secret-manager',
      certificate: { project: 'cert-proj', secret: 'crt', version: 'latest' },
      privateKey: { project: 'cert-proj', secret: 'key', version: '7' },
    });
    expect(problemsOf(`${TWO_CLUSTERS}\ningress: { certificate: { source: secret-manager, certificateSecret: projects/cert-proj/secrets/crt } }\n`)).toEqual([
      'ingress.certificate.privateKeySecret: is required with source: secret-manager',
    ]);
    expect(problemsOf(`${TWO_CLUSTERS}\ningress: { certificate: { source: variable, privateKeySecret: projects/cert-proj/secrets/key } }\n`)).toEqual([
      'ingress.certificate.privateKeySecret: applies only to source: secret-manager',
    ]);
    expectProblem(
      `${TWO_CLUSTERS}\ningress: { certificate: { source: secret-manager, certificateSecret: crt, privateKeySecret: key } }\n`,
      /^ingress\.certificate\.certificateSecret: "crt" is not a Secret Manager secret/,
    );
    expectProblem(`${TWO_CLUSTERS}\ningress: { certificate: { source: vault } }\n`, /^ingress\.certificate\.source: /);
  });

  it('keeps minReplicas at or below maxReplicas', () => {
    expect(problemsOf(`${TWO_CLUSTERS}\ningress: { minReplicas: 4, maxReplicas: 3 }\n`)).toEqual([
      'ingress.minReplicas: must not be greater than maxReplicas (3), got 4',
    ]);
    expectProblem(`${TWO_CLUSTERS}\ningress: { minReplicas: 0 }\n`, /^ingress\.minReplicas: /);
  });

  it('checks the sample fields', () => {
    expectProblem(`${TWO_CLUSTERS}\nsample: { enabled: "yes" }\n`, /^sample\.enabled: /);
    expectProblem(`${TWO_CLUSTERS}\nsample: { namespace: Sample }\n`, /^sample\.namespace: must be an RFC 1035 label of at most \d+ characters, got "Sample"/);
    expectProblem(`${TWO_CLUSTERS}\nsample: { enable: false }\n`, /^sample\.enable: unknown field \(did you mean "enabled"\?\)/);
  });
});

describe('cloudSql and prismaCloud fields', () => {
  it('leaves both off by default, with safe defaults ready', () => {
    const loaded = config(TWO_CLUSTERS);
    expect(loaded.cloudSql).toEqual({
      enabled: false,
      instanceName: 'mesh-postgres',
      region: 'us-central1',
      databaseVersion: 'POSTGRES_16',
      tier: 'db-custom-2-7680',
      availability: 'REGIONAL',
      databases: ['app'],
      namespace: 'db-client',
      sslMode: 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED',
      privateServicesCidr: '10.8.0.0/20',
      deletionProtection: true,
      backupStartTime: '03:00',
      maintenanceWindow: { day: 7, hour: 4 },
      connectionName: 'test-project:us-central1:mesh-postgres',
      client: {
        name: 'cloud-sql-client',
        accountId: 'sql-mesh-postgres',
        email: 'sql-mesh-postgres@test-project.iam.gserviceaccount.com',
        databaseUser: 'sql-mesh-postgres@test-project.iam',
        workloadPool: 'test-project.svc.id.goog',
        otherWorkloadPools: [],
      },
    });
    expect(loaded.prismaCloud).toMatchObject({ enabled: false, namespace: 'twistlock' });
  });

  it('plans the private services range clear of every cluster range, and keeps clusters clear of a given one', () => {
    const planned = config(withClusters('  - { name: alpha, subnetCidr: 10.8.0.0/20 }\n  - name: beta'));
    expect(planned.cloudSql.privateServicesCidr).toBe('10.8.16.0/20');
    const given = config(`${TWO_CLUSTERS}\ncloudSql: { privateServicesCidr: 10.64.0.0/20 }\n`);
    expect(given.cloudSql.privateServicesCidr).toBe('10.64.0.0/20');
    expect(given.clusters.map((c) => c.podCidr)).toEqual(['10.68.0.0/14', '10.72.0.0/14']);
    expectProblem(
      withClusters('  - { name: alpha, podCidr: 10.64.0.0/14 }\n  - name: beta') + 'cloudSql: { privateServicesCidr: 10.65.0.0/20 }\n',
      /^cloudSql\.privateServicesCidr: 10\.65\.0\.0\/20 overlaps clusters\[0\]\.podCidr \(10\.64\.0\.0\/14\)/,
    );
  });

  it.each([
    ['databaseVersion', 'MYSQL_8_0', /^cloudSql\.databaseVersion: /],
    ['tier', 'large', /^cloudSql\.tier: "large" is not a Cloud SQL tier/],
    ['availability', 'MULTI', /^cloudSql\.availability: /],
    ['sslMode', 'ALLOW_UNENCRYPTED_AND_ENCRYPTED', /^cloudSql\.sslMode: /],
    ['backupStartTime', '25:00', /^cloudSql\.backupStartTime: must be a time of day, HH:MM \(UTC\), got "25:00"/],
    ['databases', '[]', /^cloudSql\.databases: /],
    ['databases', '[App]', /^cloudSql\.databases\[0\]: must be an RFC 1035 label of at most \d+ characters, got "App"/],
    ['region', 'us-central1-a', /^cloudSql\.region: must be a region such as us-central1, got "us-central1-a"/],
    ['privateServicesCidr', '10.8.0.0/26', /^cloudSql\.privateServicesCidr: must not be narrower than \/24/],
  ])('cloudSql.%s refuses %s', (field, value, message) => {
    expectProblem(`${TWO_CLUSTERS}\ncloudSql: { enabled: true, ${field}: ${value} }\n`, message);
  });

  it('cloudSql accepts a full valid block', () => {
    expect(
      problemsOf(
        `${TWO_CLUSTERS}\ncloudSql: { enabled: true, tier: db-custom-4-15360, availability: ZONAL, databases: [app, audit], sslMode: ENCRYPTED_ONLY, maintenanceWindow: { day: 1, hour: 2 } }\n`,
      ),
    ).toEqual([]);
  });

  it('prismaCloud needs the console and image when enabled, and refuses tokens in the image', () => {
    expect(problemsOf(`${TWO_CLUSTERS}\nprismaCloud: { enabled: true }\n`)).toEqual([
      'prismaCloud.consoleAddress: is required when prismaCloud.enabled is true',
      'prismaCloud.defenderImage: is required when prismaCloud.enabled is true',
    ]);
    expectProblem(
      `${TWO_CLUSTERS}\nprismaCloud: { enabled: true, consoleAddress: "https://us-east1.cloud.twistlock.com/us-1-123", defenderImage: "registry-auth.twistlock.com/tw_abcdef0123456789abcdef/twistlock/defender:defender_32_03_123" }\n`,
      /^prismaCloud\.defenderImage: must not embed a console access token/,
    );
    expectProblem(
      `${TWO_CLUSTERS}\nprismaCloud: { enabled: true, consoleAddress: "http://console.example", defenderImage: "r.example/defender:1" }\n`,
      /^prismaCloud\.consoleAddress: must be an https:\/\/ URL, got "http:\/\/console\.example"/,
    );
    // The config used to pass this image that the construct then refused with a stack trace: one rule now.
    expect(
      problemsOf(
        `${TWO_CLUSTERS}\nprismaCloud: { enabled: true, consoleAddress: "https://c.example", defenderImage: "registry.example.com/tw_abcdefghijklmnopqrst:1.0" }\n`,
      ),
    ).toEqual([
      'prismaCloud.defenderImage: must not embed a console access token (tw_…): mirror the image into your registry, and pass secrets as sensitive variables only',
    ]);
    expectProblem(
      `${TWO_CLUSTERS}\nprismaCloud: { enabled: true, consoleAddress: "https://c.example", defenderImage: "defender" }\n`,
      /^prismaCloud\.defenderImage: must be an image reference with a tag or digest \(registry\/path:tag\), got "defender"/,
    );
    expect(
      problemsOf(
        `${TWO_CLUSTERS}\nprismaCloud: { enabled: true, consoleAddress: "https://us-east1.cloud.twistlock.com/us-1-123", defenderImage: "us-docker.pkg.dev/p-123456/twistlock/defender:defender_32_03_123" }\n`,
      ),
    ).toEqual([]);
  });
});

describe('namespaces', () => {
  it('refuses a feature namespace the mesh owns, or one another enabled feature owns', () => {
    expectProblem(`${TWO_CLUSTERS}\nsample: { namespace: istio-system }\n`, /^sample\.namespace: "istio-system" is already used by the mesh/);
    expectProblem(`${TWO_CLUSTERS}\ncloudSql: { enabled: true, namespace: sample }\n`, /^cloudSql\.namespace: "sample" is already used by sample\.namespace/);
    expectProblem(
      `${TWO_CLUSTERS}\ncloudSql: { enabled: true, namespace: shared }\nprismaCloud: { enabled: true, namespace: shared, consoleAddress: "https://c.example", defenderImage: "r.example/d:1" }\n`,
      /^prismaCloud\.namespace: "shared" is already used by cloudSql\.namespace/,
    );
  });

  it('ignores the namespaces of disabled features', () => {
    expect(problemsOf(`${TWO_CLUSTERS}\ncloudSql: { enabled: false, namespace: sample }\n`)).toEqual([]);
    expect(problemsOf(`${TWO_CLUSTERS}\nsample: { enabled: false }\ncloudSql: { enabled: true, namespace: sample }\n`)).toEqual([]);
  });
});

describe('rbacSecurityGroup', () => {
  it('is unset by default and passed through when set', () => {
    expect(config(TWO_CLUSTERS).rbacSecurityGroup).toBeUndefined();
    expect(config(`${TWO_CLUSTERS}\nrbacSecurityGroup: gke-security-groups@example.com\n`).rbacSecurityGroup).toBe('gke-security-groups@example.com');
  });

  it('must be the gke-security-groups group of a domain', () => {
    expectProblem(
      `${TWO_CLUSTERS}\nrbacSecurityGroup: admins@example.com\n`,
      /^rbacSecurityGroup: must be gke-security-groups@<your domain>, got "admins@example.com"/,
    );
  });
});

describe('sample.images', () => {
  it('takes tags or digests, and refuses a bare name', () => {
    const digest = `docker.io/curlimages/curl@sha256:${'b'.repeat(64)}`;
    expect(config(`${TWO_CLUSTERS}\nsample: { images: { sleep: "${digest}" } }\n`).sample.images).toEqual({ sleep: digest });
    expectProblem(
      `${TWO_CLUSTERS}\nsample: { images: { helloworldV1: helloworld } }\n`,
      /^sample\.images\.helloworldV1: must be an image reference with a tag or digest/,
    );
  });
});
