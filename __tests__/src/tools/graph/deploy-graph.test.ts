import { loadConfig } from '../../../../src/config/load';
import { type DeployGraph, hasPath } from '../../../../src/tools/graph/graph';
import { formatDeployReport, formatDuration } from '../../../../src/tools/graph/report';
import { type DeploySchedule, parallelGroups, scheduleDeploy } from '../../../../src/tools/graph/schedule';
import { config, TWO_CLUSTERS, DEFAULT_FIXTURE } from '../../../helpers';
import { appGraph } from './deploy-graph-fixture';

const THREE_CLUSTERS = `${TWO_CLUSTERS.trimEnd()}\n`.replace('  - name: beta\n', '  - name: beta\n  - name: gamma\n');

function nodesOfType(graph: DeployGraph, stack: string, type: string): string[] {
  return [...graph.nodes.values()].filter((node) => node.stack === stack && node.type === type && node.kind === 'resource').map((node) => node.id);
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
      // The install runs (asmcli); each cluster's revision record is local.
      installs = nodesOfType(graph, 'mesh', 'terraform_data').filter((id) => id.includes('_apply_'));
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

describe('the default config', () => {
  let graph: DeployGraph;
  let schedule: DeploySchedule;
  beforeAll(() => {
    graph = appGraph(loadConfig(DEFAULT_FIXTURE));
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
      // The revision record (instant), then the install run.
      'terraform_data',
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
    expect(report).toMatch(
      /4 × terraform_data \(0s or 6m\): asm-asm-cluster-1_apply, asm-asm-cluster-1_install, asm-asm-cluster-2_apply, asm-asm-cluster-2_install/,
    );
  });
});
