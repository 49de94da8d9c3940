import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { SynthesizedStack } from '../../lib/core/synthesized-stack';
import type { MeshConfig } from '../config/load';
import { buildApp, type MeshApp } from '../stacks/app';
import { synthesizeStack } from './synthesize-stack';

/** Where the tools get synthesized stacks: synthesized in memory from a config, or read from `cdktf.out`. */

/** The stacks every config has; `state` exists only with `state.bucket`. */
export type StackName = Exclude<keyof MeshApp, 'state'>;

export interface SynthesizedApp<Name extends string = string> {
  readonly stacks: Readonly<Record<Name, SynthesizedStack>>;
  /** The stacks each stack deploys after (cdktf's stack dependencies). */
  readonly dependencies: Readonly<Record<Name, readonly string[]>>;
}

/**
 * Every stack of the app for `config`, synthesized in memory. Without `app`, on a fresh app
 * whose output directory (cdktf creates it up front) is temporary and removed afterwards.
 */
/** With `state.bucket` set, the `state` stack is synthesized too, under its own name. */
export function synthesizeApp(config: MeshConfig, app?: App): SynthesizedApp<StackName> {
  const outdir = app ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'asm-synth-'));
  try {
    const built = buildApp(app ?? new App({ outdir }), config);
    const names = (Object.keys(built) as (keyof MeshApp)[]).filter((name) => built[name] !== undefined);
    return {
      stacks: Object.fromEntries(names.map((name) => [name, synthesizeStack(built[name]!)])) as Record<StackName, SynthesizedStack>,
      dependencies: Object.fromEntries(names.map((name) => [name, built[name]!.dependencies.map((upstream) => upstream.node.id)])) as Record<
        StackName,
        string[]
      >,
    };
  } finally {
    if (outdir) fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** A cdktf output directory has no synthesized stacks. */
export class SynthesisMissingError extends Error {
  constructor(readonly outdir: string) {
    super(`no synthesized stacks in ${outdir} (manifest.json not found). Run \`npx cdktf synth\` first.`);
    this.name = 'SynthesisMissingError';
  }
}

interface Manifest {
  readonly stacks?: Record<string, { readonly synthesizedStackPath?: string; readonly dependencies?: readonly string[] }>;
}

/** Reads `manifest.json` and every stack's `cdk.tf.json` (construct paths included) from a cdktf output directory. */
export function readSynthesizedApp(outdir: string): SynthesizedApp {
  const manifestFile = path.join(outdir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new SynthesisMissingError(outdir);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
  const stacks: Record<string, SynthesizedStack> = {};
  const dependencies: Record<string, string[]> = {};
  for (const [name, entry] of Object.entries(manifest.stacks ?? {})) {
    const file = path.join(outdir, entry.synthesizedStackPath ?? path.join('stacks', name, 'cdk.tf.json'));
    if (!fs.existsSync(file)) throw new SynthesisMissingError(outdir);
    stacks[name] = SynthesizedStack.parse(fs.readFileSync(file, 'utf8'));
    dependencies[name] = [...(entry.dependencies ?? [])];
  }
  if (Object.keys(stacks).length === 0) throw new SynthesisMissingError(outdir);
  return { stacks, dependencies };
}
