import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing, TerraformStack } from 'cdktf';
import { type Construct } from 'constructs';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { isMap, parseDocument } from 'yaml';
import { parseConfig, type MeshConfig } from '../src/config/load';
import { SynthesizedStack, type TerraformJson } from '../lib/core/synthesized-stack';
import { synthesizeStack } from '../src/tools/synthesize-stack';
import { REPO_ROOT } from './support/repo-paths';

export { DEFAULT_FIXTURE, REPO_ROOT } from './support/repo-paths';

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

/**
 * Parses config YAML as the app does, with overlay paths relative to the repository root. A test
 * config that does not name `asm.mode` gets `in-cluster`, the mode it was written for; the app
 * itself requires the field (load-asm-mode.test.ts tests that with parseConfig).
 */
export function config(yaml: string): MeshConfig {
  return parseConfig(withAsmMode(yaml, 'in-cluster'), { source: 'test.yaml', baseDir: REPO_ROOT });
}

/** The YAML with `asm.mode` set, when it is a mapping that does not name one. */
export function withAsmMode(yaml: string, mode: 'in-cluster' | 'managed'): string {
  const document = parseDocument(yaml);
  if (document.errors.length > 0 || !isMap(document.contents)) return yaml;
  const asm = document.get('asm');
  if (asm !== undefined && !isMap(asm)) return yaml;
  if (document.hasIn(['asm', 'mode'])) return yaml;
  if (asm === undefined) document.set('asm', document.createNode({ mode }));
  else asm.set('mode', mode);
  return document.toString();
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
