import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT, DEFAULT_FIXTURE } from '../../helpers';
import { managedModeConfigFile } from '../../support/synth-to-disk';

/** Synthesizes a config with the app's runner, and lists every module it loaded; once per config file. */
const loadedBy = new Map<string, string[]>();
function modulesLoadedBySynth(config: string): string[] {
  const absolute = path.resolve(REPO_ROOT, config);
  if (!loadedBy.has(absolute)) loadedBy.set(absolute, synthesizeListingModules(absolute));
  return loadedBy.get(absolute)!;
}

function synthesizeListingModules(config: string): string[] {
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

const MANAGED_CONFIG = managedModeConfigFile();

/**
 * What each optional part of a config loads, a shipped config that turns it on, and one without
 * it (the in-cluster default fixture, unless the part is in-cluster mode itself).
 */
const OPTIONAL_MODULES: readonly {
  readonly part: string;
  readonly config: string;
  readonly without: 'default' | 'managed';
  readonly modules: readonly string[];
}[] = [
  {
    part: 'Cloud SQL and the Prisma Cloud Defender',
    config: path.join('examples', 'all-features.yaml'),
    without: 'default',
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
    without: 'default',
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
    without: 'default',
    modules: ['src/stacks/state-stack.ts', 'lib/project/state-bucket.ts', 'node_modules/@cdktf/provider-google/lib/storage-bucket/index.js'],
  },
  {
    part: 'the managed control plane',
    config: MANAGED_CONFIG,
    without: 'default',
    modules: [
      'src/features/managed-mesh.ts',
      'lib/mesh/fleet-service-mesh.ts',
      'node_modules/@cdktf/provider-google/lib/gke-hub-feature/index.js',
      'node_modules/@cdktf/provider-google/lib/gke-hub-feature-membership/index.js',
    ],
  },
  {
    part: 'the in-cluster control plane',
    config: DEFAULT_FIXTURE,
    without: 'managed',
    modules: [
      'src/features/in-cluster-mesh.ts',
      'lib/mesh/asm-install.ts',
      'lib/mesh/asm-revision-retirement.ts',
      'lib/mesh/remote-reader.ts',
      'lib/mesh/remote-secret.ts',
      'lib/mesh/revision-restart.ts',
      'node_modules/@cdktf/provider-kubernetes/lib/cluster-role-v1/index.js',
      'node_modules/@cdktf/provider-kubernetes/lib/cluster-role-binding-v1/index.js',
    ],
  },
  {
    part: 'Autopilot clusters',
    config: path.join('examples', 'mixed-autopilot.yaml'),
    without: 'default',
    modules: ['src/features/autopilot.ts', 'lib/cluster/autopilot-cluster.ts'],
  },
  {
    part: 'clusters outside the fleet project',
    config: path.join('examples', 'shared-vpc.yaml'),
    without: 'default',
    modules: [
      'src/features/cross-project-fleet.ts',
      'lib/project/fleet-service-agent.ts',
      'lib/project/google-beta-provider.ts',
      'lib/project/project-service-identity.ts',
    ],
  },
];

describe('wiring only some configs use loads only when the config asks for it', () => {
  const loadedWithout = { default: modulesLoadedBySynth(DEFAULT_FIXTURE), managed: modulesLoadedBySynth(MANAGED_CONFIG) };

  it('the default config loads the loader', () => {
    expect(loadedWithout.default).toContain('src/features/load.ts');
  });

  it.each(OPTIONAL_MODULES)('a config without $part ($without) loads none of its modules or provider bindings', ({ without, modules }) => {
    for (const module of modules) expect(loadedWithout[without]).not.toContain(module);
  });

  it.each(OPTIONAL_MODULES)('a config with $part loads them (so the list names real modules)', ({ config, modules }) => {
    const loaded = modulesLoadedBySynth(config);
    for (const module of modules) expect(loaded).toContain(module);
  });
});
