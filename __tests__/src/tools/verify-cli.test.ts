import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { format } from 'util';
import { main } from '../../../scripts/verify';
import { proxyRevisionsCall } from '../../../src/tools/proxy-revisions';
import { shellQuote } from '../../../src/tools/verify';
import { DEFAULT_FIXTURE, REPO_ROOT, TWO_CLUSTERS } from '../../helpers';
import { call } from './verify-fixture';

describe('scripts/verify.ts', () => {
  const DEFAULT_CONTEXTS = ['gke_my-mesh-project_us-central1_asm-cluster-1', 'gke_my-mesh-project_us-central1_asm-cluster-2'];
  const DEFAULT_LINES = DEFAULT_CONTEXTS.map((context) => shellQuote(call(context)));

  /** `npm run verify` as a process: for what only a process shows (its exit code, its PATH, its streams). */
  function runCli(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
    // The shipped default through the tests' copy: mesh.config.yaml is the user's.
    const result = spawnSync(process.execPath, ['--require', './scripts/ts-register.js', 'scripts/verify.ts', ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, MESH_CONFIG: DEFAULT_FIXTURE, ...env },
      encoding: 'utf8',
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** The same main in-process (a process costs about a second here), with what it prints to each stream. */
  function runMain(args: string[], env: Record<string, string> = {}): { status: number; stdout: string; stderr: string } {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void stdout.push(`${format(...parts)}\n`));
    const error = jest.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void stderr.push(`${format(...parts)}\n`));
    try {
      const status = main(args, { ...process.env, MESH_CONFIG: DEFAULT_FIXTURE, ...env });
      return { status, stdout: stdout.join(''), stderr: stderr.join('') };
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  }

  /**
   * A kubectl that knows the default config's contexts and answers every exec like helloworld:
   * alternating v1 and v2, or (FAKE_LOCAL_ONLY) only the calling cluster's own version.
   * It logs each argv, so the test sees exactly what the CLI ran. `get pods` prints a pod list
   * (kubectl -o json) of FAKE_POD_REVISIONS, `;`-separated `namespace/name revision`, each pod
   * annotated as Istio's injector annotates it (injection-template.yaml), and an istiod pod.
   */
  function fakeKubectl(): { dir: string; log: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-kubectl-'));
    const log = path.join(dir, 'calls.log');
    fs.writeFileSync(
      path.join(dir, 'kubectl'),
      `#!/bin/sh
printf '%s\\n' "$*" >> "${log}"
if [ "$1" = config ]; then printf '%s\\n' ${DEFAULT_CONTEXTS.join(' ')} minikube; exit 0; fi
if [ "$2" = get ]; then
  printf '{"kind":"List","items":[{"metadata":{"namespace":"istio-system","name":"istiod-asm-127-x","labels":{"istio.io/rev":"asm-127"}}}'
  printf '%s\\n' "$FAKE_POD_REVISIONS" | tr ';' '\\n' | while read -r pod rev; do
    [ -n "$pod" ] && printf ',{"metadata":{"namespace":"%s","name":"%s","annotations":{"istio.io/rev":"%s","sidecar.istio.io/status":"{\\"revision\\":\\"%s\\"}"}}}' "\${pod%%/*}" "\${pod#*/}" "$rev" "$rev"
  done
  printf ']}\\n'; exit 0
fi
n=$(wc -l < "${log}")
version=v$((n % 2 + 1))
if [ -n "$FAKE_LOCAL_ONLY" ]; then case "$2" in *asm-cluster-1) version=v1 ;; *) version=v2 ;; esac; fi
printf 'Hello version: %s, instance: helloworld-%s-776f57d5f6-s7zfc\\n' "$version" "$version"
`,
      { mode: 0o755 },
    );
    return { dir, log };
  }

  it('--dry-run prints the default config’s 20 calls per cluster as one loop line per cluster, and runs nothing', () => {
    const run = runCli(['--dry-run'], { PATH: fs.mkdtempSync(path.join(os.tmpdir(), 'verify-empty-path-')) });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(DEFAULT_LINES.map((line) => `for i in $(seq 20); do ${line}; done\n`).join(''));
  });

  it('--dry-run --calls 2 loops twice per cluster, and --calls 1 prints the bare call', () => {
    expect(runMain(['--dry-run', '--calls', '2']).stdout.trimEnd().split('\n')).toEqual(DEFAULT_LINES.map((line) => `for i in $(seq 2); do ${line}; done`));
    const once = runMain(['--dry-run', '--calls', '1']);
    expect(once.status).toBe(0);
    expect(once.stdout.trimEnd().split('\n')).toEqual(DEFAULT_LINES);
  });

  it('--dry-run prints lines bash runs: the loop makes the calls it says', () => {
    const kubectl = fakeKubectl();
    const [line] = runMain(['--dry-run', '--calls', '3']).stdout.split('\n');
    const result = spawnSync('bash', ['-euo', 'pipefail', '-c', line], {
      env: { ...process.env, PATH: `${kubectl.dir}:${process.env.PATH}` },
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(result.stdout.match(/^Hello version: v\d/gm)).toHaveLength(3);
    expect(fs.readFileSync(kubectl.log, 'utf8').trimEnd().split('\n')).toEqual(Array(3).fill(call(DEFAULT_CONTEXTS[0]).slice(1).join(' ')));
  });

  it('exits 2 on a bad flag, naming it', () => {
    const run = runCli(['--dry-run', '--cals', '3']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('verify: unknown flag "--cals"');
  });

  it('exits 2 on a bad --calls value', () => {
    const run = runMain(['--calls', '-1']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--calls needs a positive whole number, got "-1"');
  });

  it('--help exits 0 with the usage', () => {
    const run = runMain(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: npm run verify -- [--dry-run] [--calls K] [--help]');
  });

  it('prints the config error and exits 1', () => {
    const run = runMain(['--dry-run'], { MESH_CONFIG: path.join(os.tmpdir(), 'verify-no-such-config.yaml') });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/verify-no-such-config\.yaml: 1 problem.*\n {2}- cannot read the file/);
  });

  it('exits 1 when the sample is disabled', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'verify-config-')), 'mesh.yaml');
    fs.writeFileSync(file, `${TWO_CLUSTERS}asm: { mode: in-cluster }\nsample: { enabled: false }\n`);
    const run = runMain(['--dry-run'], { MESH_CONFIG: file });
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
    fs.writeFileSync(file, `${TWO_CLUSTERS.replace('  - name: beta\n', '  - name: beta\n    privateEndpoint: true\n')}asm: { mode: in-cluster }\n`);
    const kubectl = fakeKubectl();
    const run = runMain([], { MESH_CONFIG: file, PATH: `${kubectl.dir}:${process.env.PATH}` });
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
    const run = runMain(['--calls', '4'], { PATH: `${kubectl.dir}:${process.env.PATH}` });
    expect(run.stderr).toContain('asm-cluster-1 (runs v1): 4 calls through gke_my-mesh-project_us-central1_asm-cluster-1\n  answered: v1, v2');
    expect(run.stdout).toBe(
      [
        'cluster        calls  v1  v2  errors  verdict',
        'asm-cluster-1      4   2   2       0  pass',
        'asm-cluster-2      4   2   2       0  pass',
        'PASS: every cluster reached v1 and v2: calls cross clusters.',
        'asm-cluster-1: every sidecar runs asm-128',
        'asm-cluster-2: every sidecar runs asm-128',
        '',
      ].join('\n'),
    );
    expect(run.status).toBe(0);
    const logged = fs.readFileSync(kubectl.log, 'utf8').trimEnd().split('\n');
    expect(logged).toEqual([
      'config get-contexts -o name',
      ...Array(4).fill(call(DEFAULT_CONTEXTS[0]).slice(1).join(' ')),
      ...Array(4).fill(call(DEFAULT_CONTEXTS[1]).slice(1).join(' ')),
      ...DEFAULT_CONTEXTS.map((context) => proxyRevisionsCall(context).slice(1).join(' ')),
    ]);
  });

  it('exits 1 and names every pod whose proxy still runs another revision', () => {
    const kubectl = fakeKubectl();
    const run = runMain(['--calls', '2'], {
      PATH: `${kubectl.dir}:${process.env.PATH}`,
      FAKE_POD_REVISIONS: 'sample/helloworld-v1-a asm-127;sample/sleep-b asm-128',
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('PASS: every cluster reached v1 and v2');
    expect(run.stdout).toContain('asm-cluster-1: 1 pod(s) whose proxy runs another revision than asm-128:\n  sample/helloworld-v1-a runs asm-127\n');
    expect(run.stdout).not.toContain('sleep-b runs');
  });

  it('exits 1 when each cluster only hears its own version', () => {
    const kubectl = fakeKubectl();
    const run = runMain(['--calls', '3'], { PATH: `${kubectl.dir}:${process.env.PATH}`, FAKE_LOCAL_ONLY: '1' });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('asm-cluster-1      3   3   0       0  FAIL: never reached v2');
    expect(run.stdout).toContain('FAIL: 2 of 2 clusters did not reach every version (v1, v2): asm-cluster-1, asm-cluster-2.');
  });
});
