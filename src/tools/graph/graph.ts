/**
 * The deployment as a weighted DAG: nodes are resources, data sources and one "stack start"
 * barrier per stack, weighted by typical creation time; an edge `[from, to]` means `to` waits
 * for `from`. Built from synthesized stacks in ./from-stacks.ts, scheduled in ./schedule.ts.
 */

export type DeployNodeKind = 'resource' | 'data' | 'stack-start';

export interface DeployNode {
  /** `<stack>:<address>`, unique across stacks; a barrier is `<stack>:<start>`. */
  readonly id: string;
  readonly stack: string;
  readonly kind: DeployNodeKind;
  /** Terraform address inside the stack: `type.name` or `data.type.name`; `<start>` for a barrier. */
  readonly address: string;
  /** Resource or data source type; empty for a barrier. */
  readonly type: string;
  /** Logical ID (the block's name); the stack name for a barrier. */
  readonly name: string;
  /** Typical time to create it. */
  readonly seconds: number;
}

export interface DeployGraph {
  readonly nodes: ReadonlyMap<string, DeployNode>;
  /** Sorted node IDs each node waits for. */
  readonly predecessors: ReadonlyMap<string, readonly string[]>;
  readonly successors: ReadonlyMap<string, readonly string[]>;
  /** Stack names in deployment order. */
  readonly stacks: readonly string[];
}

/** A node for {@link graphFromEdges}; `stack` defaults to `main`, `kind` to `resource`. */
export interface NodeSpec {
  readonly id: string;
  readonly seconds: number;
  readonly stack?: string;
  readonly kind?: DeployNodeKind;
  readonly type?: string;
}

export class DeployGraphError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeployGraphError';
  }
}

/** The graph has a cycle: Terraform would refuse it, and no schedule exists. */
export class DeployCycleError extends DeployGraphError {
  constructor(readonly cycle: readonly string[]) {
    super(`dependency cycle: ${cycle.join(' → ')}`);
    this.name = 'DeployCycleError';
  }
}

/** The barrier every node of a stack waits for. */
export function stackStartId(stack: string): string {
  return `${stack}:<start>`;
}

/** A graph from plain nodes and `[from, to]` edges (`to` waits for `from`). */
export function graphFromEdges(specs: readonly NodeSpec[], edges: readonly (readonly [string, string])[], stacks?: readonly string[]): DeployGraph {
  const nodes = new Map<string, DeployNode>();
  for (const spec of specs) {
    if (nodes.has(spec.id)) throw new DeployGraphError(`duplicate node ${spec.id}`);
    const stack = spec.stack ?? 'main';
    const kind = spec.kind ?? 'resource';
    const address = spec.id.startsWith(`${stack}:`) ? spec.id.slice(stack.length + 1) : spec.id;
    const type = spec.type ?? (kind === 'stack-start' ? '' : address.replace(/^data\./, '').split('.')[0]);
    const name = kind === 'stack-start' ? stack : address.split('.').slice(-1)[0];
    nodes.set(spec.id, { id: spec.id, stack, kind, address, type, name, seconds: spec.seconds });
  }
  const predecessors = new Map<string, Set<string>>([...nodes.keys()].map((id) => [id, new Set<string>()]));
  const successors = new Map<string, Set<string>>([...nodes.keys()].map((id) => [id, new Set<string>()]));
  for (const [from, to] of edges) {
    if (!nodes.has(from)) throw new DeployGraphError(`edge from unknown node ${from}`);
    if (!nodes.has(to)) throw new DeployGraphError(`edge to unknown node ${to}`);
    predecessors.get(to)!.add(from);
    successors.get(from)!.add(to);
  }
  const sorted = (map: Map<string, Set<string>>) => new Map([...map].map(([id, set]) => [id, [...set].sort()]));
  return {
    nodes,
    predecessors: sorted(predecessors),
    successors: sorted(successors),
    stacks: stacks ?? [...new Set([...nodes.values()].map((node) => node.stack))].sort(),
  };
}

/** Whether `to` transitively waits for `from`. */
export function hasPath(graph: DeployGraph, from: string, to: string): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop()!;
    for (const next of graph.successors.get(id) ?? []) {
      if (next === to) return true;
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return false;
}
