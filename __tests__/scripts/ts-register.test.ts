import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../helpers';

const HOOK = path.join(REPO_ROOT, 'scripts', 'ts-register.js');

/** Runs a TypeScript file through the synth runner's hook, as cdktf.json does. */
function runTs(file: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, ['--require', HOOK, file], { encoding: 'utf8', cwd: REPO_ROOT });
}

describe('the synth runner hook (scripts/ts-register.js)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-register-'));
  const file = path.join(dir, 'probe.ts');

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

  it('keys each cached transform by the transform itself (sucrase version, the transform file), the path and the content', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS script of the runner
    const { TRANSFORM_ID } = require('../../scripts/typescript-transform') as { TRANSFORM_ID: string };
    const sucrase = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules', 'sucrase', 'package.json'), 'utf8')) as { version: string }).version;
    const transformFile = createHash('sha256')
      .update(fs.readFileSync(path.join(REPO_ROOT, 'scripts', 'typescript-transform.js')))
      .digest('hex');
    expect(TRANSFORM_ID).toBe(`sucrase ${sucrase} ${transformFile}`);
    const code = `console.log('keyed ${Date.now()}');\n`;
    fs.writeFileSync(file, code);
    expect(runTs(file).status).toBe(0);
    const key = createHash('sha256').update(`${TRANSFORM_ID}\0${file}\0${code}`).digest('hex');
    expect(fs.existsSync(path.join(REPO_ROOT, 'node_modules', '.cache', 'ts-register', `${key}.js`))).toBe(true);
  });

  it("leaves Node's module loader as it is: Module.prototype._compile is the one Node had", () => {
    // Run as the app is, with the hook preloaded and an entry script, then without the hook.
    const probe = path.join(dir, 'loader-probe.js');
    fs.writeFileSync(probe, "console.log(String(require('module').prototype._compile));\n");
    const withHook = runTs(probe);
    const plain = spawnSync(process.execPath, [probe], { encoding: 'utf8', cwd: REPO_ROOT });
    expect(withHook.status).toBe(0);
    expect(withHook.stdout).toBe(plain.stdout);
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
