import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { configFileFromEnvironment, DEFAULT_CONFIG_FILE, loadConfig, loadConfigFromEnvironment } from '../../../src/config/load';
import { ConfigError, formatPath } from '../../../src/config/messages';
import { regionOf } from '../../../src/config/resolve';
import { ASM_REQUIRED } from '../../../src/config/schema';
import { config, REPO_ROOT, TWO_CLUSTERS, DEFAULT_FIXTURE } from '../../helpers';
import { problemsOf, withClusters } from './load-fixture';

describe('the shipped default config', () => {
  const loaded = loadConfig(DEFAULT_FIXTURE);

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
    fs.writeFileSync(file, `${TWO_CLUSTERS.replace('test-project', 'env-project')}asm: { mode: managed }\n`);
    expect(loadConfigFromEnvironment({ MESH_CONFIG: file }).project).toBe('env-project');
    // Only the path: the file there is the user's, and no test reads it.
    expect(configFileFromEnvironment({})).toBe(path.join(REPO_ROOT, 'mesh.config.yaml'));
    expect(DEFAULT_CONFIG_FILE).toBe(path.join(REPO_ROOT, 'mesh.config.yaml'));
    expect(configFileFromEnvironment({ MESH_CONFIG: 'team/mesh.yaml' })).toBe(path.resolve('team/mesh.yaml'));
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
    expect(withOverlays.asm.overlays.at(-1)).toEqual({
      path: 'overlays/internal-load-balancer.yaml',
      absolutePath: path.join(REPO_ROOT, 'overlays/internal-load-balancer.yaml'),
    });
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

  it('reports a duplicate key as a YAML error, at the repeated key', () => {
    const text = `${TWO_CLUSTERS}\nregion: europe-west1\n`;
    const line = text.split('\n').lastIndexOf('region: europe-west1') + 1;
    expect(() => config(text)).toThrow(new RegExp(`^test\\.yaml: 1 problem:\\n {2}- line ${line}, column 1: YAML syntax error: duplicated mapping key$`));
  });

  it('refuses a second YAML document: a config is one', () => {
    expect(() => config(`${TWO_CLUSTERS}\n---\nproject: other\n`)).toThrow(/^test\.yaml: 1 problem:\n {2}- YAML syntax error: expected one document, found 2$/);
  });

  it('reports a missing file by name', () => {
    expect(() => loadConfig('/nonexistent/mesh.yaml')).toThrow(/mesh\.yaml: 1 problem:\n {2}- cannot read the file/);
  });

  it('treats an empty file as a config missing its required fields', () => {
    expect(problemsOf('')).toEqual(['project: is required', 'region: is required', 'clusters: is required', `asm: ${ASM_REQUIRED}`]);
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
