import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../../helpers';

/** Synthesizes a config with the app's runner, and lists every module it loaded. */
function modulesLoadedBySynth(config: string): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-lazy-'));
  const list = path.join(dir, 'modules.json');
  const preload = path.join(dir, 'record-modules.js');
  fs.writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(list)}, JSON.stringify(Object.keys(require.cache))));\n`);
  const result = spawnSync(process.execPath, ['--require', preload, '--require', './scripts/ts-register.js', 'main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, MESH_CONFIG: config, CDKTF_OUTDIR: path.join(dir, 'out') },
    encoding: 'utf8',
  });
  expect(result.stderr).toBe('');
  return (JSON.parse(fs.readFileSync(list, 'utf8')) as string[]).map((file) => path.relative(REPO_ROOT, file));
}

const FEATURE_MODULES = [
  'src/features/cloud-sql.ts',
  'src/features/prisma-cloud.ts',
  'lib/cloud-sql-postgres.ts',
  'lib/prisma-defender.ts',
  'node_modules/@cdktf/provider-google/lib/sql-database-instance/index.js',
  'node_modules/@cdktf/provider-kubernetes/lib/daemon-set-v1/index.js',
];

describe('optional features load only when enabled', () => {
  it('the default config loads none of their modules or provider bindings', () => {
    const loaded = modulesLoadedBySynth(path.join(REPO_ROOT, 'mesh.config.yaml'));
    expect(loaded).toContain('src/features/load.ts');
    for (const module of FEATURE_MODULES) expect(loaded).not.toContain(module);
  });

  it('a config with both features loads them (so the list above names real modules)', () => {
    const loaded = modulesLoadedBySynth(path.join(REPO_ROOT, 'examples', 'all-features.yaml'));
    for (const module of FEATURE_MODULES) expect(loaded).toContain(module);
  });
});
