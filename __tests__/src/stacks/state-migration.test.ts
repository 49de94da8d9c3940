import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TerraformStack, Testing } from 'cdktf';
import { useStateBackend } from '../../../src/stacks/state-backend';
import { config, TWO_CLUSTERS } from '../../helpers';

/**
 * Upgrading from cdktf's default local backend (the synthesizing machine's absolute path) to the
 * relative path this app writes, under the real Terraform engine: the state file stays where it
 * was, and the one `--migrate-state` the README asks for keeps every resource.
 */
const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8' });
const hasTerraform = terraform.status === 0;
if (!hasTerraform) console.warn('SKIPPED: the local-state migration test needs a terraform binary on PATH (CI has one).');

function run(cwd: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync('terraform', args, { cwd, encoding: 'utf8', env: { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' } });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

(hasTerraform ? describe : describe.skip)('local state: from the absolute default path to the relative one', () => {
  it('asks for a migration once, keeps the same file, and plans no change', () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-state-'));
    const workdir = path.join(project, 'cdktf.out', 'stacks', 'mesh');
    fs.mkdirSync(workdir, { recursive: true });
    const resource = { terraform_data: { install: { input: 'asm-128' } } };
    const write = (backend: unknown) => fs.writeFileSync(path.join(workdir, 'cdk.tf.json'), JSON.stringify({ terraform: { backend }, resource }));

    // What cdktf wrote before: LocalBackend's default, the absolute path of the project.
    write({ local: { path: path.join(project, 'terraform.mesh.tfstate') } });
    expect(run(workdir, ['init', '-input=false', '-no-color']).status).toBe(0);
    expect(run(workdir, ['apply', '-auto-approve', '-input=false', '-no-color']).status).toBe(0);
    const before = fs.readFileSync(path.join(project, 'terraform.mesh.tfstate'), 'utf8');

    // What the app writes now.
    const stack = new TerraformStack(Testing.app(), 'mesh');
    useStateBackend(stack, 'mesh', config(TWO_CLUSTERS).state);
    const backend = JSON.parse(Testing.synth(stack)).terraform.backend;
    expect(backend).toEqual({ local: { path: '../../../terraform.mesh.tfstate' } });
    write(backend);

    const plain = run(workdir, ['init', '-input=false', '-no-color']);
    expect(plain.status).not.toBe(0);
    expect(plain.output).toContain('Backend configuration changed');
    // cdktf deploy --migrate-state runs init -migrate-state and answers its question with yes.
    expect(run(workdir, ['init', '-input=false', '-no-color', '-migrate-state', '-force-copy']).status).toBe(0);
    const plan = run(workdir, ['plan', '-input=false', '-no-color', '-detailed-exitcode']);
    expect(plan.output).toContain('No changes.');
    expect(plan.status).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(project, 'terraform.mesh.tfstate'), 'utf8')).resources).toEqual(JSON.parse(before).resources);
  });
});
