import { type BlockConfig, type BlockKind, type SynthesizedStack } from '../../../lib/core/synthesized-stack';
import { typicalSeconds } from './creation-times';
import { DeployCycleError, type DeployGraph, DeployGraphError, graphFromEdges, type NodeSpec, stackStartId } from './graph';

/**
 * The deploy graph of an app from its synthesized stacks. Edges inside a stack are what the
 * stack reader calls a block's dependencies (`depends_on`, `${...}` references, the provider
 * configuration it uses). Terraform applies the stacks one after another (`cdktf deploy` in
 * dependency order), so a stack's barrier waits for every node of the stacks it depends on, and
 * every node of the stack waits for its barrier.
 */

export interface BuildOptions {
  /** Overrides {@link typicalSeconds}. */
  readonly secondsOf?: (kind: BlockKind, type: string, config: BlockConfig) => number;
}

/** `stackDependencies` maps a stack to the stacks it deploys after (cdktf's `dependencies`). */
export function buildDeployGraph(
  stacks: Readonly<Record<string, SynthesizedStack>>,
  stackDependencies: Readonly<Record<string, readonly string[]>> = {},
  options: BuildOptions = {},
): DeployGraph {
  const secondsOf = options.secondsOf ?? typicalSeconds;
  const nodes: NodeSpec[] = [];
  const edges: [string, string][] = [];
  const stackNames = Object.keys(stacks).sort();

  for (const stack of stackNames) {
    for (const upstream of stackDependencies[stack] ?? []) {
      if (!(upstream in stacks)) throw new DeployGraphError(`stack ${stack} depends on unknown stack ${upstream}`);
    }
  }

  for (const stack of stackNames) {
    const reader = stacks[stack];
    const start = stackStartId(stack);
    nodes.push({ id: start, seconds: 0, stack, kind: 'stack-start' });
    const known = reader.addresses();
    for (const block of reader.blocks()) {
      const id = `${stack}:${block.address}`;
      nodes.push({ id, seconds: secondsOf(block.kind, block.type, block.config), stack, kind: block.kind, type: block.type });
      edges.push([start, id]);
      for (const dependency of reader.dependsOn(block)) {
        if (!known.has(dependency)) throw new DeployGraphError(`${stack}: ${block.address} depends on ${dependency}, which the stack does not define`);
      }
      for (const dependency of reader.dependenciesOf(block)) edges.push([`${stack}:${dependency}`, id]);
    }
  }

  // A stack starts when every stack it depends on has finished.
  for (const stack of stackNames) {
    for (const upstream of stackDependencies[stack] ?? []) {
      for (const node of nodes.filter((spec) => spec.stack === upstream)) edges.push([node.id, stackStartId(stack)]);
    }
  }
  return graphFromEdges(nodes, edges, stackOrder(stackNames, stackDependencies));
}

/** Deployment order of the stacks (dependencies first, ties by name); throws on a cycle. */
function stackOrder(names: readonly string[], dependencies: Readonly<Record<string, readonly string[]>>): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new DeployCycleError([...trail.slice(trail.indexOf(name)), name].map((stack) => `stack ${stack}`));
    state.set(name, 'visiting');
    for (const upstream of [...(dependencies[name] ?? [])].sort()) visit(upstream, [...trail, name]);
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of names) visit(name, []);
  return order;
}
