import { DeployCycleError, type DeployGraph } from './graph';

export interface CriticalStep {
  readonly id: string;
  readonly start: number;
  readonly finish: number;
  /**
   * How many nodes finish at the same time and could have stood here instead (this one
   * included): the predecessors of the next step that finish when this one does.
   */
  readonly equallyCritical: number;
}

export interface DeploySchedule {
  /** Node IDs in a topological order (ties by ID). */
  readonly order: readonly string[];
  /** Earliest start, seconds from the beginning of the deployment. */
  readonly start: ReadonlyMap<string, number>;
  readonly finish: ReadonlyMap<string, number>;
  /** When the last node finishes. */
  readonly total: number;
  /** From a node that starts at 0 to the last one to finish, along zero-slack dependencies. */
  readonly criticalPath: readonly CriticalStep[];
}

/** Earliest start/finish of every node (unlimited parallelism, as Terraform's graph walk) and the critical path. */
export function scheduleDeploy(graph: DeployGraph): DeploySchedule {
  const order = topologicalOrder(graph);
  const start = new Map<string, number>();
  const finish = new Map<string, number>();
  for (const id of order) {
    const begin = Math.max(0, ...graph.predecessors.get(id)!.map((pred) => finish.get(pred)!));
    start.set(id, begin);
    finish.set(id, begin + graph.nodes.get(id)!.seconds);
  }
  const total = Math.max(0, ...finish.values());

  const criticalPath: CriticalStep[] = [];
  const last = pickCritical(graph, [...graph.nodes.keys()], finish, total);
  if (last) {
    let current: string | undefined = last.id;
    let equallyCritical = last.count;
    while (current !== undefined) {
      criticalPath.unshift({ id: current, start: start.get(current)!, finish: finish.get(current)!, equallyCritical });
      const next = pickCritical(graph, graph.predecessors.get(current)!, finish, start.get(current)!);
      current = next?.id;
      equallyCritical = next?.count ?? 0;
    }
  }
  return { order, start, finish, total, criticalPath };
}

/**
 * Among `candidates` finishing exactly at `time`, the one to show on the critical path:
 * the longest (the real work), then a stack barrier (rather than a 0 s data source read right
 * after it), then by ID. Undefined when none finishes then.
 */
function pickCritical(
  graph: DeployGraph,
  candidates: readonly string[],
  finish: ReadonlyMap<string, number>,
  time: number,
): { id: string; count: number } | undefined {
  const tied = candidates.filter((id) => finish.get(id) === time);
  if (tied.length === 0) return undefined;
  const seconds = (id: string) => graph.nodes.get(id)!.seconds;
  const barrier = (id: string) => (graph.nodes.get(id)!.kind === 'stack-start' ? 0 : 1);
  const best = [...tied].sort((a, b) => seconds(b) - seconds(a) || barrier(a) - barrier(b) || (a < b ? -1 : a > b ? 1 : 0))[0];
  return { id: best, count: tied.length };
}

/** Kahn's algorithm, ready nodes taken by ID; a cycle throws {@link DeployCycleError} naming it. */
export function topologicalOrder(graph: DeployGraph): string[] {
  const remaining = new Map([...graph.nodes.keys()].map((id) => [id, graph.predecessors.get(id)!.length]));
  const ready = [...remaining]
    .filter(([, count]) => count === 0)
    .map(([id]) => id)
    .sort();
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.shift()!;
    order.push(id);
    remaining.delete(id);
    const released: string[] = [];
    for (const next of graph.successors.get(id)!) {
      const count = remaining.get(next)! - 1;
      remaining.set(next, count);
      if (count === 0) released.push(next);
    }
    if (released.length > 0) {
      ready.push(...released);
      ready.sort();
    }
  }
  if (remaining.size > 0) throw new DeployCycleError(findCycle(graph, new Set(remaining.keys())));
  return order;
}

/** A cycle among `stuck` (nodes Kahn could not release): walk predecessors until one repeats. */
function findCycle(graph: DeployGraph, stuck: ReadonlySet<string>): string[] {
  let current = [...stuck].sort()[0];
  const seen = new Map<string, number>();
  const walk: string[] = [];
  while (!seen.has(current)) {
    seen.set(current, walk.length);
    walk.push(current);
    current = graph.predecessors.get(current)!.find((pred) => stuck.has(pred))!;
  }
  // The walk follows predecessors; reverse it so arrows point in deployment order.
  const cycle = walk.slice(seen.get(current)!).reverse();
  return [...cycle, cycle[0]];
}

export interface ParallelGroup {
  readonly stack: string;
  /** Earliest start shared by the group. */
  readonly start: number;
  /** Resource and data source IDs, sorted. */
  readonly ids: readonly string[];
}

/** Nodes that can start at the same moment, per stack in deployment order, then by start time. */
export function parallelGroups(graph: DeployGraph, schedule: DeploySchedule): ParallelGroup[] {
  const groups: ParallelGroup[] = [];
  for (const stack of graph.stacks) {
    const byStart = new Map<number, string[]>();
    for (const node of graph.nodes.values()) {
      if (node.stack !== stack || node.kind === 'stack-start') continue;
      const start = schedule.start.get(node.id)!;
      byStart.set(start, [...(byStart.get(start) ?? []), node.id]);
    }
    for (const start of [...byStart.keys()].sort((a, b) => a - b)) groups.push({ stack, start, ids: byStart.get(start)!.sort() });
  }
  return groups;
}
