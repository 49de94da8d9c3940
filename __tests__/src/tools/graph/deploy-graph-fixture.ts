/** Deploy graphs from hand-written stack JSON or from the whole app, for deploy-graph*.test.ts. */
import { SynthesizedStack, type TerraformJson } from '../../../../lib/core/synthesized-stack';
import { type MeshConfig } from '../../../../src/config/load';
import { type DeployGraph } from '../../../../src/tools/graph/graph';
import { appDeployGraph } from '../../../app-helpers';

/** Readers of hand-written stack JSON. */
export function stacksOf(json: Record<string, TerraformJson>): Record<string, SynthesizedStack> {
  return Object.fromEntries(Object.entries(json).map(([name, stack]) => [name, new SynthesizedStack(stack)]));
}

/** The deploy graph of the whole app, from in-memory synthesized stacks. */
export function appGraph(meshConfig: MeshConfig): DeployGraph {
  return appDeployGraph(meshConfig).graph;
}
