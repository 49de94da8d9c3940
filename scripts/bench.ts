/**
 * `npm run bench`: synth wall time and peak memory of the app, for the default config (two
 * clusters) and a 10-cluster config, next to the floor: a cdktf app that loads every provider
 * binding module the default synth loads and synthesizes one resource, the least any synth of the
 * default config can cost. All three run with the same runner, cdktf.json's `app` (node and the
 * TypeScript hook; no npx, no shell), interleaved run by run so a slow moment of the machine lands
 * on all of them, and each ratio is also taken run by run (median and range).
 * Exit codes: 0 every target met; 1 a target missed (default <= 1.5x floor, 10 clusters <= 1.5x
 * default, peak <= 600 MB, byte-identical output across runs); 2 bad flags.
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { formatProfileSummary, summarizeCpuProfile } from './bench/cpu-profile';
import { callgrindArgs, type InstructionCounts, readCallgrindCounts } from './bench/instructions';
import { flagsOrExitCode } from './cli';

const USAGE = `Usage: npm run bench -- [--runs N] [--cpu-prof DIR] [--instructions] [--help]

Synthesizes the floor (a cdktf app loading the provider bindings the default synth loads, with
one resource), the default config and a 10-cluster config with cdktf.json's app command, N times
each after one warm-up, interleaved, and checks the targets.

  --runs N        measured runs per app (default: $BENCH_RUNS, or 11)
  --cpu-prof DIR  afterwards, one more (untimed) run of each app with V8's --cpu-prof, writing
                  the profiles to DIR and printing where each spends its time
  --instructions  afterwards, one run of the floor and the default under callgrind (valgrind
                  on PATH; about a minute each): their instruction counts and ratio, which a
                  busy machine does not move
  --help          print this help`;

const ROOT = path.resolve(__dirname, '..');
const PEAK_RSS = path.join(__dirname, 'bench', 'peak-rss.js');

interface BenchArgs {
  readonly runs: number;
  readonly cpuProfDir?: string;
  readonly instructions: boolean;
  readonly help: boolean;
}

export function parseBenchArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): BenchArgs | { readonly error: string } {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { runs: { type: 'string' }, 'cpu-prof': { type: 'string' }, instructions: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { error: (error as Error).message };
  }
  const runs = values.runs ?? env.BENCH_RUNS ?? '11';
  if (!/^[1-9]\d*$/.test(runs)) return { error: `--runs (or BENCH_RUNS) needs a positive whole number, got "${runs}"` };
  return { runs: Number(runs), cpuProfDir: values['cpu-prof'], instructions: values.instructions ?? false, help: values.help ?? false };
}

/** cdktf.json's app as node arguments, without main.ts: the runner both apps share. */
export function runnerArgs(app: string): string[] {
  const words = app.trim().split(/\s+/);
  if (words[0] !== 'node' || words[words.length - 1] !== 'main.ts') {
    throw new Error(`bench: cdktf.json's app must be \`node <options> main.ts\`, so the floor runs with the same runner; got "${app}"`);
  }
  return words.slice(1, -1);
}

interface Case {
  readonly name: string;
  readonly entry: string;
  readonly env: Record<string, string>;
}

interface Measurement {
  readonly name: string;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** Wall times in run order, for ratios taken run by run. */
  readonly times: readonly number[];
  /** CPU time (user + system, all threads of the synth process) in run order: steadier than wall time on a loaded machine. */
  readonly cpuTimes: readonly number[];
  readonly peakMb: number;
  readonly identical: boolean;
}

function tenClusterConfig(work: string): string {
  const regions = ['us-central1', 'us-east1', 'europe-west4', 'asia-east1'];
  const clusters = Array.from({ length: 10 }, (_, i) => `  - { name: bench-${i + 1}, location: ${regions[i % regions.length]} }`).join('\n');
  const file = path.join(work, 'ten-clusters.yaml');
  fs.writeFileSync(
    file,
    `project: bench-project\nregion: us-central1\nclusters:\n${clusters}\nauthorizedNetworks:\n  - { cidr: 203.0.113.0/24, name: admin }\nasm:\n  mode: managed\n`,
  );
  return file;
}

function digest(dir: string): string {
  const hash = createHash('sha256');
  const walk = (current: string): void => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.tf.json')) hash.update(entry.name).update(fs.readFileSync(full));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

function synth(runner: readonly string[], app: Case, outdir: string, extraNodeArgs: readonly string[] = [], env: Record<string, string> = {}): void {
  const result = spawnSync(process.execPath, [...extraNodeArgs, ...runner, app.entry], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...app.env, ...env, CDKTF_OUTDIR: outdir },
  });
  if (result.status !== 0) throw new Error(`${app.name} failed:\n${result.stderr}`);
}

function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Run 0 of every app is a warm-up (file cache, the hook's transform cache, V8's code cache). */
function measure(runner: readonly string[], cases: readonly Case[], runs: number, work: string): Measurement[] {
  const times = cases.map((): number[] => []);
  const digests = cases.map(() => new Set<string>());
  const cpu = cases.map((): number[] => []);
  const peakKb = cases.map(() => 0);
  const rssFile = path.join(work, 'rss.txt');
  const cpuFile = path.join(work, 'cpu.txt');
  for (let run = 0; run <= runs; run++) {
    cases.forEach((app, index) => {
      const outdir = path.join(work, `${index}-${run}`);
      fs.rmSync(rssFile, { force: true });
      fs.rmSync(cpuFile, { force: true });
      const started = process.hrtime.bigint();
      synth(runner, app, outdir, [], { BENCH_RSS_FILE: rssFile, BENCH_CPU_FILE: cpuFile, NODE_OPTIONS: `--require ${PEAK_RSS}` });
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
      if (run === 0) return;
      times[index].push(elapsed);
      digests[index].add(digest(outdir));
      cpu[index].push(Number(fs.readFileSync(cpuFile, 'utf8')));
      peakKb[index] = Math.max(peakKb[index], ...fs.readFileSync(rssFile, 'utf8').trim().split('\n').map(Number));
      fs.rmSync(outdir, { recursive: true, force: true });
    });
  }
  return cases.map((app, index) => {
    const sorted = [...times[index]].sort((a, b) => a - b);
    return {
      name: app.name,
      medianMs: median(sorted),
      minMs: sorted[0],
      maxMs: sorted[sorted.length - 1],
      times: times[index],
      cpuTimes: cpu[index],
      peakMb: peakKb[index] / 1024,
      identical: digests[index].size === 1,
    };
  });
}

function profile(runner: readonly string[], cases: readonly Case[], dir: string, work: string): void {
  fs.mkdirSync(dir, { recursive: true });
  cases.forEach((app, index) => {
    const name = `${app.name.replace(/\W+/g, '-')}.cpuprofile`;
    synth(runner, app, path.join(work, `profile-${index}`), ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-name', name]);
    const summary = summarizeCpuProfile(JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')), ROOT);
    console.log(`\n${app.name} (${path.join(dir, name)}):\n${formatProfileSummary(summary, 12)}`);
  });
}

/** One run of each app under callgrind: its instruction counts. */
function countInstructions(runner: readonly string[], cases: readonly Case[], work: string): InstructionCounts[] {
  return cases.map((app, index) => {
    const outFile = path.join(work, `callgrind-${index}`, 'out');
    fs.mkdirSync(path.dirname(outFile), { recursive: true });
    const result = spawnSync('valgrind', [...callgrindArgs(outFile), process.execPath, ...runner, app.entry], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, ...app.env, CDKTF_OUTDIR: path.join(work, `callgrind-${index}`, 'cdktf.out') },
    });
    if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT')
      throw new Error('bench: --instructions needs valgrind on PATH (Debian: apt-get install valgrind)');
    if (result.error || result.status !== 0) throw new Error(`${app.name} under callgrind failed: ${result.error?.message ?? result.stderr}`);
    return readCallgrindCounts(outFile);
  });
}

/** Run-by-run ratios of `over` to `under` (interleaved runs): median, lowest and highest. */
export function pairedRatios(over: readonly number[], under: readonly number[]): { median: number; min: number; max: number } {
  if (over.length !== under.length || over.length === 0) throw new Error('bench: paired ratios need the same number of runs on both sides');
  const ratios = over.map((time, run) => time / under[run]).sort((x, y) => x - y);
  return { median: median(ratios), min: ratios[0], max: ratios[ratios.length - 1] };
}

/** The provider binding modules a synth of `app` loads (absolute paths), for the floor to load too. */
function bindingsLoadedBy(runner: readonly string[], app: Case, work: string): string[] {
  const file = path.join(work, 'bindings.json');
  synth(runner, app, path.join(work, 'bindings-out'), [], { BENCH_MODULES_FILE: file, NODE_OPTIONS: `--require ${PEAK_RSS}` });
  return JSON.parse(fs.readFileSync(file, 'utf8')) as string[];
}

function main(argv: readonly string[]): number {
  const args = flagsOrExitCode('bench', USAGE, parseBenchArgs(argv, process.env));
  if (typeof args === 'number') return args;
  const app: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdktf.json'), 'utf8')).app;
  const runner = runnerArgs(app);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-bench-'));
  try {
    const defaultCase: Case = { name: 'default config (2 clusters)', entry: 'main.ts', env: { MESH_CONFIG: path.join(ROOT, 'mesh.config.yaml') } };
    const bindings = bindingsLoadedBy(runner, defaultCase, work);
    const cases: Case[] = [
      {
        name: `floor (${bindings.length} binding modules, 1 resource)`,
        entry: 'scripts/bench/floor-app.ts',
        env: { BENCH_FLOOR_MODULES: JSON.stringify(bindings) },
      },
      defaultCase,
      { name: '10 clusters', entry: 'main.ts', env: { MESH_CONFIG: tenClusterConfig(work) } },
    ];
    const [floor, defaults, ten] = measure(runner, cases, args.runs, work);

    console.log(
      `runner: node ${runner.join(' ')} <app>   runs: ${args.runs} (+1 warm-up), interleaved   cpus: ${os.cpus().length}   load: ${os.loadavg()[0].toFixed(1)}   node: ${process.version}`,
    );
    console.log('| app | median ms | min ms | max ms | median CPU ms | peak MB | identical output |');
    console.log('|---|---:|---:|---:|---:|---:|---|');
    for (const r of [floor, defaults, ten]) {
      const cpuMedian = median([...r.cpuTimes].sort((x, y) => x - y));
      console.log(
        `| ${r.name} | ${r.medianMs.toFixed(0)} | ${r.minMs.toFixed(0)} | ${r.maxMs.toFixed(0)} | ${cpuMedian.toFixed(0)} | ${r.peakMb.toFixed(0)} | ${r.identical ? 'yes' : 'NO'} |`,
      );
    }

    let failed = false;
    const checks: [string, Measurement, Measurement, number][] = [
      ['default / floor', defaults, floor, 1.5],
      ['10 clusters / 2 clusters', ten, defaults, 1.5],
    ];
    for (const [label, over, under, limit] of checks) {
      const ratio = pairedRatios(over.times, under.times);
      const cpuRatio = pairedRatios(over.cpuTimes, under.cpuTimes);
      const ok = ratio.median <= limit;
      failed ||= !ok;
      console.log(
        `${label}: ${ratio.median.toFixed(2)}x wall, run by run ${ratio.min.toFixed(2)}-${ratio.max.toFixed(2)}x (target <= ${limit}x) ${ok ? 'ok' : 'MISSED'}; ` +
          `CPU time ${cpuRatio.median.toFixed(2)}x (${cpuRatio.min.toFixed(2)}-${cpuRatio.max.toFixed(2)}x)`,
      );
    }
    const peak = Math.max(floor.peakMb, defaults.peakMb, ten.peakMb);
    console.log(`peak memory: ${peak.toFixed(0)} MB (target <= 600 MB) ${peak <= 600 ? 'ok' : 'MISSED'}`);
    const identical = [floor, defaults, ten].every((r) => r.identical);
    console.log(`identical output across runs: ${identical ? 'ok' : 'MISSED'}`);
    failed ||= peak > 600 || !identical;

    if (args.instructions) {
      const [under, over] = countInstructions(runner, cases.slice(0, 2), work);
      const millions = (count: number) => `${Math.round(count / 1e6).toLocaleString('en-US')} M`;
      console.log(
        `instructions (callgrind, one run each): floor ${millions(under.mainThread)} main thread, ${millions(under.allThreads)} all threads; ` +
          `default ${millions(over.mainThread)}, ${millions(over.allThreads)}; default / floor ${(over.mainThread / under.mainThread).toFixed(2)}x main thread, ` +
          `${(over.allThreads / under.allThreads).toFixed(2)}x all threads`,
      );
    }
    if (args.cpuProfDir) profile(runner, cases, path.resolve(args.cpuProfDir), work);
    return failed ? 1 : 0;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
