import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT, TWO_CLUSTERS } from '../helpers';

/** The smallest managed-mode config, written to a temporary file (no shipped example uses managed mode). */
export function managedModeConfigFile(): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-managed-')), 'managed.yaml');
  fs.writeFileSync(file, `${TWO_CLUSTERS}asm:\n  mode: managed\n`);
  return file;
}

/** `cdktf synth` of `configFile` into `<dir>/cdktf.out` with the app's own runner; the stacks written, by name. */
export function synthInto(dir: string, configFile: string): string[] {
  const result = spawnSync(process.execPath, ['--require', './scripts/ts-register.js', 'main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, MESH_CONFIG: configFile, CDKTF_OUTDIR: path.join(dir, 'cdktf.out') },
    encoding: 'utf8',
  });
  if (result.status !== 0 || result.stderr !== '') throw new Error(`synth of ${configFile} failed:\n${result.stderr}`);
  return fs.readdirSync(path.join(dir, 'cdktf.out', 'stacks')).sort();
}

/** A stack's cdk.tf.json under `dir`, as text. */
export function stackFile(dir: string, stack: string): string {
  return fs.readFileSync(path.join(dir, 'cdktf.out', 'stacks', stack, 'cdk.tf.json'), 'utf8');
}
