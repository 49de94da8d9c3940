import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from './repo-paths';

/** Fakes of gcloud, kubectl, curl and asmcli, each naming the upstream contract it keeps. */
export const FAKE_TOOLS = path.join(REPO_ROOT, '__tests__', 'support', 'fake-tools');
/** Real tools the scripts use; a sandbox's PATH holds only these and the fakes. */
const REAL_TOOLS = [
  'bash',
  'env',
  'mktemp',
  'rm',
  'cat',
  'cp',
  'cut',
  'chmod',
  'basename',
  'sed',
  'awk',
  'grep',
  'tr',
  'head',
  'csplit',
  'sha256sum',
  'git',
  'jq',
  'wc',
  'sleep',
  'date',
  // The project model's lock (gcloud-project).
  'mkdir',
  'rmdir',
];

export interface ToolSandbox {
  readonly dir: string;
  /** The only folder on the sandbox's PATH. */
  readonly bin: string;
  /** Where the fakes record their calls (`calls`) and what they were given. */
  readonly logs: string;
}

/** A PATH of the fakes and the real tools, minus `without`. */
export function toolSandbox(without: readonly string[] = []): ToolSandbox {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tool-sandbox-'));
  const bin = path.join(dir, 'bin');
  const logs = path.join(dir, 'logs');
  fs.mkdirSync(bin);
  fs.mkdirSync(logs);
  for (const tool of REAL_TOOLS) {
    const real = ['/usr/bin', '/bin', '/usr/local/bin'].map((folder) => path.join(folder, tool)).find((file) => fs.existsSync(file));
    if (!real) throw new Error(`the test needs ${tool}`);
    if (!without.includes(tool)) fs.symlinkSync(real, path.join(bin, tool));
  }
  for (const fake of ['gcloud', 'gcloud-project', 'kubectl', 'curl'])
    if (!without.includes(fake)) fs.symlinkSync(path.join(FAKE_TOOLS, fake), path.join(bin, fake));
  if (!without.includes('gke-gcloud-auth-plugin')) fs.writeFileSync(path.join(bin, 'gke-gcloud-auth-plugin'), '#!/usr/bin/env bash\n', { mode: 0o755 });
  return { dir, bin, logs };
}

/** A file in the sandbox's logs, or '' when the fakes wrote none. */
export function readLog(box: ToolSandbox, file: string): string {
  const at = path.join(box.logs, file);
  return fs.existsSync(at) ? fs.readFileSync(at, 'utf8') : '';
}
