import * as path from 'path';
import { App, Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { parseConfig, MeshConfig } from '../src/config/load';
import { SynthesizedStack, TerraformJson } from '../lib/synthesized-stack';
import { buildDeployGraph } from '../src/tools/graph/from-stacks';
import type { DeployGraph } from '../src/tools/graph/graph';
import { StackName, SynthesizedApp, synthesizeApp, synthesizeStack } from '../src/tools/synthesized-app';

export const REPO_ROOT = path.resolve(__dirname, '..');

/** Synthesized Terraform JSON of one stack. */
export type SynthJson = TerraformJson;

export function synth(stack: TerraformStack): SynthJson {
  return synthesizeStack(stack).json;
}

/** Every resource of a type, in synthesis order, without the `//` metadata. */
export function resources(json: SynthJson, type: string): Record<string, unknown>[] {
  return new SynthesizedStack(json).resources(type).map((block) => block.config);
}

/** The one resource of a type whose construct path ends with `pathSuffix` (`cluster-a/pool-b`). */
export function resourceAt(json: SynthJson, type: string, pathSuffix: string): Record<string, unknown> {
  return new SynthesizedStack(json).resourceAt(type, pathSuffix).config;
}

/** The logical ID of the one resource of a type whose construct path ends with `pathSuffix`. */
export function logicalId(json: SynthJson, type: string, pathSuffix: string): string {
  return new SynthesizedStack(json).resourceAt(type, pathSuffix).name;
}

/** A stack with a google provider, for testing one construct in isolation. */
export function testStack(): TerraformStack {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new GoogleProvider(stack, 'google', { project: 'test-project', region: 'us-central1' });
  return stack;
}

/** A scope for constructs that need none of a stack's providers. */
export function scope(): Construct {
  return new TerraformStack(Testing.app(), 'scope');
}

/** Parses config YAML as the app does, with overlay paths relative to the repository root. */
export function config(yaml: string): MeshConfig {
  return parseConfig(yaml, { source: 'test.yaml', baseDir: REPO_ROOT });
}

export const TWO_CLUSTERS = `
project: test-project
region: us-central1
clusters:
  - name: alpha
  - name: beta
authorizedNetworks:
  - { cidr: 203.0.113.0/24, name: admin }
`;

export function newApp(): App {
  return Testing.app();
}

/** Every stack of the app for a config, synthesized in memory, on a test app. */
export function synthesizedApp(meshConfig: MeshConfig): SynthesizedApp<StackName> {
  return synthesizeApp(meshConfig, newApp());
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
