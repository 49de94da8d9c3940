/**
 * One synth per distinct config per `jest` run, shared by every suite that only reads the stacks.
 *
 * About twenty configs were synthesized 65 times in a run, each suite paying a cold synth of its
 * own. The cache lives in the run's folder (synth-cache-folder.ts), so no result outlives the code
 * that produced it. Without that folder (a suite run some other way) every call synthesizes. Each read parses fresh JSON,
 * so a suite that edits what it gets never touches another suite's copy.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { SynthesizedStack } from '../../lib/core/synthesized-stack';
import type { MeshConfig } from '../../src/config/load';
import { type StackName, type SynthesizedApp, synthesizeApp } from '../../src/tools/synthesized-app';
import { SYNTH_CACHE_VARIABLE } from './synth-cache-folder';

interface CachedApp {
  readonly stacks: Record<string, unknown>;
  readonly dependencies: Record<string, readonly string[]>;
}

/**
 * The config as JSON, or undefined when it holds a value JSON would not tell apart (a class
 * instance, a Map). Its functions (resolve.ts: `meshId`, `stateFile`, `prefixOf`) are keyed by
 * their source: each is derived from data beside it in the config, which the key holds. A file it
 * names (an overlay) is keyed by its content too, so a suite that rewrites one gets a new synth.
 */
export function cacheKey(config: MeshConfig): string | undefined {
  let plain = true;
  const text = JSON.stringify(config, (_key, value: unknown) => {
    if (typeof value === 'function') return `function: ${String(value)}`;
    if (typeof value === 'string' && path.isAbsolute(value) && isFile(value))
      return `${value} ${createHash('sha256').update(fs.readFileSync(value)).digest('hex')}`;
    if (typeof value === 'symbol' || typeof value === 'bigint') plain = false;
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && !isPlainObject(value)) plain = false;
    return value;
  });
  return plain ? createHash('sha256').update(text).digest('hex') : undefined;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** An object literal of any realm (jest runs suites in their own), or one without a prototype. */
function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

function revive(cached: CachedApp): SynthesizedApp<StackName> {
  const stacks = Object.fromEntries(Object.entries(cached.stacks).map(([name, json]) => [name, new SynthesizedStack(json as SynthesizedStack['json'])]));
  return { stacks: stacks as Record<StackName, SynthesizedStack>, dependencies: cached.dependencies as Record<StackName, string[]> };
}

/** `synthesizeApp(config)`, read from the run's cache when another suite already synthesized the same config. */
export function cachedSynthesizeApp(config: MeshConfig, env: NodeJS.ProcessEnv = process.env): SynthesizedApp<StackName> {
  const folder = env[SYNTH_CACHE_VARIABLE];
  const key = folder ? cacheKey(config) : undefined;
  if (!folder || !key) return synthesizeApp(config);
  const file = path.join(folder, `${key}.json`);
  try {
    return revive(JSON.parse(fs.readFileSync(file, 'utf8')) as CachedApp);
  } catch {
    // Not synthesized yet in this run.
  }
  const app = synthesizeApp(config);
  const cached: CachedApp = {
    stacks: Object.fromEntries(Object.entries(app.stacks).map(([name, stack]) => [name, stack.json])),
    dependencies: app.dependencies,
  };
  // Write then rename: a suite in another worker never reads half a file.
  const temporary = `${file}.${process.pid}`;
  fs.writeFileSync(temporary, JSON.stringify(cached));
  fs.renameSync(temporary, file);
  return revive(JSON.parse(JSON.stringify(cached)) as CachedApp);
}
