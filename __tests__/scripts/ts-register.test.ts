import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../helpers';

const HOOK = path.join(REPO_ROOT, 'scripts', 'ts-register.js');
const CODE_CACHE = path.join(REPO_ROOT, 'node_modules', '.cache', 'ts-register', 'v8');

/** Runs a TypeScript file through the synth runner's hook, as cdktf.json does. */
function runTs(file: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, ['--require', HOOK, file], { encoding: 'utf8', cwd: REPO_ROOT });
}

describe('the synth runner hook (scripts/ts-register.js)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-register-'));
  const file = path.join(dir, 'probe.ts');
  const started = Date.now();

  // The code caches of this suite's throwaway entry scripts.
  afterAll(() => {
    for (const name of fs.existsSync(CODE_CACHE) ? fs.readdirSync(CODE_CACHE) : []) {
      const cache = path.join(CODE_CACHE, name);
      if (/^(probe|entry-\d+-\d+)\.ts-/.test(name) && fs.statSync(cache).mtimeMs >= started - 1000) fs.rmSync(cache, { force: true });
    }
  });

  it('runs TypeScript without type-checking it', () => {
    fs.writeFileSync(file, "const answer: number = 'not a number' as unknown as number;\nconsole.log(typeof answer);\n");
    expect(runTs(file)).toMatchObject({ status: 0, stdout: 'string\n' });
  });

  it('runs the new code after a file changes: the cache is keyed by content', () => {
    fs.writeFileSync(file, "console.log('first');\n");
    expect(runTs(file).stdout).toBe('first\n');
    expect(runTs(file).stdout).toBe('first\n'); // served from the cache
    fs.writeFileSync(file, "console.log('second');\n");
    expect(runTs(file).stdout).toBe('second\n');
  });

  it('runs the new code of a JavaScript module whose source changed but kept its length', () => {
    const helper = path.join(dir, 'same-length.js');
    fs.writeFileSync(file, "console.log(require('./same-length.js'));\n");
    fs.writeFileSync(helper, "module.exports = 'aaa';\n");
    expect(runTs(file).stdout).toBe('aaa\n');
    expect(runTs(file).stdout).toBe('aaa\n'); // its compiled code comes from the cache now
    fs.writeFileSync(helper, "module.exports = 'bbb';\n");
    expect(runTs(file).stdout).toBe('bbb\n');
  });

  it('writes the compiled code cache of an entry script once, then only when a module is new', () => {
    const entry = path.join(dir, `entry-${process.pid}-${Date.now()}.ts`);
    fs.writeFileSync(entry, "console.log(require('path').basename(__filename));\n");
    const cacheFiles = () => fs.readdirSync(CODE_CACHE).filter((name) => name.startsWith(`${path.basename(entry)}-`));
    expect(runTs(entry).status).toBe(0);
    expect(cacheFiles()).toHaveLength(1);
    const cache = path.join(CODE_CACHE, cacheFiles()[0]);
    const written = fs.statSync(cache).mtimeMs;
    expect(runTs(entry).status).toBe(0);
    expect(fs.statSync(cache).mtimeMs).toBe(written);
    fs.writeFileSync(entry, "console.log(require('./same-length.js'));\n");
    expect(runTs(entry).status).toBe(0);
    expect(fs.statSync(cache).mtimeMs).toBeGreaterThan(written);
  });

  it('keeps line numbers, so stack traces point at the TypeScript', () => {
    fs.writeFileSync(file, "type Unused = { a: string };\ninterface AlsoUnused { b: number }\n\nthrow new Error('boom');\n");
    const result = runTs(file);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${file}:4`);
  });
});

describe('one runner for the app and every script', () => {
  const RUNNER = 'node --require ./scripts/ts-register.js ';

  it('cdktf.json runs the app with plain node and the hook, not through npx', () => {
    const { app } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'cdktf.json'), 'utf8')) as { app: string };
    expect(app).toBe(`${RUNNER}main.ts`);
  });

  it('every npm script that runs TypeScript runs it through the hook', () => {
    const { scripts } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const typescript = Object.entries(scripts).filter(([, command]) => /\.ts\b/.test(command));
    expect(typescript.map(([name]) => name).sort()).toEqual(['bench', 'diagram', 'docs', 'graph', 'policy', 'schema', 'verify']);
    for (const [name, command] of typescript)
      expect(`${name}: ${command}`).toMatch(new RegExp(`^${name}: ${RUNNER.replace(/[.]/g, '\\.')}scripts/[\\w-]+\\.ts$`));
  });
});
