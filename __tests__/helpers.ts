import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { parseConfig, MeshConfig } from '../src/config/load';
import { buildApp } from '../src/stacks/app';
import { buildDeployGraph, DeployGraph, SynthesizedStack } from '../src/tools/deploy-graph';

export const REPO_ROOT = path.resolve(__dirname, '..');

/** Synthesized Terraform JSON of one stack. */
export type SynthJson = {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown; description?: string; sensitive?: boolean }>;
  provider?: Record<string, unknown[]>;
  variable?: Record<string, Record<string, unknown>>;
  terraform?: Record<string, unknown>;
};

export function synth(stack: TerraformStack): SynthJson {
  return JSON.parse(Testing.synth(stack)) as SynthJson;
}

/** Every resource of a type, in synthesis order, without the `//` metadata. */
export function resources(json: SynthJson, type: string): Record<string, unknown>[] {
  return Object.values(json.resource?.[type] ?? {}).map(withoutMetadata);
}

/**
 * The one resource of a type whose construct path ends with `pathSuffix` (`cluster-a/pool-b`).
 * `Testing.synth` drops the path metadata, so this matches the logical ID cdktf derives from it.
 */
export function resourceAt(json: SynthJson, type: string, pathSuffix: string): Record<string, unknown> {
  return withoutMetadata(json.resource![type][logicalId(json, type, pathSuffix)]);
}

/** The logical ID of the one resource of a type whose construct path ends with `pathSuffix`. */
export function logicalId(json: SynthJson, type: string, pathSuffix: string): string {
  const wanted = pathSuffix.split('/').join('_');
  const matches = Object.keys(json.resource?.[type] ?? {}).filter((id) => {
    const withoutHash = id.replace(/_[0-9A-F]{8}$/, '');
    return withoutHash === wanted || withoutHash.endsWith(`_${wanted}`);
  });
  if (matches.length !== 1) throw new Error(`expected one ${type} at *${pathSuffix}, found ${matches.length}`);
  return matches[0];
}

function withoutMetadata(value: Record<string, unknown>): Record<string, unknown> {
  const { ['//']: _metadata, ...rest } = value;
  return rest;
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

/** The whole app's stacks, synthesized in memory, and their deploy graph. */
export function appDeployGraph(meshConfig: MeshConfig): { graph: DeployGraph; stacks: Record<string, SynthesizedStack> } {
  const built = buildApp(newApp(), meshConfig);
  const stacks: Record<string, SynthesizedStack> = {};
  const dependencies: Record<string, string[]> = {};
  for (const stack of [built.platform, built.mesh, built.workloads]) {
    stacks[stack.node.id] = synth(stack) as SynthesizedStack;
    dependencies[stack.node.id] = stack.dependencies.map((upstream) => upstream.node.id);
  }
  return { graph: buildDeployGraph(stacks, dependencies), stacks };
}

/** Synthesizes a whole app to a fresh folder, as `cdktf synth` does (every stack prepared first), and returns each stack's JSON text by path. */
export function synthAppFiles(build: (app: App) => void): Record<string, string> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-app-'));
  const app = new App({ outdir });
  build(app);
  app.synth();
  const files: Record<string, string> = {};
  for (const stack of fs.readdirSync(path.join(outdir, 'stacks')).sort()) {
    files[`stacks/${stack}/cdk.tf.json`] = fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8');
  }
  fs.rmSync(outdir, { recursive: true, force: true });
  return files;
}
