import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT, DEFAULT_FIXTURE } from '../../helpers';
import { managedModeConfigFile } from '../../support/synth-to-disk';

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

/** What each optional part of a config loads, and a shipped config that turns it on. */
const OPTIONAL_MODULES: readonly { readonly part: string; readonly config: string; readonly modules: readonly string[] }[] = [
  {
    part: 'Cloud SQL and the Prisma Cloud Defender',
    config: path.join('examples', 'all-features.yaml'),
    modules: [
      'src/features/cloud-sql.ts',
      'src/features/prisma-cloud.ts',
      'lib/data/cloud-sql-postgres.ts',
      'lib/workloads/prisma-defender.ts',
      'node_modules/@cdktf/provider-google/lib/sql-database-instance/index.js',
      'node_modules/@cdktf/provider-kubernetes/lib/daemon-set-v1/index.js',
    ],
  },
  {
    part: 'Shared VPC',
    config: path.join('examples', 'shared-vpc.yaml'),
    modules: [
      'src/features/shared-vpc.ts',
      'lib/network/shared-vpc.ts',
      'node_modules/@cdktf/provider-google/lib/compute-shared-vpc-host-project/index.js',
      'node_modules/@cdktf/provider-google/lib/project-iam-custom-role/index.js',
    ],
  },
  {
    part: 'the state bucket',
    config: path.join('examples', 'remote-state.yaml'),
    modules: ['src/stacks/state-stack.ts', 'lib/project/state-bucket.ts', 'node_modules/@cdktf/provider-google/lib/storage-bucket/index.js'],
  },
  {
    part: 'the managed control plane',
    config: managedModeConfigFile(),
    modules: [
      'src/features/managed-mesh.ts',
      'lib/mesh/fleet-service-mesh.ts',
      'node_modules/@cdktf/provider-google/lib/gke-hub-feature/index.js',
      'node_modules/@cdktf/provider-google/lib/gke-hub-feature-membership/index.js',
    ],
  },
];

describe('wiring only some configs use loads only when the config asks for it', () => {
  const defaults = modulesLoadedBySynth(DEFAULT_FIXTURE);

  it('the default config loads the loader', () => {
    expect(defaults).toContain('src/features/load.ts');
  });

  it.each(OPTIONAL_MODULES)('the default config loads none of the modules or provider bindings of $part', ({ modules }) => {
    for (const module of modules) expect(defaults).not.toContain(module);
  });

  it.each(OPTIONAL_MODULES)('a config with $part loads them (so the list names real modules)', ({ config, modules }) => {
    const loaded = modulesLoadedBySynth(path.resolve(REPO_ROOT, config));
    for (const module of modules) expect(loaded).toContain(module);
  });
});
