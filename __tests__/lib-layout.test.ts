import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { REPO_ROOT } from './helpers';

const LIB = path.join(REPO_ROOT, 'lib');

describe('lib/ is grouped by domain', () => {
  const entries = fs.readdirSync(LIB, { withFileTypes: true });

  it('has at most eight entries at its top level, every one a domain folder', () => {
    expect(entries.length).toBeLessThanOrEqual(8);
    expect(entries.filter((entry) => !entry.isDirectory()).map((entry) => entry.name)).toEqual([]);
  });

  it('has a core/ that the other domains build on', () => {
    expect(entries.map((entry) => entry.name)).toContain('core');
  });

  describe('the lint rule keeps domains from reaching into each other sideways (eslint.config.mjs)', () => {
    const CASES = {
      sibling: ['data/example.ts', "export { AppNamespace } from '../workloads/app-namespace';\n"],
      fromCore: ['core/example.ts', "export { PrivateCluster } from '../cluster/private-cluster';\n"],
      ownAndCore: ['data/example.ts', "export { CloudSqlPostgres } from './cloud-sql-postgres';\nexport { requireProp } from '../core/validate';\n"],
    };
    // ESLint loads its flat config with a dynamic import, which jest's module sandbox refuses: lint
    // the cases in one plain node process, through ESLint's public API, as `npm run lint` would.
    const LINT_CASES = `
      const { ESLint } = require('eslint');
      (async () => {
        const eslint = new ESLint();
        const out = {};
        for (const [name, [file, code]] of Object.entries(JSON.parse(process.argv[1]))) {
          const [result] = await eslint.lintText(code, { filePath: require('path').join('lib', file) });
          out[name] = result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
        }
        process.stdout.write(JSON.stringify(out));
      })();`;
    let found: Record<keyof typeof CASES, string[]>;
    beforeAll(() => {
      const run = spawnSync(process.execPath, ['-e', LINT_CASES, JSON.stringify(CASES)], { cwd: REPO_ROOT, encoding: 'utf8' });
      if (run.status !== 0) throw new Error(run.stderr);
      found = JSON.parse(run.stdout);
    });

    it('refuses a sibling domain', () => {
      expect(found.sibling).toEqual([expect.stringContaining('lib/data/ imports its own files and lib/core/ only')]);
    });

    it('refuses anything outside core/ from core/', () => {
      expect(found.fromCore).toEqual([expect.stringContaining('lib/core/ builds on nothing else in lib/')]);
    });

    it('allows its own domain and core/', () => {
      expect(found.ownAndCore).toEqual([]);
    });
  });
});
