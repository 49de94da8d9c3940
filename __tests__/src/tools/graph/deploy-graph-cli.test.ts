import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { App } from 'cdktf';
import { main as graphMain } from '../../../../scripts/graph';
import { loadConfig } from '../../../../src/config/load';
import { buildDeployGraph } from '../../../../src/tools/graph/from-stacks';
import { formatDeployReport } from '../../../../src/tools/graph/report';
import { scheduleDeploy } from '../../../../src/tools/graph/schedule';
import { readSynthesizedApp, SynthesisMissingError, synthesizeApp } from '../../../../src/tools/synthesized-app';
import { config, REPO_ROOT, TWO_CLUSTERS, DEFAULT_FIXTURE } from '../../../helpers';
import { appGraph } from './deploy-graph-fixture';

describe('cdktf.out', () => {
  it('reads manifest.json and the stacks, dependencies included', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-graph-'));
    try {
      // One app built once: its stacks synthesized in memory, then written as `cdktf synth` writes them.
      const app = new App({ outdir });
      const synthesized = synthesizeApp(config(TWO_CLUSTERS), app);
      app.synth();
      const read = readSynthesizedApp(outdir);
      expect(read.dependencies).toEqual({ mesh: ['platform'], platform: [], workloads: ['mesh'] });
      const fromFiles = scheduleDeploy(buildDeployGraph(read.stacks, read.dependencies));
      const inMemory = scheduleDeploy(buildDeployGraph(synthesized.stacks, synthesized.dependencies));
      expect(fromFiles.total).toBe(inMemory.total);
      expect(fromFiles.criticalPath.map((step) => step.id)).toEqual(inMemory.criticalPath.map((step) => step.id));
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('says to synthesize first when nothing was synthesized', () => {
    expect(() => readSynthesizedApp(path.join(os.tmpdir(), 'no-such-cdktf-out'))).toThrow(SynthesisMissingError);
    expect(() => readSynthesizedApp(path.join(os.tmpdir(), 'no-such-cdktf-out'))).toThrow(/npx cdktf synth/);
  });

  it('npm run graph --outdir exits 1 with that message', () => {
    // In-process: the exit codes' way out of the process is proven by the spawned tests below.
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(graphMain(['--outdir', path.join(os.tmpdir(), 'no-such-cdktf-out')])).toBe(1);
      expect(error.mock.calls.map((call) => call.join(' ')).join('\n')).toMatch(/Run `npx cdktf synth` first/);
    } finally {
      error.mockRestore();
    }
  });
});

describe('npm run graph', () => {
  it('synthesizes the default config by itself, where no cdktf.out exists (a fresh checkout)', () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-cwd-'));
    try {
      const result = runGraph([], cwd);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(fs.readdirSync(cwd)).toEqual([]);
      expect(result.stdout).toBe(formatDeployReport(appGraph(loadConfig(DEFAULT_FIXTURE))));
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('refuses an unknown flag with exit code 2 and the usage', () => {
    const result = runGraph(['--outdri', 'x']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^graph: Unknown option '--outdri'[\s\S]*Usage: npm run graph/);
  });
});

/** scripts/graph.ts as `npm run graph` runs it, from `cwd`. */
function runGraph(args: string[], cwd: string = REPO_ROOT) {
  return spawnSync(process.execPath, ['--require', path.join(REPO_ROOT, 'scripts', 'ts-register.js'), path.join(REPO_ROOT, 'scripts', 'graph.ts'), ...args], {
    cwd,
    encoding: 'utf8',
    // The shipped default through the tests' copy: mesh.config.yaml is the user's.
    env: { ...process.env, MESH_CONFIG: DEFAULT_FIXTURE },
  });
}
