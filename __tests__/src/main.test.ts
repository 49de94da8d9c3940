import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEFAULT_FIXTURE, REPO_ROOT } from '../support/repo-paths';

/** Runs the app as `cdktf synth` does, with its own output folder. */
function runApp(
  env: Record<string, string>,
  outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-synth-')), 'out'),
): { status: number | null; stderr: string; outdir: string } {
  const result = spawnSync(process.execPath, ['--require', './scripts/ts-register.js', 'main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, CDKTF_OUTDIR: outdir, ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stderr: result.stderr, outdir };
}

describe('main.ts', () => {
  it('exits non-zero on a bad config, names every field, and writes nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-bad-'));
    const file = path.join(dir, 'bad.yaml');
    fs.writeFileSync(
      file,
      'project: Bad\nregion: us-central1\nasm: { mode: managed }\nclusters:\n  - { name: a1, podCidr: 10.64.0.0/14 }\n  - { name: b1, podCidr: 10.64.0.0/14 }\n',
    );
    const run = runApp({ MESH_CONFIG: file });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('bad.yaml: 2 problems:\n');
    expect(run.stderr).toMatch(/\nNothing was synthesized\.\n$/);
    expect(run.stderr).toContain(
      '- project: must be a GCP project ID (6-30 lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen), got "Bad"',
    );
    expect(run.stderr).toContain('- clusters[1].podCidr: 10.64.0.0/14 overlaps clusters[0].podCidr (10.64.0.0/14)');
    expect(fs.existsSync(run.outdir)).toBe(false);
  });

  const ubuntuPool = (waiver: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-policy-'));
    const file = path.join(dir, 'ubuntu.yaml');
    fs.writeFileSync(
      file,
      `project: p-123456\nregion: us-central1\nasm: { mode: managed }\nclusters:\n  - name: a1\n    nodePools: [{ name: main, imageType: UBUNTU_CONTAINERD }]\n  - name: b1\n${waiver}`,
    );
    return file;
  };

  it('fails synth on a policy violation, with one line per finding, and writes nothing', () => {
    const run = runApp({ MESH_CONFIG: ubuntuPool('') });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('1 policy violation:\n');
    expect(run.stderr).toContain(
      '  - platform/cluster-a1/pool-main: MESH-GKE-02 node image is UBUNTU_CONTAINERD, not COS_CONTAINERD. Fix: use image_type COS_CONTAINERD (CIS GKE and the scanners require Container-Optimized OS), or waive MESH-GKE-02 with a reason.',
    );
    expect(run.stderr).toMatch(/\nNothing was synthesized\.\n$/);
    expect(fs.existsSync(run.outdir)).toBe(false);
  });

  it("leaves no stacks of an earlier synth after a refused one, nor assets of another config, and keeps Terraform's working files", () => {
    const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-stale-')), 'cdktf.out');
    const stack = (...parts: string[]) => path.join(outdir, 'stacks', 'mesh', ...parts);
    fs.mkdirSync(stack('assets', 'overlay-of-another-config'), { recursive: true });
    fs.mkdirSync(stack('.terraform', 'providers'), { recursive: true });
    fs.writeFileSync(stack('.terraform.lock.hcl'), '# lock\n');
    expect(runApp({ MESH_CONFIG: DEFAULT_FIXTURE }, outdir).status).toBe(0);
    expect(fs.existsSync(stack('cdk.tf.json'))).toBe(true);
    expect(fs.existsSync(stack('assets', 'overlay-of-another-config'))).toBe(false);

    const refused = runApp({ MESH_CONFIG: ubuntuPool('') }, outdir);
    expect(refused.stderr).toMatch(/\nNothing was synthesized\.\n$/);
    expect(fs.existsSync(path.join(outdir, 'manifest.json'))).toBe(false);
    // The refused synth wrote its stacks before the checks read them: only the folder with Terraform's files stays.
    expect(fs.readdirSync(path.join(outdir, 'stacks'))).toEqual(['mesh']);
    expect(
      fs
        .readdirSync(path.join(outdir, 'stacks'))
        .flatMap((name) => fs.readdirSync(path.join(outdir, 'stacks', name)))
        .sort(),
    ).toEqual(['.terraform', '.terraform.lock.hcl']);
  });

  it('passes the same change with a waiver in the config', () => {
    const run = runApp({
      MESH_CONFIG: ubuntuPool(
        'policy:\n  waivers:\n    - { rule: MESH-GKE-02, resource: "platform/cluster-a1/pool-main", reason: "Ubuntu nodes for a kernel module the team needs" }\n',
      ),
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  /** The default config on an empty PATH, in a fresh folder: two tests read the one run. */
  let bare: ReturnType<typeof runApp> | undefined;
  const bareRun = () => (bare ??= runApp({ MESH_CONFIG: DEFAULT_FIXTURE, PATH: fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-empty-path-')) }));

  it('synthesizes without Terraform, gcloud or kubectl on PATH: synth needs only Node', () => {
    const run = bareRun();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(fs.readdirSync(path.join(run.outdir, 'stacks')).sort()).toEqual(['mesh', 'platform', 'workloads']);
  });

  it('synthesizes the default config with no set-up', () => {
    // The same run: no cdktf.out beforehand, and not even Terraform or gcloud on PATH.
    const run = bareRun();
    expect(run.stderr).not.toMatch(/problem/);
    expect(run.status).toBe(0);
    expect(fs.existsSync(path.join(run.outdir, 'stacks', 'platform', 'cdk.tf.json'))).toBe(true);
  });

  it('ends any other error in one line, exits non-zero, and writes nothing', () => {
    // A preload makes cdktf's synth fail the way a full disk would, after the stacks exist.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-failing-synth-'));
    const preload = path.join(dir, 'failing-synth.js');
    const cdktf = require.resolve('cdktf', { paths: [REPO_ROOT] });
    fs.writeFileSync(
      preload,
      `require(${JSON.stringify(cdktf)}).Manifest.prototype.writeToFile = () => { throw new Error('ENOSPC: no space left on device\\n    at write'); };\n`,
    );
    const run = runApp({ MESH_CONFIG: DEFAULT_FIXTURE, NODE_OPTIONS: `--require ${preload}` });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('synth failed: ENOSPC: no space left on device (set MESH_SYNTH_STACK_TRACES=1 for the stack trace)\nNothing was synthesized.\n');
    expect(fs.existsSync(run.outdir)).toBe(false);
  });
});
