import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../../helpers';

/** Synthesizes the 10-cluster-like three-cluster config and returns every written file's content. */
function synthOutput(env: Record<string, string>): Record<string, string> {
  const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-perf-')), 'out');
  const result = spawnSync(process.execPath, ['--require', './scripts/ts-register.js', 'main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, MESH_CONFIG: path.join(REPO_ROOT, 'examples', 'multi-region.yaml'), CDKTF_OUTDIR: outdir, ...env },
    encoding: 'utf8',
  });
  expect(result.stderr).toBe('');
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.tf.json'))
        files[path.relative(outdir, full)] = fs.readFileSync(full, 'utf8').replace(new RegExp(outdir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g'), '<outdir>');
    }
  };
  walk(outdir);
  return files;
}

describe('skipping cdktf token creation stacks', () => {
  it('changes nothing in the synthesized output', () => {
    const fast = synthOutput({});
    const traced = synthOutput({ MESH_SYNTH_STACK_TRACES: '1' });
    expect(Object.keys(fast).sort()).toEqual(['stacks/mesh/cdk.tf.json', 'stacks/platform/cdk.tf.json', 'stacks/workloads/cdk.tf.json']);
    expect(fast).toEqual(traced);
  });

  it('is skipped unless MESH_SYNTH_STACK_TRACES=1', () => {
    jest.isolateModules(() => {
      /* eslint-disable @typescript-eslint/no-require-imports -- a fresh copy of both modules, isolated from the rest of the suite */
      const { skipTokenCreationStacks } = require('../../../src/runtime/token-stacks') as typeof import('../../../src/runtime/token-stacks');
      const stackTrace = require('cdktf/lib/tokens/private/stack-trace') as { captureStackTrace: () => string[] };
      expect(skipTokenCreationStacks({ MESH_SYNTH_STACK_TRACES: '1' })).toBe(false);
      expect(stackTrace.captureStackTrace().length).toBeGreaterThan(0);
      expect(skipTokenCreationStacks({})).toBe(true);
      expect(stackTrace.captureStackTrace()).toEqual([]);
      /* eslint-enable @typescript-eslint/no-require-imports */
    });
  });
});
