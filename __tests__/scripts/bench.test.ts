import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pairedRatios, parseBenchArgs, runnerArgs } from '../../scripts/bench';
import { REPO_ROOT } from '../helpers';
import { type CpuProfile, formatProfileSummary, frameOwner, summarizeCpuProfile } from '../../scripts/bench/cpu-profile';
import { callgrindArgs, readCallgrindCounts } from '../../scripts/bench/instructions';

describe('scripts/bench.ts', () => {
  it('reads --runs, --cpu-prof, --instructions and --help, with BENCH_RUNS or 11 runs by default', () => {
    expect(parseBenchArgs([])).toEqual({ runs: 11, cpuProfDir: undefined, instructions: false, help: false });
    expect(parseBenchArgs([], { BENCH_RUNS: '9' })).toEqual({ runs: 9, cpuProfDir: undefined, instructions: false, help: false });
    expect(parseBenchArgs(['--runs', '3', '--cpu-prof=/tmp/p'], { BENCH_RUNS: '9' })).toEqual({
      runs: 3,
      cpuProfDir: '/tmp/p',
      instructions: false,
      help: false,
    });
    expect(parseBenchArgs(['--instructions'])).toMatchObject({ instructions: true });
    expect(parseBenchArgs(['-h'])).toMatchObject({ help: true });
  });

  it('refuses unknown flags, stray arguments and runs that are not a positive whole number', () => {
    expect(parseBenchArgs(['--run', '3'])).toEqual({ error: expect.stringContaining("'--run'") });
    expect(parseBenchArgs(['extra'])).toEqual({ error: expect.stringContaining("'extra'") });
    expect(parseBenchArgs(['--runs', '0'])).toEqual({ error: '--runs (or BENCH_RUNS) needs a positive whole number, got "0"' });
    expect(parseBenchArgs([], { BENCH_RUNS: 'many' })).toEqual({ error: '--runs (or BENCH_RUNS) needs a positive whole number, got "many"' });
    expect(parseBenchArgs(['--runs'])).toEqual({ error: expect.stringContaining("'--runs <value>' argument missing") });
  });

  it("runs the floor with cdktf.json's runner, and refuses a runner that is not plain node", () => {
    expect(runnerArgs('node --require ./scripts/ts-register.js main.ts')).toEqual(['--require', './scripts/ts-register.js']);
    expect(() => runnerArgs('npx --no-install node --require ./scripts/ts-register.js main.ts')).toThrow("cdktf.json's app must be `node <options> main.ts`");
    expect(() => runnerArgs('node main.js')).toThrow('so the floor runs with the same runner');
  });
});

describe('the floor (scripts/bench/floor-app.ts)', () => {
  it('loads the binding modules it is given, records what a run loaded, and synthesizes one resource', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-floor-'));
    const given = [require.resolve('@cdktf/provider-google/lib/container-cluster'), require.resolve('@cdktf/provider-kubernetes/lib/deployment-v1')];
    const recorded = path.join(dir, 'bindings.json');
    const result = spawnSync(
      process.execPath,
      ['--require', './scripts/bench/peak-rss.js', '--require', './scripts/ts-register.js', 'scripts/bench/floor-app.ts'],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        env: { ...process.env, BENCH_FLOOR_MODULES: JSON.stringify(given), BENCH_MODULES_FILE: recorded, CDKTF_OUTDIR: path.join(dir, 'out') },
      },
    );
    expect(result).toMatchObject({ status: 0, stderr: '' });
    const loaded = JSON.parse(fs.readFileSync(recorded, 'utf8')) as string[];
    expect(loaded).toEqual(expect.arrayContaining(given));
    expect(loaded.every((file) => /node_modules[\\/]@cdktf[\\/]provider-/.test(file))).toBe(true);
    const stack = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'stacks', 'floor', 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(stack.resource)).toEqual(['google_compute_network']);
  });
});

describe('pairedRatios', () => {
  it('takes the ratio run by run, then the median and range', () => {
    expect(pairedRatios([300, 200, 330], [100, 100, 110])).toEqual({ median: 3, min: 2, max: 3 });
    expect(pairedRatios([150, 160], [100, 100])).toEqual({ median: 1.55, min: 1.5, max: 1.6 });
  });

  it('refuses sides of different lengths, or none', () => {
    expect(() => pairedRatios([1, 2], [1])).toThrow('the same number of runs on both sides');
    expect(() => pairedRatios([], [])).toThrow('the same number of runs on both sides');
  });
});

describe('scripts/bench/cpu-profile.ts', () => {
  const root = '/repo';

  it('names the package, project folder, node internals or V8 bucket a frame belongs to', () => {
    expect(frameOwner('file:///repo/node_modules/@cdktf/provider-google/lib/container-cluster/index.js', 'x', root)).toEqual([
      '@cdktf/provider-google',
      '@cdktf/provider-google/lib/container-cluster/index.js',
    ]);
    expect(frameOwner('/repo/node_modules/cdktf/node_modules/semver/index.js', 'x', root)).toEqual(['semver', 'semver/index.js']);
    expect(frameOwner('file:///repo/lib/core/prerequisites.ts', 'visit', root)).toEqual(['project: lib', 'lib/core/prerequisites.ts']);
    expect(frameOwner('node:internal/modules/cjs/loader', 'x', root)).toEqual(['node internals', 'node:internal/modules/cjs/loader']);
    expect(frameOwner('', '(garbage collector)', root)).toEqual(['(garbage collector)', '(garbage collector)']);
  });

  it('adds up self time by the time to the next sample, largest first', () => {
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '' } },
        { id: 2, callFrame: { functionName: 'resolve', url: 'file:///repo/node_modules/cdktf/lib/tokens/private/resolve.js' } },
        { id: 3, callFrame: { functionName: 'visit', url: 'file:///repo/lib/policy-checks.ts' } },
      ],
      startTime: 0,
      endTime: 10_000,
      samples: [2, 3, 2],
      timeDeltas: [1_000, 2_000, 3_000],
    };
    const summary = summarizeCpuProfile(profile, root);
    expect(summary.totalMs).toBe(10);
    // resolve: 1 ms -> 3 ms, then 6 ms -> the end (10 ms); visit: 3 ms -> 6 ms.
    expect(summary.byPackage).toEqual([
      ['cdktf', 6],
      ['project: lib', 3],
    ]);
    expect(formatProfileSummary(summary, 1)).toBe(
      ['profiled 10 ms; self time by package:', '       6 ms  60.0%  cdktf', 'by file:', '       6 ms  60.0%  cdktf/lib/tokens/private/resolve.js'].join('\n'),
    );
  });
});

describe('scripts/bench/instructions.ts', () => {
  /** A callgrind output file's header as callgrind 3.19 writes it with --separate-threads=yes. */
  const header = (thread: number, instructions: number) =>
    `# callgrind format\nversion: 1\ncreator: callgrind-3.19.0\npid: 4242\ncmd:  node main.ts\npart: 1\nthread: ${thread}\n\ndesc: I1 cache: \n\npositions: line\nevents: Ir\nsummary: ${instructions}\n\n\nfn=(1) main\n0 7\ntotals: ${instructions}\n`;

  it('reads the main thread (thread 1) and the sum over every thread from the files of one run', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-callgrind-'));
    fs.writeFileSync(path.join(dir, 'out-01'), header(1, 2_900_000_000));
    fs.writeFileSync(path.join(dir, 'out-02'), header(2, 400_000_000));
    fs.writeFileSync(path.join(dir, 'out-03'), header(3, 170_000_000));
    fs.writeFileSync(path.join(dir, 'other-01'), header(1, 5));
    expect(readCallgrindCounts(path.join(dir, 'out'))).toEqual({ mainThread: 2_900_000_000, allThreads: 3_470_000_000 });
    expect(callgrindArgs(path.join(dir, 'out'))).toEqual(['--tool=callgrind', '--separate-threads=yes', `--callgrind-out-file=${path.join(dir, 'out')}`]);
  });

  it('refuses a run with no files, a file without its summary, or no main thread', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-callgrind-'));
    expect(() => readCallgrindCounts(path.join(dir, 'out'))).toThrow('bench: callgrind wrote no out-NN files');
    fs.writeFileSync(path.join(dir, 'out-02'), header(2, 10));
    expect(() => readCallgrindCounts(path.join(dir, 'out'))).toThrow('bench: no file of thread 1 among out-02');
    fs.writeFileSync(path.join(dir, 'out-01'), header(1, 10).replace(/^summary:.*$/m, ''));
    expect(() => readCallgrindCounts(path.join(dir, 'out'))).toThrow('bench: out-01 has no summary line');
  });

  const valgrind = spawnSync('valgrind', ['--version'], { encoding: 'utf8' });
  // A program of one thread, so the suite stays fast: node itself takes seconds under callgrind.
  (valgrind.status === 0 ? it : it.skip)(
    'reads what the real callgrind writes',
    () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-callgrind-'));
      const run = spawnSync('valgrind', [...callgrindArgs(path.join(dir, 'out')), 'true'], { encoding: 'utf8' });
      expect(run.status).toBe(0);
      const counts = readCallgrindCounts(path.join(dir, 'out'));
      expect(counts.mainThread).toBeGreaterThan(10_000);
      expect(counts.allThreads).toBe(counts.mainThread);
    },
    30_000,
  );
});
