/** The real Terraform engine, offline: a stack cut down to its `terraform_data`, applied for real. */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { SynthJson } from '../helpers';

/** The terraform binary on PATH, or undefined where there is none (CI has one: .ci/run checks). */
export const TERRAFORM = (process.env.PATH ?? '')
  .split(path.delimiter)
  .map((folder) => path.join(folder, 'terraform'))
  .find((file) => fs.existsSync(file));

/** `describe`, or a skip that says why where no terraform binary exists. */
export function describeWithTerraform(name: string, body: () => void): void {
  if (TERRAFORM) {
    describe(name, body);
    return;
  }
  console.warn(`SKIPPED "${name}": no terraform binary on PATH; these tests need Terraform >= 1.7`);
  describe.skip(name, body);
}

type Block = Record<string, unknown>;

/**
 * The stack's `terraform_data` resources alone: dependencies on anything else dropped, data source
 * references (the fleet project's number) replaced by `standIn`, or by what it returns for the
 * reference. `files` maps an asset's file name to the file the test wants there.
 */
export function cutDown(
  json: SynthJson,
  files: ReadonlyMap<string, string>,
  standIn: string | ((reference: string) => string) = '123456789',
): { json: Block; assets: Map<string, string> } {
  const data = ((json.resource ?? {}) as Record<string, Record<string, Block>>).terraform_data ?? {};
  const assets = new Map<string, string>();
  const text = JSON.stringify(data).replace(/\$\{(data\.[^}]*)\}/g, (_match, reference: string) =>
    typeof standIn === 'string' ? standIn : standIn(reference),
  );
  const resources = JSON.parse(text) as Record<string, Block>;
  for (const resource of Object.values(resources)) {
    const dependsOn = resource.depends_on as string[] | undefined;
    const kept = (dependsOn ?? []).filter((address) => address.startsWith('terraform_data.'));
    if (kept.length > 0) resource.depends_on = kept;
    else delete resource.depends_on;
  }
  for (const match of text.matchAll(/assets\/[^ "]+/g)) {
    const source = files.get(path.basename(match[0]));
    if (!source) throw new Error(`no file for asset ${match[0]}`);
    assets.set(match[0], source);
  }
  return { json: { resource: { terraform_data: resources } }, assets };
}

export interface Run {
  readonly status: number | null;
  readonly output: string;
}

const INIT = ['init', '-input=false', '-no-color'];
const APPLY = ['apply', '-auto-approve', '-input=false', '-no-color'];
const DESTROY = ['destroy', '-auto-approve', '-input=false', '-no-color'];

/** Where each terraform call's duration goes when set, one `test<TAB>command<TAB>ms` line each (in a beforeAll, the test before it): to find where a suite's time goes. */
const TIMINGS = process.env.TERRAFORM_ENGINE_TIMINGS;

function timed(args: string[], started: number): void {
  if (TIMINGS) fs.appendFileSync(TIMINGS, `${expect.getState().currentTestName ?? '(setup)'}\t${args[0]}\t${Date.now() - started}\n`);
}

/**
 * One Terraform working directory, its state kept between applies as a user's is. Every command has
 * a blocking form and an async one (`…Async`), so that independent workdirs can run at once.
 */
export class TerraformWorkdir {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-engine-'));
  /** Set by the first init: a config of built-in resources alone leaves no .terraform to tell by. */
  private initialized = false;

  constructor(private readonly env: Record<string, string>) {}

  write(stack: { json: Block; assets: ReadonlyMap<string, string> }): void {
    fs.writeFileSync(path.join(this.dir, 'main.tf.json'), JSON.stringify(stack.json, null, 2));
    for (const [relative, source] of stack.assets) {
      fs.mkdirSync(path.dirname(path.join(this.dir, relative)), { recursive: true });
      fs.copyFileSync(source, path.join(this.dir, relative));
    }
  }

  private options(env: Record<string, string>) {
    return { cwd: this.dir, env: { ...this.env, ...env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: '/dev/null' } };
  }

  run(args: string[], env: Record<string, string> = {}): Run {
    const started = Date.now();
    const result = spawnSync(TERRAFORM!, args, { ...this.options(env), encoding: 'utf8' });
    timed(args, started);
    return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
  }

  runAsync(args: string[], env: Record<string, string> = {}): Promise<Run> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const child = spawn(TERRAFORM!, args, this.options(env));
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (status) => {
        timed(args, started);
        resolve({ status, output: `${stdout}\n${stderr}` });
      });
    });
  }

  private initialize(init: Run): void {
    if (init.status !== 0) throw new Error(`terraform init failed:\n${init.output}`);
    this.initialized = true;
  }

  apply(stack: { json: Block; assets: ReadonlyMap<string, string> }, env: Record<string, string> = {}): Run {
    this.write(stack);
    if (!this.initialized) this.initialize(this.run(INIT));
    return this.run(APPLY, env);
  }

  async applyAsync(stack: { json: Block; assets: ReadonlyMap<string, string> }, env: Record<string, string> = {}): Promise<Run> {
    this.write(stack);
    if (!this.initialized) this.initialize(await this.runAsync(INIT));
    return this.runAsync(APPLY, env);
  }

  destroy(env: Record<string, string> = {}): Run {
    return this.run(DESTROY, env);
  }

  destroyAsync(env: Record<string, string> = {}): Promise<Run> {
    return this.runAsync(DESTROY, env);
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
