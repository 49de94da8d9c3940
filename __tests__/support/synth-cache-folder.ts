/**
 * The run's folder for synth-cache.ts: jest's globalSetup creates it and names it to the workers
 * through the environment (they start after globalSetup); globalTeardown removes it, so no cached
 * synth outlives the run, and the code, that produced it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const SYNTH_CACHE_VARIABLE = 'MESH_TEST_SYNTH_CACHE';

export function createSynthCacheFolder(env: NodeJS.ProcessEnv = process.env): void {
  env[SYNTH_CACHE_VARIABLE] = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-test-synth-'));
}

export function removeSynthCacheFolder(env: NodeJS.ProcessEnv = process.env): void {
  const folder = env[SYNTH_CACHE_VARIABLE];
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
}
