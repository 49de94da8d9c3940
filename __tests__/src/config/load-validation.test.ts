import { TWO_CLUSTERS } from '../../helpers';
import { expectProblem, problemsOf, withClusters } from './load-fixture';

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
    expectProblem(
      withClusters(`  - name: ${'a'.repeat(41)}\n  - name: beta`),
      /^clusters\[0\]\.name: must be an RFC 1035 label of at most 40 characters, got ".*"/,
    );
    expect(problemsOf(withClusters(`  - name: ${'a'.repeat(40)}\n  - name: beta`))).toEqual([]);
    expectProblem(withClusters('  - name: alpha\n  - name: alpha'), /^clusters\[1\]\.name: "alpha" is already the name of clusters\[0\]/);
  });

  it('clusters[].location: a region or a zone', () => {
    expectProblem(
      withClusters('  - { name: alpha, location: moon }\n  - name: beta'),
      /^clusters\[0\]\.location: must be a region \(us-central1\) or a zone \(us-central1-a\), got "moon"/,
    );
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
    expect(
      problemsOf(withClusters('  - { name: alpha, podCidr: 10.64.0.0/14 }\n  - { name: beta, subnetCidr: 10.65.0.0/20, serviceCidr: 10.65.0.0/24 }')),
    ).toEqual([
      'clusters[1].subnetCidr: 10.65.0.0/20 overlaps clusters[0].podCidr (10.64.0.0/14)',
      'clusters[1].serviceCidr: 10.65.0.0/24 overlaps clusters[0].podCidr (10.64.0.0/14)',
    ]);
    expect(problemsOf(withClusters('  - { name: alpha, masterCidr: 172.16.0.0/28 }\n  - { name: beta, masterCidr: 172.16.0.0/28 }'))).toEqual([
      'clusters[1].masterCidr: 172.16.0.0/28 overlaps clusters[0].masterCidr (172.16.0.0/28)',
    ]);
  });

  it('clusters[].nodePools[]: containerd images only, min <= max, unique names, at least one', () => {
    const pool = (fields: string) =>
      withClusters(`  - name: alpha\n    nodePools:\n      - { ${fields.includes('name:') ? '' : 'name: main, '}${fields} }\n  - name: beta`);
    expectProblem(
      pool('imageType: COS'),
      /^clusters\[0\]\.nodePools\[0\]\.imageType: "COS" is a Docker-based image type, which GKE removed; use COS_CONTAINERD/,
    );
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

  it("authorizedNetworks: stays within GKE's 50 entries once peer pod ranges are added", () => {
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
    expect(problemsOf(`${TWO_CLUSTERS}\nregon: us-east1\n`)).toEqual([expect.stringMatching(/^regon: unknown field \(did you mean "region"\?\)/)]);
    expectProblem(
      withClusters('  - { name: alpha, podCIDR: 10.64.0.0/14 }\n  - name: beta'),
      /^clusters\[0\]\.podCIDR: unknown field \(did you mean "podCidr"\?\)/,
    );
    expectProblem(
      withClusters('  - name: alpha\n    nodePools: [{ name: main, imagetype: COS_CONTAINERD }]\n  - name: beta'),
      /^clusters\[0\]\.nodePools\[0\]\.imagetype: unknown field \(did you mean "imageType"\?\)/,
    );
    expectProblem(`${TWO_CLUSTERS}\nasm: { mod: managed }\n`, /^asm\.mod: unknown field \(did you mean "mode"\?\)/);
    expectProblem(`${TWO_CLUSTERS}\nnetwork: { name: x1, mtu: 1500 }\n`, /^network\.mtu: unknown field; known fields here: name/);
  });

  it('every unknown key of a mapping is reported, not only the first', () => {
    expect(problemsOf(`${TWO_CLUSTERS}\nnetwork: { name: x1, mtu: 1500, nmae: x2 }\n`)).toEqual([
      'network.mtu: unknown field; known fields here: name, hostProject',
      'network.nmae: unknown field (did you mean "name"?); known fields here: name, hostProject',
    ]);
  });

  it('a list where a mapping belongs is refused, even an empty one', () => {
    expect(problemsOf(`${TWO_CLUSTERS}\ningress: []\n`)).toEqual(['ingress: must be a mapping, got a list']);
    expect(problemsOf(withClusters('  - []\n  - name: beta\n  - name: gamma'))).toEqual(['clusters[0]: must be a mapping, got a list']);
    expect(problemsOf(`${TWO_CLUSTERS}\ningress: {}\n`)).toEqual([]);
  });

  it.each([
    [`${TWO_CLUSTERS}\ndeletionProtection: "no"\n`, 'deletionProtection: must be true or false, got "no"'],
    [TWO_CLUSTERS.replace('region: us-central1', 'region: 5'), 'region: must be a string, got 5'],
    [`${TWO_CLUSTERS}\ningress: { minReplicas: 1000.5 }\n`, 'ingress.minReplicas: must be a whole number from 1 to 100, got 1000.5'],
    [`${TWO_CLUSTERS}\ningress: { maxReplicas: 101 }\n`, 'ingress.maxReplicas: must be a whole number from 1 to 100, got 101'],
    [`${TWO_CLUSTERS}\ncloudSql: { availability: zonal }\n`, 'cloudSql.availability: must be one of ZONAL, REGIONAL, got "zonal"'],
    [`${TWO_CLUSTERS}\ncloudSql: { databases: [] }\n`, 'cloudSql.databases: must list at least one database'],
    [withClusters('  - { name: alpha, nodePools: [] }\n  - name: beta'), 'clusters[0].nodePools: must list at least one node pool'],
    [
      withClusters('  - { name: alpha, nodePools: [{ name: main, machineType: "" }] }\n  - name: beta'),
      'clusters[0].nodePools[0].machineType: must not be empty',
    ],
    [`${TWO_CLUSTERS}\nasm: { mode: managed, overlays: yes }\n`, 'asm.overlays: must be a list, got "yes"'],
    [TWO_CLUSTERS.replace('name: admin', `name: ${'n'.repeat(101)}`), 'authorizedNetworks[0].name: must be at most 100 characters, got 101 characters'],
  ])('names what a field wants, once (%#)', (yaml, problem) => {
    expect(problemsOf(yaml)).toEqual([problem]);
  });

  it('accepts the bounds themselves', () => {
    expect(problemsOf(`${TWO_CLUSTERS}\ningress: { minReplicas: 1, maxReplicas: 100 }\n`)).toEqual([]);
    expect(problemsOf(TWO_CLUSTERS.replace('name: admin', `name: ${'n'.repeat(100)}`))).toEqual([]);
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
