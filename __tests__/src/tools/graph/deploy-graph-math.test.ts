import { buildDeployGraph } from '../../../../src/tools/graph/from-stacks';
import { DeployCycleError, type DeployGraph, DeployGraphError, graphFromEdges, hasPath } from '../../../../src/tools/graph/graph';
import { formatDuration } from '../../../../src/tools/graph/report';
import { parallelGroups, scheduleDeploy } from '../../../../src/tools/graph/schedule';
import { stacksOf } from './deploy-graph-fixture';

/** A graph of nodes with their seconds and edges written `from→to`, space-separated. */
function handMade(seconds: Record<string, number>, edges: string): DeployGraph {
  return graphFromEdges(
    Object.entries(seconds).map(([id, each]) => ({ id, seconds: each })),
    edges.split(' ').map((edge) => edge.split('→') as [string, string]),
  );
}

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
    const graph = buildDeployGraph(
      stacksOf({
        main: {
          resource: {
            google_compute_network: { vpc: { depends_on: ['google_compute_subnetwork.subnet'] } },
            google_compute_subnetwork: { subnet: { network: '${google_compute_network.vpc.id}' } },
          },
        },
      }),
    );
    expect(() => scheduleDeploy(graph)).toThrow(/dependency cycle: main:google_compute_\w+\.\w+ → main:google_compute_\w+\.\w+ → /);
  });

  it('reports a cycle between stacks', () => {
    expect(() => buildDeployGraph(stacksOf({ one: {}, two: {} }), { one: ['two'], two: ['one'] })).toThrow(DeployCycleError);
  });

  it('rejects a depends_on the stack does not define', () => {
    expect(() => buildDeployGraph(stacksOf({ main: { resource: { terraform_data: { x: { depends_on: ['terraform_data.missing'] } } } } }))).toThrow(
      DeployGraphError,
    );
  });
});
