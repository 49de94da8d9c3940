import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../../helpers';

/** src/runtime/cdktf-resolve.ts's pure part; with MESH_SYNTH_CDKTF_AS_IS=1 importing it loads nothing into jest. */
function fastResolveSource(source: string): string | undefined {
  process.env.MESH_SYNTH_CDKTF_AS_IS = '1';
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- imported with the variable set
    return (require('../../../src/runtime/cdktf-resolve') as typeof import('../../../src/runtime/cdktf-resolve')).fastResolveSource(source);
  } finally {
    delete process.env.MESH_SYNTH_CDKTF_AS_IS;
  }
}

/** Runs a TypeScript file with the runner, cdktf as main.ts loads it, or as it is. */
function run(file: string, asIs: boolean, env: Record<string, string> = {}): string {
  const result = spawnSync(process.execPath, ['--require', './scripts/ts-register.js', file], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, MESH_SYNTH_CDKTF_AS_IS: asIs ? '1' : '' },
    encoding: 'utf8',
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout;
}

/** Every file the app writes for a config, by path, with the output folder's own path masked. */
function synthFiles(configFile: string, asIs: boolean): Record<string, string> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-resolve-'));
  run('main.ts', asIs, { MESH_CONFIG: configFile, CDKTF_OUTDIR: outdir });
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[path.relative(outdir, full)] = fs.readFileSync(full, 'utf8').split(outdir).join('<outdir>');
    }
  };
  walk(outdir);
  fs.rmSync(outdir, { recursive: true, force: true });
  return files;
}

describe('src/runtime/cdktf-resolve.ts', () => {
  const installed = fs.readFileSync(require.resolve('cdktf/lib/tokens/private/resolve.js'), 'utf8');

  it("changes the installed cdktf's resolver at its recursive calls, error path and marker searches, and nothing when a change is missing or repeated", () => {
    const changed = fastResolveSource(installed)!;
    expect(changed).toContain('const resolvedKey = isPlain(key, prefix) ? key : makeContext()[0].resolve(key);');
    expect(changed).toContain('const value = isPlain(obj[key], prefix) ? obj[key] : makeContext(key)[0].resolve(obj[key]);');
    expect(changed).toContain('.map((x, i) => (isPlain(x, prefix) ? x : makeContext(`${i}`)[0].resolve(x)))');
    expect(changed).toContain('function isPlain(x, prefix) {');
    expect(changed).toContain('const pathName = () => "/" + prefix.join("/");');
    expect(changed.match(/\(pathName\b/g)).toEqual(['(pathName', '(pathName', '(pathName', '(pathName']);
    expect(changed.match(/\(pathName\(\)/g)).toHaveLength(4);
    expect(changed).toContain(
      'if (obj.some((x) => typeof x === "string" && x.includes("#{TfToken[")) && (0, encoding_1.containsStringListTokenElement)(obj)) {',
    );
    expect(changed).toContain('if (Object.keys(obj).some((key) => key.includes("&{TfToken[")) && (0, encoding_1.containsMapToken)(obj)) {');
    expect(fastResolveSource(installed.replace('const resolvedKey = makeContext()[0].resolve(key);', 'const resolvedKey = key;'))).toBeUndefined();
    expect(fastResolveSource(`${installed}\nconst value = makeContext(key)[0].resolve(obj[key]);`)).toBeUndefined();
  });

  it('resolves plain values, tokens, encoded numbers, map and list markers and the depth limit as cdktf does', () => {
    const fast = run('__tests__/support/resolve-probe.ts', false).split('\n');
    const asIs = run('__tests__/support/resolve-probe.ts', true).split('\n');
    expect(fast.filter((line) => line.startsWith('patched:'))).toEqual(['patched: true']);
    expect(asIs.filter((line) => line.startsWith('patched:'))).toEqual(['patched: false']);
    const results = (lines: string[]) => lines.filter((line) => !line.startsWith('patched:'));
    expect(results(fast)).toEqual(results(asIs));
    expect(results(fast).join('\n')).toContain('201 levels: error: Unable to resolve object tree with circular reference');
    expect(results(fast).join('\n')).toContain('200 levels: {"level":');
  });

  it('writes the same files for the example configs and 10 clusters', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-ten-'));
    const ten = path.join(dir, 'ten.yaml');
    const clusters = Array.from({ length: 10 }, (_, i) => `  - { name: c${i + 1}, location: ${['us-central1', 'europe-west4'][i % 2]} }`).join('\n');
    fs.writeFileSync(
      ten,
      `project: p-123456\nregion: us-central1\nasm: { mode: in-cluster }\nclusters:\n${clusters}\nauthorizedNetworks:\n  - { cidr: 203.0.113.0/24, name: admin }\n`,
    );
    for (const configFile of [
      path.join(REPO_ROOT, 'examples', 'all-features.yaml'),
      path.join(REPO_ROOT, 'examples', 'shared-vpc-fleet-in-service-project.yaml'),
      ten,
    ]) {
      const fast = synthFiles(configFile, false);
      expect(Object.keys(fast)).toContain('stacks/mesh/cdk.tf.json');
      expect(fast).toEqual(synthFiles(configFile, true));
    }
  });
});
