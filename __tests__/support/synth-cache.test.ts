import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthesizeApp } from '../../src/tools/synthesized-app';
import { config, TWO_CLUSTERS } from '../helpers';
import { cacheKey, cachedSynthesizeApp } from './synth-cache';
import { createSynthCacheFolder, removeSynthCacheFolder, SYNTH_CACHE_VARIABLE } from './synth-cache-folder';

const json = (app: ReturnType<typeof synthesizeApp>) => ({
  stacks: Object.fromEntries(Object.entries(app.stacks).map(([name, stack]) => [name, stack.json])),
  dependencies: app.dependencies,
});

describe('the per-run synth cache', () => {
  const meshConfig = config(TWO_CLUSTERS);
  const fresh = json(synthesizeApp(meshConfig));
  let env: NodeJS.ProcessEnv;

  beforeEach(() => {
    env = {};
    createSynthCacheFolder(env);
  });
  afterEach(() => removeSynthCacheFolder(env));

  it('returns what a fresh synth returns, from the synth and then from the file', () => {
    expect(json(cachedSynthesizeApp(meshConfig, env))).toEqual(fresh);
    expect(fs.readdirSync(env[SYNTH_CACHE_VARIABLE]!)).toHaveLength(1);
    expect(json(cachedSynthesizeApp(meshConfig, env))).toEqual(fresh);
  });

  it('reads the file it wrote: a planted result is what the next call gets', () => {
    cachedSynthesizeApp(meshConfig, env);
    const [file] = fs.readdirSync(env[SYNTH_CACHE_VARIABLE]!);
    fs.writeFileSync(path.join(env[SYNTH_CACHE_VARIABLE]!, file), JSON.stringify({ stacks: { mesh: { planted: true } }, dependencies: {} }));
    expect(json(cachedSynthesizeApp(meshConfig, env)).stacks).toEqual({ mesh: { planted: true } });
  });

  it('gives each caller its own copy, so an edit stays in the suite that made it', () => {
    const first = cachedSynthesizeApp(meshConfig, env);
    (first.stacks.mesh.json as Record<string, unknown>).edited = true;
    expect(cachedSynthesizeApp(meshConfig, env).stacks.mesh.json).not.toHaveProperty('edited');
  });

  it('keys each config apart', () => {
    cachedSynthesizeApp(meshConfig, env);
    const three = config(TWO_CLUSTERS.replace('  - name: beta\n', '  - name: beta\n  - name: gamma\n'));
    expect(Object.keys(cachedSynthesizeApp(three, env).stacks)).toEqual(Object.keys(fresh.stacks));
    expect(fs.readdirSync(env[SYNTH_CACHE_VARIABLE]!)).toHaveLength(2);
    expect(cacheKey(three)).not.toBe(cacheKey(meshConfig));
  });

  it('keys a config by the content of the files it names: a rewritten overlay is a new synth', () => {
    const overlay = path.join(env[SYNTH_CACHE_VARIABLE]!, 'overlay.yaml');
    fs.writeFileSync(overlay, 'a: 1\n');
    const naming = { ...meshConfig, asm: { ...meshConfig.asm, overlays: [{ path: 'overlay.yaml', absolutePath: overlay }] } };
    const before = cacheKey(naming);
    fs.writeFileSync(overlay, 'a: 2\n');
    expect(cacheKey(naming)).not.toBe(before);
  });

  it('does not key a config JSON cannot tell apart (a class instance), and synthesizes it each time', () => {
    const odd = { ...meshConfig, extra: new Map([['a', 1]]) } as unknown as typeof meshConfig;
    expect(cacheKey(odd)).toBeUndefined();
    expect(cacheKey(meshConfig)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keys a config by the source of its functions too', () => {
    const other = { ...meshConfig, meshId: (fleetProjectNumber: string) => `other-${fleetProjectNumber}` };
    expect(cacheKey(other)).toMatch(/^[0-9a-f]{64}$/);
    expect(cacheKey(other)).not.toBe(cacheKey(meshConfig));
  });

  it('synthesizes every time without the run folder', () => {
    const folder = env[SYNTH_CACHE_VARIABLE]!;
    expect(json(cachedSynthesizeApp(meshConfig, {}))).toEqual(fresh);
    expect(fs.readdirSync(folder)).toEqual([]);
  });

  it('the run folder is made fresh and removed at the end', () => {
    const folder = env[SYNTH_CACHE_VARIABLE]!;
    expect(folder.startsWith(path.join(os.tmpdir(), 'mesh-test-synth-'))).toBe(true);
    expect(fs.readdirSync(folder)).toEqual([]);
    removeSynthCacheFolder(env);
    expect(fs.existsSync(folder)).toBe(false);
  });
});
