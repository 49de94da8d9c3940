import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { HELLOWORLD_PORT as SAMPLE_PORT } from '../../../lib/helloworld-sample';
import {
  CallResult,
  contextName,
  expectedVersions,
  HELLOWORLD_PORT,
  missingContexts,
  parseHelloworld,
  parseVerifyArgs,
  shellQuote,
  verdict,
  VerifyError,
  verifyPlan,
} from '../../../src/tools/verify';
import { config, REPO_ROOT, TWO_CLUSTERS } from '../../helpers';

const THREE_CLUSTERS = TWO_CLUSTERS.replace('  - name: beta\n', '  - name: beta\n  - name: gamma\n    location: us-east1-b\n');

/** The call the Istio docs make, for one context, in namespace `sample`. */
function call(context: string): string[] {
  return ['kubectl', 'exec', `--context=${context}`, '-n', 'sample', '-c', 'sleep', 'deploy/sleep', '--', 'curl', '-sS', 'helloworld.sample:5000/hello'];
}

const answer = (version: string, pod = 'abc12'): CallResult => ({ ok: true, stdout: `Hello version: ${version}, instance: helloworld-${version}-776f57d5f6-${pod}\n` });
const failure = (error: string): CallResult => ({ ok: false, error });
const times = <T>(count: number, item: T): T[] => Array.from({ length: count }, () => item);

describe('contextName', () => {
  it('is the context get-credentials writes: gke_<project>_<location>_<name>', () => {
    expect(contextName('my-mesh-project', { name: 'asm-cluster-1', location: 'us-central1' })).toBe('gke_my-mesh-project_us-central1_asm-cluster-1');
    expect(contextName('p-1', { name: 'c', location: 'europe-west1-b' })).toBe('gke_p-1_europe-west1-b_c');
  });
});

describe('verifyPlan', () => {
  it('calls helloworld 10 × 2 times from each of two clusters, with the exact argv', () => {
    const plan = verifyPlan(config(TWO_CLUSTERS));
    expect(plan.map(({ cluster, context, localVersion }) => ({ cluster, context, localVersion }))).toEqual([
      { cluster: 'alpha', context: 'gke_test-project_us-central1_alpha', localVersion: 'v1' },
      { cluster: 'beta', context: 'gke_test-project_us-central1_beta', localVersion: 'v2' },
    ]);
    expect(plan[0].commands).toEqual(times(20, call('gke_test-project_us-central1_alpha')));
    expect(plan[1].commands).toEqual(times(20, call('gke_test-project_us-central1_beta')));
  });

  it('defaults to 10 × 3 calls with three clusters; the third runs v1 again and keeps its zone in the context', () => {
    const plan = verifyPlan(config(THREE_CLUSTERS));
    expect(plan.map((check) => [check.cluster, check.localVersion, check.commands.length])).toEqual([
      ['alpha', 'v1', 30],
      ['beta', 'v2', 30],
      ['gamma', 'v1', 30],
    ]);
    expect(plan[2].commands[29]).toEqual(call('gke_test-project_us-east1-b_gamma'));
  });

  it('takes the number of calls, and rejects one that is not a positive whole number', () => {
    const plan = verifyPlan(config(TWO_CLUSTERS), { calls: 3 });
    expect(plan.map((check) => check.commands.length)).toEqual([3, 3]);
    expect(() => verifyPlan(config(TWO_CLUSTERS), { calls: 0 })).toThrow('calls must be a positive whole number, got 0');
    expect(() => verifyPlan(config(TWO_CLUSTERS), { calls: 1.5 })).toThrow(VerifyError);
  });

  it('calls the sample in its configured namespace', () => {
    const plan = verifyPlan(config(`${TWO_CLUSTERS}sample: { namespace: demo }\n`), { calls: 1 });
    expect(plan[0].commands[0]).toEqual([
      'kubectl', 'exec', '--context=gke_test-project_us-central1_alpha', '-n', 'demo', '-c', 'sleep', 'deploy/sleep', '--', 'curl', '-sS', 'helloworld.demo:5000/hello',
    ]);
  });

  it('refuses a config whose sample is not deployed', () => {
    expect(() => verifyPlan(config(`${TWO_CLUSTERS}sample: { enabled: false }\n`))).toThrow('sample.enabled is false');
  });

  it('uses the port the sample deploys', () => {
    expect(HELLOWORLD_PORT).toBe(SAMPLE_PORT);
  });
});

describe('missingContexts', () => {
  it('names the plan contexts kubectl does not have', () => {
    const plan = verifyPlan(config(TWO_CLUSTERS), { calls: 1 });
    expect(missingContexts(plan, ['gke_test-project_us-central1_beta', 'minikube'])).toEqual(['gke_test-project_us-central1_alpha']);
    expect(missingContexts(plan, ['gke_test-project_us-central1_alpha', 'gke_test-project_us-central1_beta'])).toEqual([]);
  });
});

describe('parseHelloworld', () => {
  it('reads the version and instance, ignoring trailing whitespace and CRLF', () => {
    const expected = { version: 'v1', instance: 'helloworld-v1-776f57d5f6-s7zfc' };
    expect(parseHelloworld('Hello version: v1, instance: helloworld-v1-776f57d5f6-s7zfc')).toEqual(expected);
    expect(parseHelloworld('Hello version: v1, instance: helloworld-v1-776f57d5f6-s7zfc\n')).toEqual(expected);
    expect(parseHelloworld('Hello version: v1, instance: helloworld-v1-776f57d5f6-s7zfc \r\n')).toEqual(expected);
    expect(parseHelloworld('Hello version: v2, instance: helloworld-v2-7d9f8c6b4-xk2lp\n')).toEqual({ version: 'v2', instance: 'helloworld-v2-7d9f8c6b4-xk2lp' });
  });

  it.each([
    ['empty', ''],
    ['blank', ' \n'],
    ['an Envoy reset', 'upstream connect error or disconnect/reset before headers. reset reason: connection failure'],
    ['no endpoints', 'no healthy upstream'],
    ['HTML', '<html><body>Hello version: v1, instance: x</body></html>'],
    ['two answers', 'Hello version: v1, instance: a\nHello version: v2, instance: b\n'],
    ['a leading prefix', 'x Hello version: v1, instance: a'],
    ['no instance', 'Hello version: v1, instance: '],
    ['a version without v', 'Hello version: 1, instance: a'],
  ])('returns undefined for %s', (_name, output) => {
    expect(parseHelloworld(output)).toBeUndefined();
  });
});

describe('expectedVersions', () => {
  it('is v1 and v2 for two clusters and for three (round-robin)', () => {
    expect(expectedVersions(config(TWO_CLUSTERS))).toEqual(['v1', 'v2']);
    expect(expectedVersions(config(THREE_CLUSTERS))).toEqual(['v1', 'v2']);
  });

  it('is only v1 for a single cluster', () => {
    expect(expectedVersions({ clusters: [{ name: 'solo' }] as never })).toEqual(['v1']);
  });
});

describe('verdict', () => {
  const both = ['v1', 'v2'];

  it('passes when every cluster reaches both versions', () => {
    const result = verdict(
      [
        { cluster: 'alpha', results: [...times(3, answer('v1')), ...times(2, answer('v2'))] },
        { cluster: 'beta', results: [...times(1, answer('v1')), ...times(4, answer('v2'))] },
      ],
      both,
    );
    expect(result.passed).toBe(true);
    expect(result.clusters.map(({ cluster, calls, byVersion, errors, missing, passed }) => ({ cluster, calls, byVersion, errors, missing, passed }))).toEqual([
      { cluster: 'alpha', calls: 5, byVersion: { v1: 3, v2: 2 }, errors: 0, missing: [], passed: true },
      { cluster: 'beta', calls: 5, byVersion: { v1: 1, v2: 4 }, errors: 0, missing: [], passed: true },
    ]);
    expect(result.report).toBe(
      [
        'cluster  calls  v1  v2  errors  verdict',
        'alpha        5   3   2       0  pass',
        'beta         5   1   4       0  pass',
        'PASS: every cluster reached v1 and v2: calls cross clusters.',
      ].join('\n'),
    );
  });

  it('fails, naming the cluster, when one cluster only hears its own version', () => {
    const result = verdict(
      [
        { cluster: 'alpha', results: [answer('v1'), answer('v2')] },
        { cluster: 'beta', results: times(4, answer('v2')) },
      ],
      both,
    );
    expect(result.passed).toBe(false);
    expect(result.clusters.map((cluster) => [cluster.cluster, cluster.passed, cluster.missing])).toEqual([
      ['alpha', true, []],
      ['beta', false, ['v1']],
    ]);
    expect(result.report).toContain('beta         4   0   4       0  FAIL: never reached v1');
    expect(result.report.split('\n').pop()).toBe('FAIL: 1 of 2 clusters did not reach every version (v1, v2): beta.');
  });

  it('fails when every call errors, and reports the errors', () => {
    const result = verdict(
      [
        { cluster: 'alpha', results: [...times(2, failure('error: unable to upgrade connection: container not found ("sleep")')), failure('')] },
        { cluster: 'beta', results: times(3, { ok: true, stdout: 'no healthy upstream' }) },
      ],
      both,
    );
    expect(result.passed).toBe(false);
    expect(result.clusters.map((cluster) => [cluster.errors, cluster.missing, cluster.passed])).toEqual([
      [3, ['v1', 'v2'], false],
      [3, ['v1', 'v2'], false],
    ]);
    expect(result.clusters[0].errorSamples).toEqual([
      { message: 'error: unable to upgrade connection: container not found ("sleep")', count: 2 },
      { message: '', count: 1 },
    ]);
    expect(result.report).toContain('alpha: 3 of 3 calls failed:\n  2× error: unable to upgrade connection: container not found ("sleep")');
    expect(result.report).toContain('beta: 3 of 3 calls failed:\n  3× unexpected answer: no healthy upstream');
    expect(result.report.split('\n').pop()).toBe('FAIL: 2 of 2 clusters did not reach every version (v1, v2): alpha, beta.');
  });

  it('passes with some errors when both versions answered, and still reports the errors', () => {
    const reset = 'upstream connect error or disconnect/reset before headers. reset reason: connection failure';
    const result = verdict(
      [
        { cluster: 'alpha', results: [answer('v1'), { ok: true, stdout: `${reset}\r\n` }, answer('v2')] },
        { cluster: 'beta', results: [failure('command terminated with exit code 7\n'), answer('v2'), answer('v1'), { ok: true, stdout: '' }] },
      ],
      both,
    );
    expect(result.passed).toBe(true);
    expect(result.clusters.map((cluster) => [cluster.calls, cluster.errors, cluster.byVersion])).toEqual([
      [3, 1, { v1: 1, v2: 1 }],
      [4, 2, { v1: 1, v2: 1 }],
    ]);
    expect(result.report).toBe(
      [
        'cluster  calls  v1  v2  errors  verdict',
        'alpha        3   1   1       1  pass',
        'beta         4   1   1       2  pass',
        'alpha: 1 of 3 calls failed:',
        `  1× unexpected answer: ${reset}`,
        'beta: 2 of 4 calls failed:',
        '  1× command terminated with exit code 7',
        '  1× empty answer',
        'PASS: every cluster reached v1 and v2: calls cross clusters.',
      ].join('\n'),
    );
  });

  it('shows a version nobody expected in its own column without failing on it', () => {
    const result = verdict([{ cluster: 'alpha', results: [answer('v1'), answer('v2'), answer('v3')] }], both);
    expect(result.passed).toBe(true);
    expect(result.report.split('\n').slice(0, 2)).toEqual(['cluster  calls  v1  v2  v3  errors  verdict', 'alpha        3   1   1   1       0  pass']);
  });

  it('fails with no clusters at all', () => {
    expect(verdict([], both).passed).toBe(false);
  });
});

describe('parseVerifyArgs', () => {
  it('reads --dry-run, --help and --calls in both spellings', () => {
    expect(parseVerifyArgs([])).toEqual({ dryRun: false, help: false, calls: undefined });
    expect(parseVerifyArgs(['--dry-run', '--calls', '7'])).toEqual({ dryRun: true, help: false, calls: 7 });
    expect(parseVerifyArgs(['--calls=12', '--help'])).toEqual({ dryRun: false, help: true, calls: 12 });
  });

  it('names the bad flag or value', () => {
    expect(parseVerifyArgs(['--dryrun'])).toEqual({ error: 'unknown flag "--dryrun"' });
    expect(parseVerifyArgs(['extra'])).toEqual({ error: 'unexpected argument "extra"' });
    expect(parseVerifyArgs(['--calls'])).toEqual({ error: '--calls needs a value (a positive whole number)' });
    expect(parseVerifyArgs(['--calls', '0'])).toEqual({ error: '--calls needs a positive whole number, got "0"' });
    expect(parseVerifyArgs(['--calls=ten'])).toEqual({ error: '--calls needs a positive whole number, got "ten"' });
    expect(parseVerifyArgs(['--calls='])).toEqual({ error: '--calls needs a positive whole number, got ""' });
    expect(parseVerifyArgs(['--dry-run=yes'])).toEqual({ error: 'unknown flag "--dry-run=yes"' });
    expect(parseVerifyArgs(['--cals', '3'])).toEqual({ error: 'unknown flag "--cals"' });
    expect(parseVerifyArgs(['-x'])).toEqual({ error: 'unknown flag "-x"' });
  });

  it('reads -h, the value after --calls even when it looks like a flag, and the last --calls', () => {
    expect(parseVerifyArgs(['-h'])).toEqual({ dryRun: false, help: true, calls: undefined });
    expect(parseVerifyArgs(['--calls', '-1'])).toEqual({ error: '--calls needs a positive whole number, got "-1"' });
    expect(parseVerifyArgs(['--calls', '--dry-run'])).toEqual({ error: '--calls needs a positive whole number, got "--dry-run"' });
    expect(parseVerifyArgs(['--calls', '3', '--calls=4'])).toEqual({ dryRun: false, help: false, calls: 4 });
    expect(parseVerifyArgs(['--', 'extra'])).toEqual({ error: 'unexpected argument "extra"' });
  });
});

describe('shellQuote', () => {
  it('leaves plain words alone and single-quotes the rest', () => {
    expect(shellQuote(call('gke_p_us-central1_c'))).toBe('kubectl exec --context=gke_p_us-central1_c -n sample -c sleep deploy/sleep -- curl -sS helloworld.sample:5000/hello');
    expect(shellQuote(['echo', 'a b', "it's", ''])).toBe(`echo 'a b' 'it'\\''s' ''`);
  });
});

describe('scripts/verify.ts', () => {
  const DEFAULT_CONTEXTS = ['gke_my-mesh-project_us-central1_asm-cluster-1', 'gke_my-mesh-project_us-central1_asm-cluster-2'];
  const DEFAULT_LINES = DEFAULT_CONTEXTS.map((context) => shellQuote(call(context)));

  function runCli(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
    const { MESH_CONFIG: _unset, ...inherited } = process.env;
    const result = spawnSync(process.execPath, ['--require', './scripts/ts-register.js', 'scripts/verify.ts', ...args], {
      cwd: REPO_ROOT,
      env: { ...inherited, ...env },
      encoding: 'utf8',
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /**
   * A kubectl that knows the default config's contexts and answers every exec like helloworld:
   * alternating v1 and v2, or (FAKE_LOCAL_ONLY) only the calling cluster's own version.
   * It logs each argv, so the test sees exactly what the CLI ran.
   */
  function fakeKubectl(): { dir: string; log: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-kubectl-'));
    const log = path.join(dir, 'calls.log');
    fs.writeFileSync(
      path.join(dir, 'kubectl'),
      `#!/bin/sh
echo "$*" >> "${log}"
if [ "$1" = config ]; then printf '%s\\n' ${DEFAULT_CONTEXTS.join(' ')} minikube; exit 0; fi
n=$(wc -l < "${log}")
version=v$((n % 2 + 1))
if [ -n "$FAKE_LOCAL_ONLY" ]; then case "$2" in *asm-cluster-1) version=v1 ;; *) version=v2 ;; esac; fi
printf 'Hello version: %s, instance: helloworld-%s-776f57d5f6-s7zfc\\n' "$version" "$version"
`,
      { mode: 0o755 },
    );
    return { dir, log };
  }

  it('--dry-run prints the default config’s 20 calls per cluster, one per line, and runs nothing', () => {
    const run = runCli(['--dry-run'], { PATH: fs.mkdtempSync(path.join(os.tmpdir(), 'verify-empty-path-')) });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe([...Array(20).fill(DEFAULT_LINES[0]), ...Array(20).fill(DEFAULT_LINES[1])].join('\n') + '\n');
  });

  it('--dry-run --calls 2 prints two calls per cluster', () => {
    const run = runCli(['--dry-run', '--calls', '2']);
    expect(run.status).toBe(0);
    expect(run.stdout.trimEnd().split('\n')).toEqual([DEFAULT_LINES[0], DEFAULT_LINES[0], DEFAULT_LINES[1], DEFAULT_LINES[1]]);
  });

  it('exits 2 on a bad flag, naming it', () => {
    const run = runCli(['--dry-run', '--cals', '3']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('verify: unknown flag "--cals"');
  });

  it('exits 2 on a bad --calls value', () => {
    const run = runCli(['--calls', '-1']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--calls needs a positive whole number, got "-1"');
  });

  it('--help exits 0 with the usage', () => {
    const run = runCli(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: npm run verify -- [--dry-run] [--calls K] [--help]');
  });

  it('prints the config error and exits 1', () => {
    const run = runCli(['--dry-run'], { MESH_CONFIG: path.join(os.tmpdir(), 'verify-no-such-config.yaml') });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/verify-no-such-config\.yaml: 1 problem.*\n {2}- cannot read the file/);
  });

  it('exits 1 when the sample is disabled', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'verify-config-')), 'mesh.yaml');
    fs.writeFileSync(file, `${TWO_CLUSTERS}sample: { enabled: false }\n`);
    const run = runCli(['--dry-run'], { MESH_CONFIG: file });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('sample.enabled is false');
  });

  it('says kubectl is missing (ENOENT) and exits 1', () => {
    const run = runCli([], { PATH: fs.mkdtempSync(path.join(os.tmpdir(), 'verify-empty-path-')) });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('kubectl was not found on PATH (ENOENT)');
  });

  it('lists the get-credentials commands for contexts kubectl lacks, and exits 1', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'verify-config-')), 'mesh.yaml');
    fs.writeFileSync(file, TWO_CLUSTERS.replace('  - name: beta\n', '  - name: beta\n    privateEndpoint: true\n'));
    const kubectl = fakeKubectl();
    const run = runCli([], { MESH_CONFIG: file, PATH: `${kubectl.dir}:${process.env.PATH}` });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      [
        'verify: no kubectl context gke_test-project_us-central1_alpha, gke_test-project_us-central1_beta. Run:',
        '  gcloud container clusters get-credentials alpha --location us-central1 --project test-project',
        '  gcloud container clusters get-credentials beta --location us-central1 --project test-project --internal-ip',
        '',
      ].join('\n'),
    );
  });

  it('runs each call without a shell and passes when both clusters reach both versions', () => {
    const kubectl = fakeKubectl();
    const run = runCli(['--calls', '4'], { PATH: `${kubectl.dir}:${process.env.PATH}` });
    expect(run.stderr).toContain('asm-cluster-1 (runs v1): 4 calls through gke_my-mesh-project_us-central1_asm-cluster-1\n  answered: v1, v2');
    expect(run.stdout).toBe(
      [
        'cluster        calls  v1  v2  errors  verdict',
        'asm-cluster-1      4   2   2       0  pass',
        'asm-cluster-2      4   2   2       0  pass',
        'PASS: every cluster reached v1 and v2: calls cross clusters.',
        '',
      ].join('\n'),
    );
    expect(run.status).toBe(0);
    const logged = fs.readFileSync(kubectl.log, 'utf8').trimEnd().split('\n');
    expect(logged).toEqual(['config get-contexts -o name', ...Array(4).fill(call(DEFAULT_CONTEXTS[0]).slice(1).join(' ')), ...Array(4).fill(call(DEFAULT_CONTEXTS[1]).slice(1).join(' '))]);
  });

  it('exits 1 when each cluster only hears its own version', () => {
    const kubectl = fakeKubectl();
    const run = runCli(['--calls', '3'], { PATH: `${kubectl.dir}:${process.env.PATH}`, FAKE_LOCAL_ONLY: '1' });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('asm-cluster-1      3   3   0       0  FAIL: never reached v2');
    expect(run.stdout).toContain('FAIL: 2 of 2 clusters did not reach every version (v1, v2): asm-cluster-1, asm-cluster-2.');
  });
});
