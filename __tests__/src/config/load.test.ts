import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEFAULT_CONFIG_FILE, loadConfig, loadConfigFromEnvironment } from '../../../src/config/load';
import { ConfigError, formatPath } from '../../../src/config/messages';
import { regionOf } from '../../../src/config/resolve';
import { config, REPO_ROOT, TWO_CLUSTERS } from '../../helpers';

/** The problems a config produces, as "path: message" lines. */
function problemsOf(yaml: string): string[] {
  try {
    config(yaml);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message));
    throw error;
  }
  return [];
}

function expectProblem(yaml: string, pattern: RegExp): void {
  const problems = problemsOf(yaml);
  expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(pattern)]));
}

/** TWO_CLUSTERS with one line replaced or appended. */
function withClusters(clusters: string): string {
  return TWO_CLUSTERS.replace(/clusters:\n( {2}- .*\n)+/, `clusters:\n${clusters}\n`);
}

describe('the shipped default config', () => {
  const loaded = loadConfig(DEFAULT_CONFIG_FILE);

  it('describes two clusters in one region with a placeholder project', () => {
    expect(loaded.project).toBe('my-mesh-project');
    expect(loaded.clusters).toHaveLength(2);
    expect(new Set(loaded.clusters.map((c) => c.region))).toEqual(new Set(['us-central1']));
  });

  it('defaults to in-cluster ASM with the first three overlays, and deletion protection on', () => {
    expect(loaded.asm.mode).toBe('in-cluster');
    expect(loaded.asm.overlays.map((o) => o.path)).toEqual([
      'overlays/egress-registry-only.yaml',
      'overlays/multicluster-identity.yaml',
      'overlays/access-logging.yaml',
    ]);
    expect(loaded.deletionProtection).toBe(true);
  });

  it('gives every cluster one COS_CONTAINERD e2-standard-4 pool', () => {
    for (const cluster of loaded.clusters) {
      expect(cluster.nodePools).toEqual([{ name: 'primary', machineType: 'e2-standard-4', minNodes: 1, maxNodes: 3, imageType: 'COS_CONTAINERD' }]);
    }
  });

  it('is found through MESH_CONFIG, and otherwise at the repository root', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-config-'));
    const file = path.join(dir, 'other.yaml');
    fs.writeFileSync(file, TWO_CLUSTERS.replace('test-project', 'env-project'));
    expect(loadConfigFromEnvironment({ MESH_CONFIG: file }).project).toBe('env-project');
    expect(loadConfigFromEnvironment({}).project).toBe('my-mesh-project');
  });
});

describe('defaults and derived values', () => {
  const loaded = config(TWO_CLUSTERS);

  it('places clusters in the default region and derives the region of a zone', () => {
    expect(loaded.clusters[0].location).toBe('us-central1');
    const zonal = config(withClusters('  - { name: alpha, location: europe-west4-b }\n  - name: beta'));
    expect(zonal.clusters[0]).toMatchObject({ location: 'europe-west4-b', region: 'europe-west4' });
    expect(zonal.clusters[1]).toMatchObject({ location: 'us-central1', region: 'us-central1' });
  });

  it('names the network asm-mesh and keeps endpoints public-but-authorized unless asked', () => {
    expect(loaded.network.name).toBe('asm-mesh');
    expect(loaded.clusters.map((c) => c.privateEndpoint)).toEqual([false, false]);
  });

  it('plans every omitted range', () => {
    expect(loaded.clusters[0]).toMatchObject({
      subnetCidr: '10.0.0.0/20',
      podCidr: '10.64.0.0/14',
      serviceCidr: '10.4.0.0/20',
      masterCidr: '172.16.0.0/28',
    });
    expect(loaded.clusters[1]).toMatchObject({
      subnetCidr: '10.0.16.0/20',
      podCidr: '10.68.0.0/14',
      serviceCidr: '10.4.16.0/20',
      masterCidr: '172.16.0.16/28',
    });
  });

  it('keeps ranges the user set', () => {
    const custom = config(withClusters('  - { name: alpha, podCidr: 10.64.0.0/14, masterCidr: 172.16.0.0/28 }\n  - name: beta'));
    expect(custom.clusters[0]).toMatchObject({ podCidr: '10.64.0.0/14', masterCidr: '172.16.0.0/28' });
    expect(custom.clusters[1].podCidr).toBe('10.68.0.0/14');
  });

  it('resolves overlays relative to the config file', () => {
    const withOverlays = config(`${TWO_CLUSTERS}\nasm:\n  overlays: [overlays/internal-load-balancer.yaml]\n`);
    expect(withOverlays.asm.overlays).toEqual([
      { path: 'overlays/internal-load-balancer.yaml', absolutePath: path.join(REPO_ROOT, 'overlays/internal-load-balancer.yaml') },
    ]);
  });

  it('accepts a three-cluster, two-region config using only the documented fields', () => {
    const three = config(`
project: test-project
region: us-central1
network: { name: mesh }
clusters:
  - name: one
  - { name: two, location: us-central1-c }
  - name: three
    location: europe-west1
    subnetCidr: 10.200.0.0/20
    podCidr: 10.128.0.0/14
    serviceCidr: 10.200.16.0/20
    masterCidr: 172.16.15.240/28
    nodePools:
      - { name: main, machineType: e2-standard-8, minNodes: 2, maxNodes: 5, imageType: COS_CONTAINERD }
authorizedNetworks: [{ cidr: 198.51.100.0/24, name: office }]
asm: { mode: managed, overlays: [overlays/egress-registry-only.yaml] }
deletionProtection: false
`);
    expect(three.clusters.map((c) => c.region)).toEqual(['us-central1', 'us-central1', 'europe-west1']);
    expect(three.asm.mode).toBe('managed');
    expect(three.deletionProtection).toBe(false);
  });
});

describe('validation rules (each names its field)', () => {
  it.each([
    ['too short', 'abc'],
    ['uppercase', 'My-Project'],
    ['starts with a digit', '1project'],
    ['underscore', 'my_project'],
    ['ends with a hyphen', 'my-project-'],
    ['31 characters', `a${'b'.repeat(30)}`],
  ])('project: refuses an ID that is %s', (_why, id) => {
    expectProblem(TWO_CLUSTERS.replace('test-project', id), /^project: must be a GCP project ID .*, got ".*"/);
  });

  it.each(['abcdef', 'my-project-123', `a${'b'.repeat(29)}`])('project: accepts %s', (id) => {
    expect(problemsOf(TWO_CLUSTERS.replace('test-project', id))).toEqual([]);
  });

  it('region: refuses a zone or a typo', () => {
    expectProblem(TWO_CLUSTERS.replace('region: us-central1', 'region: us-central1-a'), /^region: must be a region such as us-central1, got "us-central1-a"/);
    expectProblem(TWO_CLUSTERS.replace('region: us-central1', 'region: uscentral'), /^region: must be a region such as us-central1, got "uscentral"/);
  });

  it('authorizedNetworks[].cidr: only internal ranges when a cluster has privateEndpoint: true', () => {
    const publicAdmin = withClusters('  - name: alpha\n  - { name: beta, privateEndpoint: true }').replace('203.0.113.0/24', '34.120.0.0/16');
    expect(problemsOf(publicAdmin)).toEqual([
      expect.stringMatching(/^authorizedNetworks\[0\]\.cidr: 34\.120\.0\.0\/16 is not an internal range, and cluster beta has privateEndpoint: true/),
    ]);
    expect(problemsOf(publicAdmin.replace('privateEndpoint: true', 'privateEndpoint: false'))).toEqual([]);
    for (const internal of ['10.200.0.0/24', '172.20.0.0/16', '192.168.10.0/24', '100.64.0.0/16', '203.0.113.0/24']) {
      expect(problemsOf(publicAdmin.replace('34.120.0.0/16', internal))).toEqual([]);
    }
  });

  it('clusters: needs at least two', () => {
    expectProblem(withClusters('  - name: alpha'), /^clusters: a mesh needs at least two clusters/);
  });

  it('clusters[].name: RFC 1035, at most 40 characters, unique', () => {
    expectProblem(withClusters('  - name: Alpha\n  - name: beta'), /^clusters\[0\]\.name: must be an RFC 1035 label of at most \d+ characters, got "Alpha"/);
    expectProblem(withClusters('  - name: 1alpha\n  - name: beta'), /^clusters\[0\]\.name: must be an RFC 1035 label of at most \d+ characters, got "1alpha"/);
    expectProblem(withClusters(`  - name: ${'a'.repeat(41)}\n  - name: beta`), /^clusters\[0\]\.name: must be an RFC 1035 label of at most 40 characters, got ".*"/);
    expect(problemsOf(withClusters(`  - name: ${'a'.repeat(40)}\n  - name: beta`))).toEqual([]);
    expectProblem(withClusters('  - name: alpha\n  - name: alpha'), /^clusters\[1\]\.name: "alpha" is already the name of clusters\[0\]/);
  });

  it('clusters[].location: a region or a zone', () => {
    expectProblem(withClusters('  - { name: alpha, location: moon }\n  - name: beta'), /^clusters\[0\]\.location: must be a region \(us-central1\) or a zone \(us-central1-a\), got "moon"/);
    expect(problemsOf(withClusters('  - { name: alpha, location: asia-east1-a }\n  - { name: beta, location: europe-west4 }'))).toEqual([]);
  });

  it.each([
    ['subnetCidr', '10.0.0/20', /is not an IPv4 CIDR/],
    ['podCidr', '10.64.0.1/14', /has host bits set; the network address is 10\.64\.0\.0\/14/],
    ['serviceCidr', '300.0.0.0/20', /is not an IPv4 CIDR/],
    ['masterCidr', '172.16.0.0/27', /must be a \/28/],
    ['masterCidr', '172.16.0.0', /is not an IPv4 CIDR/],
    ['podCidr', '10.0.0.0/26', /must not be narrower than \/24, got "10.0.0.0\/26"/],
    ['subnetCidr', '10.0.0.0/7', /must not be broader than \/8, got "10.0.0.0\/7"/],
  ])('clusters[].%s: refuses %s', (field, value, message) => {
    expectProblem(withClusters(`  - { name: alpha, ${field}: "${value}" }\n  - name: beta`), new RegExp(`^clusters\\[0\\]\\.${field}: .*${message.source}`));
  });

  it('CIDR overlaps are found among every range of every cluster', () => {
    expect(problemsOf(withClusters('  - { name: alpha, podCidr: 10.64.0.0/14 }\n  - { name: beta, podCidr: 10.64.0.0/14 }'))).toEqual([
      'clusters[1].podCidr: 10.64.0.0/14 overlaps clusters[0].podCidr (10.64.0.0/14)',
    ]);
    // A subnet inside another cluster's pod range, and a service range inside the same cluster's subnet.
    expect(problemsOf(withClusters('  - { name: alpha, podCidr: 10.64.0.0/14 }\n  - { name: beta, subnetCidr: 10.65.0.0/20, serviceCidr: 10.65.0.0/24 }'))).toEqual([
      'clusters[1].subnetCidr: 10.65.0.0/20 overlaps clusters[0].podCidr (10.64.0.0/14)',
      'clusters[1].serviceCidr: 10.65.0.0/24 overlaps clusters[0].podCidr (10.64.0.0/14)',
    ]);
    expect(problemsOf(withClusters('  - { name: alpha, masterCidr: 172.16.0.0/28 }\n  - { name: beta, masterCidr: 172.16.0.0/28 }'))).toEqual([
      'clusters[1].masterCidr: 172.16.0.0/28 overlaps clusters[0].masterCidr (172.16.0.0/28)',
    ]);
  });

  it('clusters[].nodePools[]: containerd images only, min <= max, unique names, at least one', () => {
    const pool = (fields: string) => withClusters(`  - name: alpha\n    nodePools:\n      - { ${fields.includes('name:') ? '' : 'name: main, '}${fields} }\n  - name: beta`);
    expectProblem(pool('imageType: COS'), /^clusters\[0\]\.nodePools\[0\]\.imageType: "COS" is a Docker-based image type, which GKE removed; use COS_CONTAINERD/);
    expectProblem(pool('imageType: UBUNTU'), /imageType: "UBUNTU" is a Docker-based image type/);
    expectProblem(pool('imageType: WINDOWS'), /imageType: "WINDOWS" is not a containerd image type/);
    expect(problemsOf(pool('imageType: UBUNTU_CONTAINERD'))).toEqual([]);
    expectProblem(pool('minNodes: 4, maxNodes: 2'), /^clusters\[0\]\.nodePools\[0\]\.minNodes: must not be greater than maxNodes \(2\), got 4$/);
    expectProblem(pool('minNodes: -1'), /^clusters\[0\]\.nodePools\[0\]\.minNodes: /);
    expectProblem(pool('maxNodes: 1.5'), /^clusters\[0\]\.nodePools\[0\]\.maxNodes: /);
    expectProblem(pool('name: Main'), /^clusters\[0\]\.nodePools\[0\]\.name: must be an RFC 1035 label of at most \d+ characters, got "Main"/);
    expectProblem(
      withClusters('  - name: alpha\n    nodePools: [{ name: main }, { name: main }]\n  - name: beta'),
      /^clusters\[0\]\.nodePools\[1\]\.name: "main" is already the name of clusters\[0\]\.nodePools\[0\]/,
    );
    expectProblem(withClusters('  - { name: alpha, nodePools: [] }\n  - name: beta'), /^clusters\[0\]\.nodePools: /);
  });

  it('authorizedNetworks: refuses 0.0.0.0/0 and internet-sized ranges, checks syntax', () => {
    const networks = (cidr: string) => TWO_CLUSTERS.replace('203.0.113.0/24', cidr);
    expectProblem(networks('0.0.0.0/0'), /^authorizedNetworks\[0\]\.cidr: must not be broader than \/8, got "0\.0\.0\.0\/0"/);
    expectProblem(networks('0.0.0.0/1'), /^authorizedNetworks\[0\]\.cidr: must not be broader than \/8, got "0\.0\.0\.0\/1"/);
    expectProblem(networks('203.0.113.7/24'), /^authorizedNetworks\[0\]\.cidr: .*host bits set/);
    expect(problemsOf(networks('10.0.0.0/8'))).toEqual([]);
    expectProblem(TWO_CLUSTERS.replace(', name: admin', ''), /^authorizedNetworks\[0\]\.name: is required/);
  });

  it('authorizedNetworks: stays within GKE\'s 50 entries once peer pod ranges are added', () => {
    const entries = (n: number) => Array.from({ length: n }, (_, i) => `  - { cidr: 198.51.${i}.0/24, name: n${i} }`).join('\n');
    const yaml = (n: number) => TWO_CLUSTERS.replace(/authorizedNetworks:\n.*\n/, `authorizedNetworks:\n${entries(n)}\n`);
    expect(problemsOf(yaml(49))).toEqual([]);
    expectProblem(yaml(50), /^authorizedNetworks: 50 entries plus the 1 peer pod ranges each control plane needs exceed GKE's limit of 50/);
  });

  it('asm: mode is in-cluster or managed; overlay files must exist', () => {
    expectProblem(`${TWO_CLUSTERS}\nasm: { mode: hybrid }\n`, /^asm\.mode: /);
    expectProblem(`${TWO_CLUSTERS}\nasm: { overlays: [overlays/nope.yaml] }\n`, /^asm\.overlays\[0\]: file "overlays\/nope\.yaml" does not exist/);
    expectProblem(`${TWO_CLUSTERS}\nasm: { overlays: [overlays] }\n`, /^asm\.overlays\[0\]: file "overlays" does not exist/);
  });

  it('deletionProtection and privateEndpoint are booleans', () => {
    expectProblem(`${TWO_CLUSTERS}\ndeletionProtection: "no"\n`, /^deletionProtection: /);
    expectProblem(withClusters('  - { name: alpha, privateEndpoint: yes-please }\n  - name: beta'), /^clusters\[0\]\.privateEndpoint: /);
  });

  it('network.name: an RFC 1035 label of at most 20 characters', () => {
    expectProblem(`${TWO_CLUSTERS}\nnetwork: { name: Mesh_Net }\n`, /^network\.name: must be an RFC 1035 label of at most \d+ characters, got "Mesh_Net"/);
    expectProblem(`${TWO_CLUSTERS}\nnetwork: { name: ${'n'.repeat(21)} }\n`, /^network\.name: must be an RFC 1035 label of at most 20 characters, got ".*"/);
  });

  it('unknown keys are errors, with a suggestion, at every level', () => {
    expect(problemsOf(`${TWO_CLUSTERS}\nregon: us-east1\n`)).toEqual([
      expect.stringMatching(/^regon: unknown field \(did you mean "region"\?\)/),
    ]);
    expectProblem(withClusters('  - { name: alpha, podCIDR: 10.64.0.0/14 }\n  - name: beta'), /^clusters\[0\]\.podCIDR: unknown field \(did you mean "podCidr"\?\)/);
    expectProblem(withClusters('  - name: alpha\n    nodePools: [{ name: main, imagetype: COS_CONTAINERD }]\n  - name: beta'), /^clusters\[0\]\.nodePools\[0\]\.imagetype: unknown field \(did you mean "imageType"\?\)/);
    expectProblem(`${TWO_CLUSTERS}\nasm: { mod: managed }\n`, /^asm\.mod: unknown field \(did you mean "mode"\?\)/);
    expectProblem(`${TWO_CLUSTERS}\nnetwork: { name: x1, mtu: 1500 }\n`, /^network\.mtu: unknown field; known fields here: name/);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf(`
project: BAD
region: us-central1
clusters:
  - { name: alpha, podCidr: 10.64.0.0/14, masterCidr: 172.16.0.0/29 }
  - { name: alpha, podCidr: 10.64.0.0/14 }
authorizedNetworks: [{ cidr: 0.0.0.0/0, name: all }]
typo: true
`);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^project: /),
        expect.stringMatching(/^clusters\[0\]\.masterCidr: .*must be a \/28/),
        expect.stringMatching(/^clusters\[1\]\.name: "alpha" is already/),
        expect.stringMatching(/^clusters\[1\]\.podCidr: 10\.64\.0\.0\/14 overlaps clusters\[0\]\.podCidr/),
        expect.stringMatching(/^authorizedNetworks\[0\]\.cidr: /),
        expect.stringMatching(/^typo: unknown field/),
      ]),
    );
    expect(problems).toHaveLength(6);
  });

  it('a missing required field says so', () => {
    expect(problemsOf('region: us-central1\nclusters: [{name: a1}, {name: b1}]\n')).toEqual(['project: is required']);
  });
});

describe('YAML errors and files', () => {
  it('reports a YAML syntax error with the file and line', () => {
    try {
      config('project: p-123456\nregion: us-central1\nclusters:\n  - name: a\n   - name: b\n');
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(/^test\.yaml: 1 problem:\n {2}- line 5, column \d+: YAML syntax error/);
    }
  });

  it('reports a duplicate key as a YAML error', () => {
    expect(() => config(`${TWO_CLUSTERS}\nregion: europe-west1\n`)).toThrow(/line \d+, column \d+: YAML syntax error: Map keys must be unique/);
  });

  it('reports a missing file by name', () => {
    expect(() => loadConfig('/nonexistent/mesh.yaml')).toThrow(/mesh\.yaml: 1 problem:\n {2}- cannot read the file/);
  });

  it('treats an empty file as a config missing its required fields', () => {
    expect(problemsOf('')).toEqual(['project: is required', 'region: is required', 'clusters: is required']);
  });
});

describe('helpers', () => {
  it('formatPath writes field paths as users read them', () => {
    expect(formatPath(['clusters', 1, 'nodePools', 0, 'name'])).toBe('clusters[1].nodePools[0].name');
    expect(formatPath([])).toBe('');
  });

  it('regionOf strips the zone letter only', () => {
    expect(regionOf('us-central1-a')).toBe('us-central1');
    expect(regionOf('northamerica-northeast1')).toBe('northamerica-northeast1');
  });
});

describe('asm fields for the install', () => {
  it('defaults the asmcli version, the revision derived from it, and Istio CNI', () => {
    expect(config(TWO_CLUSTERS).asm).toMatchObject({ asmcliVersion: '1.28', revision: 'asm-128', options: ['cni-gcp'] });
    expect(config(`${TWO_CLUSTERS}\nasm: { asmcliVersion: "1.22.3-asm.1+config1" }\n`).asm.revision).toBe('asm-1223-1');
    expect(config(`${TWO_CLUSTERS}\nasm: { revision: asm-canary }\n`).asm.revision).toBe('asm-canary');
  });

  it('refuses an unquoted version, which YAML turns into a number', () => {
    expectProblem(`${TWO_CLUSTERS}\nasm: { asmcliVersion: 1.20 }\n`, /^asm\.asmcliVersion: write the version in quotes \(asmcliVersion: "1\.2"\): YAML reads 1\.20 as the number 1\.2/);
    expectProblem(`${TWO_CLUSTERS}\nasm: { asmcliVersion: latest }\n`, /^asm\.asmcliVersion: must be an asmcli release line such as 1\.28, or a full version such as 1\.28\.5-asm\.12\+config1, got "latest"/);
  });

  it('keeps Istio CNI in in-cluster mode: restricted Pod Security refuses istio-init', () => {
    expect(problemsOf(`${TWO_CLUSTERS}\nasm: { options: [cloud-tracing] }\n`)).toEqual([
      'asm.options: must keep an Istio CNI option (cni-gcp): app namespaces enforce restricted Pod Security, which refuses the NET_ADMIN istio-init container',
    ]);
    expect(problemsOf(`${TWO_CLUSTERS}\nasm: { options: [cloud-tracing, cni-gcp] }\n`)).toEqual([]);
  });

  it('checks the digest, the revision and the option names', () => {
    expectProblem(`${TWO_CLUSTERS}\nasm: { asmcliSha256: ABC }\n`, /^asm\.asmcliSha256: must be 64 lowercase hex digits \(a SHA-256 digest\), got "ABC"/);
    expect(problemsOf(`${TWO_CLUSTERS}\nasm: { asmcliSha256: ${'0f'.repeat(32)} }\n`)).toEqual([]);
    expectProblem(`${TWO_CLUSTERS}\nasm: { revision: ASM_1 }\n`, /^asm\.revision: must be an RFC 1035 label of at most \d+ characters, got "ASM_1"/);
    expectProblem(`${TWO_CLUSTERS}\nasm: { options: [cni-gcp, "Bad Option"] }\n`, /^asm\.options\[1\]: must be an RFC 1035 label of at most \d+ characters, got "Bad Option"/);
  });

  it('refuses in-cluster-only fields in managed mode instead of ignoring them', () => {
    const problems = problemsOf(`${TWO_CLUSTERS}\nasm: { mode: managed, revision: asm-x, options: [a1], asmcliVersion: "1.23" }\n`);
    expect(problems).toEqual([
      'asm.asmcliVersion: applies only to asm.mode: in-cluster; the managed control plane picks its own version and revision',
      'asm.revision: applies only to asm.mode: in-cluster; the managed control plane picks its own version and revision',
      'asm.options: applies only to asm.mode: in-cluster; the managed control plane picks its own version and revision',
    ]);
    expect(config(`${TWO_CLUSTERS}\nasm: { mode: managed }\n`).asm.revision).toBe('asm-managed');
  });

  it('refuses an overlay file that is not an IstioOperator', () => {
    expectProblem(`${TWO_CLUSTERS}\nasm: { overlays: [mesh.config.yaml] }\n`, /^asm\.overlays\[0\]: "mesh\.config\.yaml" is not an IstioOperator overlay \(expected apiVersion install\.istio\.io\/v1alpha1, kind IstioOperator\)/);
  });
});

describe('ingress and sample fields', () => {
  it('defaults the host, an external self-signed gateway of 2-5 replicas, and the sample', () => {
    const loaded = config(TWO_CLUSTERS);
    expect(loaded.ingress).toEqual({ host: 'hello.mesh.example', internal: false, minReplicas: 2, maxReplicas: 5, certificate: { kind: 'self-signed' } });
    expect(loaded.sample).toEqual({ enabled: true, namespace: 'sample' });
  });

  it('checks the host as a DNS name', () => {
    expectProblem(`${TWO_CLUSTERS}\ningress: { host: "not a host" }\n`, /^ingress\.host: must be a DNS name, got "not a host"/);
    expectProblem(`${TWO_CLUSTERS}\ningress: { host: ${'a'.repeat(64)}.example.com }\n`, /^ingress\.host: must be a DNS name, got ".*"/);
    expect(problemsOf(`${TWO_CLUSTERS}\ningress: { host: "*.apps.example.com" }\n`)).toEqual([]);
  });

  it('splits Secret Manager names and requires both secrets, only with that source', () => {
    const loaded = config(`${TWO_CLUSTERS}\ningress:\n  certificate:\n    source: secret-manager\n    certificateSecret: projects/cert-proj/secrets/crt\n    privateKeySecret: projects/cert-proj/secrets/key/versions/7\n`);
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
    expectProblem(`${TWO_CLUSTERS}\ningress: { certificate: { source: secret-manager, certificateSecret: crt, privateKeySecret: key } }\n`, /^ingress\.certificate\.certificateSecret: "crt" is not a Secret Manager secret/);
    expectProblem(`${TWO_CLUSTERS}\ningress: { certificate: { source: vault } }\n`, /^ingress\.certificate\.source: /);
  });

  it('keeps minReplicas at or below maxReplicas', () => {
    expect(problemsOf(`${TWO_CLUSTERS}\ningress: { minReplicas: 4, maxReplicas: 3 }\n`)).toEqual(['ingress.minReplicas: must not be greater than maxReplicas (3), got 4']);
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
    expectProblem(withClusters('  - { name: alpha, podCidr: 10.64.0.0/14 }\n  - name: beta') + 'cloudSql: { privateServicesCidr: 10.65.0.0/20 }\n', /^cloudSql\.privateServicesCidr: 10\.65\.0\.0\/20 overlaps clusters\[0\]\.podCidr \(10\.64\.0\.0\/14\)/);
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
      problemsOf(`${TWO_CLUSTERS}\ncloudSql: { enabled: true, tier: db-custom-4-15360, availability: ZONAL, databases: [app, audit], sslMode: ENCRYPTED_ONLY, maintenanceWindow: { day: 1, hour: 2 } }\n`),
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
    expectProblem(`${TWO_CLUSTERS}\nprismaCloud: { enabled: true, consoleAddress: "http://console.example", defenderImage: "r.example/defender:1" }\n`, /^prismaCloud\.consoleAddress: must be an https:\/\/ URL, got "http:\/\/console\.example"/);
    // The config used to pass this image that the construct then refused with a stack trace: one rule now.
    expect(
      problemsOf(`${TWO_CLUSTERS}\nprismaCloud: { enabled: true, consoleAddress: "https://c.example", defenderImage: "registry.example.com/tw_abcdefghijklmnopqrst:1.0" }\n`),
    ).toEqual([
      'prismaCloud.defenderImage: must not embed a console access token (tw_…): mirror the image into your registry, and pass secrets as sensitive variables only',
    ]);
    expectProblem(`${TWO_CLUSTERS}\nprismaCloud: { enabled: true, consoleAddress: "https://c.example", defenderImage: "defender" }\n`, /^prismaCloud\.defenderImage: must be an image reference with a tag or digest \(registry\/path:tag\), got "defender"/);
    expect(
      problemsOf(`${TWO_CLUSTERS}\nprismaCloud: { enabled: true, consoleAddress: "https://us-east1.cloud.twistlock.com/us-1-123", defenderImage: "us-docker.pkg.dev/p-123456/twistlock/defender:defender_32_03_123" }\n`),
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

describe('policy waivers', () => {
  it('accepts a waiver of a known rule with a reason', () => {
    const loaded = config(`${TWO_CLUSTERS}\npolicy: { waivers: [{ rule: MESH-GKE-02, resource: "platform/**", reason: "Ubuntu nodes for a driver" }] }\n`);
    expect(loaded.policy.waivers).toEqual([{ rule: 'MESH-GKE-02', resource: 'platform/**', reason: 'Ubuntu nodes for a driver' }]);
  });

  it('refuses unknown rules, malformed IDs and missing reasons', () => {
    expectProblem(`${TWO_CLUSTERS}\npolicy: { waivers: [{ rule: MESH-GKE-99, resource: "**", reason: "a reason long enough" }] }\n`, /^policy\.waivers\[0\]\.rule: "MESH-GKE-99" is not a rule; the rules are MESH-GKE-01/);
    expectProblem(`${TWO_CLUSTERS}\npolicy: { waivers: [{ rule: CKV_GCP_12, resource: "**", reason: "a reason long enough" }] }\n`, /^policy\.waivers\[0\]\.rule: "CKV_GCP_12" is not a policy rule ID/);
    expectProblem(`${TWO_CLUSTERS}\npolicy: { waivers: [{ rule: MESH-GKE-02, resource: "**", reason: "why" }] }\n`, /^policy\.waivers\[0\]\.reason: must say why, in at least 10 characters/);
    expectProblem(`${TWO_CLUSTERS}\npolicy: { waivers: [{ rule: MESH-GKE-02, reason: "a reason long enough" }] }\n`, /^policy\.waivers\[0\]\.resource: is required/);
  });
});

describe('Shared VPC fields', () => {
  const SHARED = `project: service-one\nregion: us-central1\nnetwork: { hostProject: host-project }\nclusters:\n  - name: a1\n  - { name: b1, project: service-two }\n`;

  it('resolves each cluster\'s project, the network project and the fleet project', () => {
    const loaded = config(`${SHARED}fleetProject: fleet-project\n`);
    expect(loaded.clusters.map((c) => c.project)).toEqual(['service-one', 'service-two']);
    expect(loaded.network).toEqual({ name: 'asm-mesh', hostProject: 'host-project', project: 'host-project' });
    expect(loaded.fleetProject).toBe('fleet-project');
  });

  it('defaults everything to project when there is no Shared VPC', () => {
    const loaded = config(TWO_CLUSTERS);
    expect(loaded.network.project).toBe('test-project');
    expect(loaded.fleetProject).toBe('test-project');
    expect(loaded.clusters.map((c) => c.project)).toEqual(['test-project', 'test-project']);
  });

  it('checks the project ID format of every new field', () => {
    expectProblem(SHARED.replace('host-project', 'Host_Project'), /^network\.hostProject: must be a GCP project ID .*, got "Host_Project"/);
    expectProblem(SHARED.replace('project: service-two', 'project: X'), /^clusters\[1\]\.project: must be a GCP project ID .*, got "X"/);
    expectProblem(`${SHARED}fleetProject: f1\n`, /^fleetProject: must be a GCP project ID .*, got "f1"/);
  });

  it('keeps clusters out of the host project', () => {
    expect(problemsOf(SHARED.replace('project: service-two', 'project: host-project'))).toEqual([
      'clusters[1].project: "host-project" is network.hostProject; clusters live in service projects (set clusters[1].project)',
    ]);
    expect(problemsOf(SHARED.replace('project: service-one', 'project: host-project'))).toEqual([
      'project: "host-project" is network.hostProject; clusters live in service projects (set clusters[0].project)',
    ]);
  });

  it('requires a host project when clusters live in more than one project', () => {
    expect(problemsOf(SHARED.replace('network: { hostProject: host-project }\n', ''))).toEqual([
      'network.hostProject: is required when clusters live in more than one project (service-one, service-two): they share one VPC through a Shared VPC host',
    ]);
  });
});
