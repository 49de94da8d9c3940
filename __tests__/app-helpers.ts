/**
 * Whole-app helpers. Apart from helpers.ts because they load every stack and binding of the app:
 * a suite that tests one construct does not pay for that.
 */
import type { MeshConfig } from '../src/config/load';
import type { SynthesizedStack } from '../lib/core/synthesized-stack';
import { buildDeployGraph } from '../src/tools/graph/from-stacks';
import type { DeployGraph } from '../src/tools/graph/graph';
import type { StackName, SynthesizedApp } from '../src/tools/synthesized-app';
import type { SynthJson } from './helpers';
import { cachedSynthesizeApp } from './support/synth-cache';

/** Every stack of the app for a config, synthesized in memory once per test run (support/synth-cache.ts). */
export function synthesizedApp(meshConfig: MeshConfig): SynthesizedApp<StackName> {
  return cachedSynthesizeApp(meshConfig);
}

/** Every stack's Terraform JSON for a config. */
export function synthAll(meshConfig: MeshConfig): Record<StackName, SynthJson> {
  const { stacks } = synthesizedApp(meshConfig);
  return { platform: stacks.platform.json, mesh: stacks.mesh.json, workloads: stacks.workloads.json };
}

/** The whole app's stacks, synthesized in memory, and their deploy graph. */
export function appDeployGraph(meshConfig: MeshConfig): { graph: DeployGraph; stacks: Readonly<Record<StackName, SynthesizedStack>> } {
  const { stacks, dependencies } = synthesizedApp(meshConfig);
  return { graph: buildDeployGraph(stacks, dependencies), stacks };
}
