/**
 * `npm run bench`: synth wall time and peak memory of the app, for the default config and a
 * 10-cluster config, next to a one-resource cdktf app run with the same runner (cdktf.json's `app`).
 * Exits non-zero when a target is missed: default <= 2x floor, 10 clusters <= 1.5x default,
 * peak < 600 MB, and byte-identical output across runs.
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const appCommand: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdktf.json'), 'utf8')).app;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-bench-'));

interface Measurement {
  readonly name: string;
  readonly medianMs: number;
  readonly minMs: number;
  readonly peakMb: number;
  readonly identical: boolean;
}

function tenClusterConfig(): string {
  const regions = ['us-central1', 'us-east1', 'europe-west4', 'asia-east1'];
  const clusters = Array.from({ length: 10 }, (_, i) => `  - { name: bench-${i + 1}, location: ${regions[i % regions.length]} }`).join('\n');
  const file = path.join(work, 'ten-clusters.yaml');
  fs.writeFileSync(file, `project: bench-project\nregion: us-central1\nclusters:\n${clusters}\nauthorizedNetworks:\n  - { cidr: 203.0.113.0/24, name: admin }\n`);
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

function measure(name: string, command: string, env: Record<string, string> = {}): Measurement {
  const times: number[] = [];
  const digests = new Set<string>();
  let peakKb = 0;
  for (let run = 0; run <= RUNS; run++) {
    const outdir = path.join(work, `${name.replace(/\W+/g, '-')}-${run}`);
    const rssFile = path.join(work, 'rss.txt');
    fs.rmSync(rssFile, { force: true });
    const started = process.hrtime.bigint();
    const result = spawnSync(command, {
      cwd: ROOT,
      shell: true,
      encoding: 'utf8',
      env: { ...process.env, ...env, CDKTF_OUTDIR: outdir, BENCH_RSS_FILE: rssFile, NODE_OPTIONS: `--require ${path.join(__dirname, 'bench', 'peak-rss.js')}` },
    });
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== 0) throw new Error(`${name} failed:\n${result.stderr}`);
    if (run === 0) continue; // warm-up: file cache, npx resolution
    times.push(elapsed);
    digests.add(digest(outdir));
    peakKb = Math.max(peakKb, ...fs.readFileSync(rssFile, 'utf8').trim().split('\n').map(Number));
  }
  times.sort((a, b) => a - b);
  return { name, medianMs: times[Math.floor(times.length / 2)], minMs: times[0], peakMb: peakKb / 1024, identical: digests.size === 1 };
}

const floorCommand = appCommand.replace(/main\.ts$/, 'scripts/bench/floor-app.ts');
// The same runner without npx's own startup, for transparency: both figures are printed.
const bareNode = (command: string) => command.replace(/^npx --no-install /, '');
const results = [
  measure('floor (1 resource)', floorCommand),
  measure('default config', appCommand, { MESH_CONFIG: path.join(ROOT, 'mesh.config.yaml') }),
  measure('10 clusters', appCommand, { MESH_CONFIG: tenClusterConfig() }),
];
const [floor, defaults, ten] = results;
const bare = [measure('floor, without npx', bareNode(floorCommand)), measure('default, without npx', bareNode(appCommand), { MESH_CONFIG: path.join(ROOT, 'mesh.config.yaml') })];

console.log(`runner: ${appCommand}   runs: ${RUNS} (+1 warm-up)   cpus: ${os.cpus().length}`);
console.log('| app | median ms | min ms | peak MB | identical output |');
console.log('|---|---:|---:|---:|---|');
for (const r of [...results, ...bare]) console.log(`| ${r.name} | ${r.medianMs.toFixed(0)} | ${r.minMs.toFixed(0)} | ${r.peakMb.toFixed(0)} | ${r.identical ? 'yes' : 'NO'} |`);

const checks: [string, number, number][] = [
  ['default / floor', defaults.medianMs / floor.medianMs, 2],
  ['10 clusters / default', ten.medianMs / defaults.medianMs, 1.5],
];
console.log(`for reference, without npx's startup: default / floor ${(bare[1].medianMs / bare[0].medianMs).toFixed(2)}x`);
let failed = false;
for (const [label, ratio, limit] of checks) {
  const ok = ratio <= limit;
  failed ||= !ok;
  console.log(`${label}: ${ratio.toFixed(2)}x (target <= ${limit}x) ${ok ? 'ok' : 'MISSED'}`);
}
const peak = Math.max(...results.map((r) => r.peakMb));
console.log(`peak memory: ${peak.toFixed(0)} MB (target < 600 MB) ${peak < 600 ? 'ok' : 'MISSED'}`);
failed ||= peak >= 600 || results.some((r) => !r.identical);
fs.rmSync(work, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
