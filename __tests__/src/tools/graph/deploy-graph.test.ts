import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { App } from 'cdktf';
import { SynthesizedStack, TerraformJson } from '../../../../lib/synthesized-stack';
import { buildApp } from '../../../../src/stacks/app';
import { DEFAULT_CONFIG_FILE, loadConfig, MeshConfig } from '../../../../src/config/load';
import { TYPICAL_SECONDS, typicalSeconds } from '../../../../src/tools/graph/creation-times';
import { buildDeployGraph } from '../../../../src/tools/graph/from-stacks';
import { DeployCycleError, DeployGraph, DeployGraphError, graphFromEdges, hasPath, stackStartId } from '../../../../src/tools/graph/graph';
import { formatDeployReport, formatDuration } from '../../../../src/tools/graph/report';
import { DeploySchedule, parallelGroups, scheduleDeploy } from '../../../../src/tools/graph/schedule';
import { readSynthesizedApp, SynthesisMissingError } from '../../../../src/tools/synthesized-app';
import { appDeployGraph, config, REPO_ROOT, TWO_CLUSTERS } from '../../../helpers';

/** Readers of hand-written stack JSON. */
function stacksOf(json: Record<string, TerraformJson>): Record<string, SynthesizedStack> {
  return Object.fromEntries(Object.entries(json).map(([name, stack]) => [name, new SynthesizedStack(stack)]));
}

const THREE_CLUSTERS = `${TWO_CLUSTERS.trimEnd()}\n`.replace('  - name: beta\n', '  - name: beta\n  - name: gamma\n');

/** The deploy graph of the whole app, from in-memory synthesized stacks. */
function appGraph(meshConfig: MeshConfig): DeployGraph {
  return appDeployGraph(meshConfig).graph;
}

function nodesOfType(graph: DeployGraph, stack: string, type: string): string[] {
  return [...graph.nodes.values()].filter((node) => node.stack === stack && node.type === type && node.kind === 'resource').map((node) => node.id);
}

/** A graph of nodes with their seconds and edges written `from→to`, space-separated. */
function handMade(seconds: Record<string, number>, edges: string): DeployGraph {
  return graphFromEdges(
    Object.entries(seconds).map(([id, each]) => ({ id, seconds: each })),
    edges.split(' ').map((edge) => edge.split('→') as [string, string]),
  );
}

function pairs<T>(items: readonly T[]): [T, T][] {
  return items.flatMap((a, index) => items.slice(index + 1).map((b): [T, T] => [a, b]));
}

describe('the synthesized app', () => {
  it('has three clusters in the three-cluster fixture', () => {
    expect(config(THREE_CLUSTERS).clusters.map((cluster) => cluster.name)).toEqual(['alpha', 'beta', 'gamma']);
  });

  describe.each([
    ['2 clusters', TWO_CLUSTERS, 2],
    ['3 clusters', THREE_CLUSTERS, 3],
  ])('with %s', (_label, yaml, count) => {
    let graph: DeployGraph;
    let schedule: DeploySchedule;
    let clusters: string[];
    let installs: string[];
    beforeAll(() => {
      graph = appGraph(config(yaml));
      schedule = scheduleDeploy(graph);
      clusters = nodesOfType(graph, 'platform', 'google_container_cluster');
      installs = nodesOfType(graph, 'mesh', 'terraform_data');
    });

    it('never serializes one cluster behind another', () => {
      expect(clusters).toHaveLength(count);
      for (const [a, b] of pairs(clusters)) {
        expect({ a, b, path: hasPath(graph, a, b) || hasPath(graph, b, a) }).toEqual({ a, b, path: false });
      }
      expect(new Set(clusters.map((id) => schedule.start.get(id)))).toEqual(new Set([schedule.start.get(clusters[0])]));
    });

    it('never serializes one mesh install behind another', () => {
      expect(installs).toHaveLength(count);
      for (const [a, b] of pairs(installs)) {
        expect({ a, b, path: hasPath(graph, a, b) || hasPath(graph, b, a) }).toEqual({ a, b, path: false });
      }
      expect(new Set(installs.map((id) => schedule.start.get(id)))).toEqual(new Set([schedule.start.get(installs[0])]));
    });

    it('starts the installs only after every cluster and node pool is up (the mesh stack waits for platform)', () => {
      const platformEnd = Math.max(...[...graph.nodes.values()].filter((node) => node.stack === 'platform').map((node) => schedule.finish.get(node.id)!));
      for (const install of installs) {
        expect(schedule.start.get(install)!).toBeGreaterThanOrEqual(platformEnd);
        for (const cluster of clusters) expect(hasPath(graph, cluster, install)).toBe(true);
      }
    });

    it('puts every cluster in the same parallel group', () => {
      const group = parallelGroups(graph, schedule).find((entry) => entry.ids.includes(clusters[0]))!;
      expect(clusters.every((id) => group.ids.includes(id))).toBe(true);
    });
  });
});

describe('the critical path math', () => {
  // a(2) → b(3) → d(1), a → c(5) → d; e(1) on its own.
  const tiny = handMade({ a: 2, b: 3, c: 5, d: 1, e: 1 }, 'a→b a→c b→d c→d');

  it('computes earliest start and finish', () => {
    const schedule = scheduleDeploy(tiny);
    expect(Object.fromEntries(schedule.start)).toEqual({ a: 0, b: 2, c: 2, d: 7, e: 0 });
    expect(Object.fromEntries(schedule.finish)).toEqual({ a: 2, b: 5, c: 7, d: 8, e: 1 });
    expect(schedule.total).toBe(8);
  });

  it('follows the longest chain', () => {
    expect(scheduleDeploy(tiny).criticalPath.map((step) => [step.id, step.start, step.finish])).toEqual([
      ['a', 0, 2],
      ['c', 2, 7],
      ['d', 7, 8],
    ]);
  });

  it('groups what can start together', () => {
    expect(parallelGroups(tiny, scheduleDeploy(tiny)).map((group) => [group.start, group.ids])).toEqual([
      [0, ['a', 'e']],
      [2, ['b', 'c']],
      [7, ['d']],
    ]);
  });

  it('counts equally critical alternatives and breaks ties deterministically', () => {
    const tied = handMade({ x: 4, y: 4, z: 1 }, 'y→z x→z');
    const path = scheduleDeploy(tied).criticalPath;
    expect(path.map((step) => [step.id, step.equallyCritical])).toEqual([
      ['x', 2],
      ['z', 1],
    ]);
  });

  it('finds paths only along edges', () => {
    expect(hasPath(tiny, 'a', 'd')).toBe(true);
    expect(hasPath(tiny, 'd', 'a')).toBe(false);
    expect(hasPath(tiny, 'b', 'c')).toBe(false);
    expect(hasPath(tiny, 'e', 'd')).toBe(false);
  });

  it('formats durations', () => {
    expect([0, 45, 60, 480, 1185].map(formatDuration)).toEqual(['0s', '45s', '1m', '8m', '19m45s']);
  });
});

describe('cycles', () => {
  it('reports a cycle in a hand-made graph as an error naming it', () => {
    const cyclic = handMade({ a: 1, b: 1, c: 1, d: 1 }, 'd→a a→b b→c c→a');
    let error: unknown;
    try {
      scheduleDeploy(cyclic);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DeployCycleError);
    const cycle = (error as DeployCycleError).cycle;
    expect(cycle[0]).toBe(cycle[cycle.length - 1]);
    expect(new Set(cycle)).toEqual(new Set(['a', 'b', 'c']));
    // Each arrow is a real edge: a → b → c → a, whichever node it starts from.
    const next: Record<string, string> = { a: 'b', b: 'c', c: 'a' };
    for (let index = 0; index + 1 < cycle.length; index++) expect(cycle[index + 1]).toBe(next[cycle[index]]);
    expect((error as Error).message).toMatch(/^dependency cycle: [abc] → [abc] → [abc] → [abc]$/);
  });

  it('reports a depends_on cycle in synthesized JSON', () => {
    const graph = buildDeployGraph(stacksOf({
      main: {
        resource: {
          google_compute_network: { vpc: { depends_on: ['google_compute_subnetwork.subnet'] } },
          google_compute_subnetwork: { subnet: { network: '${google_compute_network.vpc.id}' } },
        },
      },
    }));
    expect(() => scheduleDeploy(graph)).toThrow(/dependency cycle: main:google_compute_\w+\.\w+ → main:google_compute_\w+\.\w+ → /);
  });

  it('reports a cycle between stacks', () => {
    expect(() => buildDeployGraph(stacksOf({ one: {}, two: {} }), { one: ['two'], two: ['one'] })).toThrow(DeployCycleError);
  });

  it('rejects a depends_on the stack does not define', () => {
    expect(() => buildDeployGraph(stacksOf({ main: { resource: { terraform_data: { x: { depends_on: ['terraform_data.missing'] } } } } }))).toThrow(DeployGraphError);
  });
});

describe('building the graph from synthesized JSON', () => {
  const stacks = stacksOf({
    one: {
      resource: {
        google_project_service: { api: { service: 'container.googleapis.com' } },
        google_container_cluster: {
          cluster: { '//': { metadata: { path: 'one/cluster' } }, name: 'c', depends_on: ['google_project_service.api'] },
        },
        google_compute_network: { vpc: { name: 'literal $${google_project_service.api.id}' } },
      },
      data: { google_project: { project: { project_id: 'p' } } },
    },
    two: {
      data: { google_container_cluster: { lookup: { name: 'c' } } },
      provider: { kubernetes: [{ alias: 'c', host: 'https://${data.google_container_cluster.lookup.endpoint}' }] },
      resource: {
        kubernetes_namespace_v1: { ns: { provider: 'kubernetes.c', metadata: { name: 'n' } } },
        kubernetes_secret_v1: {
          secret: { provider: 'kubernetes.c', data: { kubeconfig: '${yamlencode({"a" = "https://${kubernetes_namespace_v1.ns.id}"})}' } },
        },
      },
    },
  });
  const graph = buildDeployGraph(stacks, { two: ['one'] });
  const predecessors = (id: string) => graph.predecessors.get(id)!.filter((pred) => !pred.endsWith('<start>'));

  it('takes edges from depends_on, nested references and provider configurations', () => {
    expect(predecessors('one:google_container_cluster.cluster')).toEqual(['one:google_project_service.api']);
    expect(predecessors('two:kubernetes_namespace_v1.ns')).toEqual(['two:data.google_container_cluster.lookup']);
    expect(predecessors('two:kubernetes_secret_v1.secret')).toEqual(['two:data.google_container_cluster.lookup', 'two:kubernetes_namespace_v1.ns']);
  });

  it('ignores escaped interpolations', () => {
    expect(predecessors('one:google_compute_network.vpc')).toEqual([]);
  });

  it('starts a dependent stack when the whole upstream stack has finished', () => {
    const schedule = scheduleDeploy(graph);
    const oneEnd = TYPICAL_SECONDS.google_project_service + TYPICAL_SECONDS.google_container_cluster;
    expect(schedule.start.get(stackStartId('two'))).toBe(oneEnd);
    expect(schedule.start.get('two:data.google_container_cluster.lookup')).toBe(oneEnd);
    expect(schedule.finish.get('two:data.google_container_cluster.lookup')).toBe(oneEnd);
    expect(schedule.criticalPath.map((step) => step.id)).toEqual([
      stackStartId('one'),
      'one:google_project_service.api',
      'one:google_container_cluster.cluster',
      // The data source read at the same instant is equally critical; the barrier is shown.
      stackStartId('two'),
      'two:kubernetes_namespace_v1.ns',
      'two:kubernetes_secret_v1.secret',
    ]);
    expect(graph.stacks).toEqual(['one', 'two']);
  });

  it('weighs data sources 0 and load balancer services like a load balancer', () => {
    expect(typicalSeconds('data', 'google_container_cluster')).toBe(0);
    expect(typicalSeconds('resource', 'kubernetes_service_v1', { spec: { type: 'LoadBalancer' } })).toBeGreaterThan(
      typicalSeconds('resource', 'kubernetes_service_v1', { spec: { type: 'ClusterIP' } }),
    );
  });
});

describe('the default config', () => {
  let graph: DeployGraph;
  let schedule: DeploySchedule;
  beforeAll(() => {
    graph = appGraph(loadConfig(DEFAULT_CONFIG_FILE));
    schedule = scheduleDeploy(graph);
  });

  it('has the expected critical path: APIs → network → subnet → cluster → node pool → [mesh] → namespace → install → [workloads] → gateway', () => {
    const steps = schedule.criticalPath.map((step) => graph.nodes.get(step.id)!).filter((node) => node.kind !== 'data');
    expect(steps.map((node) => (node.kind === 'stack-start' ? `[${node.stack}]` : node.type))).toEqual([
      '[platform]',
      'google_project_service',
      'google_compute_network',
      'google_compute_subnetwork',
      'google_container_cluster',
      'google_container_node_pool',
      '[mesh]',
      'kubernetes_namespace_v1',
      'terraform_data',
      '[workloads]',
      'kubernetes_namespace_v1',
      'kubernetes_service_v1',
    ]);
    expect(formatDuration(schedule.total)).toBe('21m50s');
  });

  it('prints a report with the critical path and the parallel groups', () => {
    const report = formatDeployReport(graph, schedule);
    expect(report).toContain('Estimated deploy time: 21m50s');
    expect(report).toContain('── stack mesh starts, after platform finished ──');
    expect(report).toMatch(/at 1m40s +.*\n.*2 × google_container_cluster \(8m\): cluster-asm-cluster-1_cluster, cluster-asm-cluster-2_cluster/);
    expect(report).toMatch(/2 × terraform_data \(6m\): asm-asm-cluster-1_install, asm-asm-cluster-2_install/);
  });
});

describe('cdktf.out', () => {
  it('reads manifest.json and the stacks, dependencies included', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-graph-'));
    try {
      const app = new App({ outdir });
      buildApp(app, config(TWO_CLUSTERS));
      app.synth();
      const read = readSynthesizedApp(outdir);
      expect(read.dependencies).toEqual({ mesh: ['platform'], platform: [], workloads: ['mesh'] });
      const fromFiles = scheduleDeploy(buildDeployGraph(read.stacks, read.dependencies));
      const inMemory = scheduleDeploy(appGraph(config(TWO_CLUSTERS)));
      expect(fromFiles.total).toBe(inMemory.total);
      expect(fromFiles.criticalPath.map((step) => step.id)).toEqual(inMemory.criticalPath.map((step) => step.id));
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('says to synthesize first when nothing was synthesized', () => {
    expect(() => readSynthesizedApp(path.join(os.tmpdir(), 'no-such-cdktf-out'))).toThrow(SynthesisMissingError);
    expect(() => readSynthesizedApp(path.join(os.tmpdir(), 'no-such-cdktf-out'))).toThrow(/npx cdktf synth/);
  });

  it('npm run graph --outdir exits 1 with that message', () => {
    const result = runGraph(['--outdir', path.join(os.tmpdir(), 'no-such-cdktf-out')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Run `npx cdktf synth` first/);
  });
});

describe('npm run graph', () => {
  it('synthesizes the default config by itself, where no cdktf.out exists (a fresh checkout)', () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-cwd-'));
    try {
      const result = runGraph([], cwd);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(fs.readdirSync(cwd)).toEqual([]);
      expect(result.stdout).toBe(formatDeployReport(appGraph(loadConfig(DEFAULT_CONFIG_FILE))));
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('refuses an unknown flag with exit code 2 and the usage', () => {
    const result = runGraph(['--outdri', 'x']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^graph: Unknown option '--outdri'[\s\S]*Usage: npm run graph/);
  });
});

/** scripts/graph.ts as `npm run graph` runs it, from `cwd`. */
function runGraph(args: string[], cwd: string = REPO_ROOT) {
  return spawnSync(process.execPath, ['-r', require.resolve('sucrase/register'), path.join(REPO_ROOT, 'scripts', 'graph.ts'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, MESH_CONFIG: '' },
  });
}
