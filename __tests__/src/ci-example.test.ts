import * as fs from 'fs';
import * as path from 'path';
import { validateWorkflow } from '@action-validator/core';
import { parse } from 'yaml';
import { REPO_ROOT } from '../helpers';

const WORKFLOW = path.join(REPO_ROOT, 'examples', 'ci', 'mesh.yml');
const text = fs.readFileSync(WORKFLOW, 'utf8');
type Step = { uses?: string; run?: string; with?: Record<string, unknown> };
const workflow = parse(text) as {
  permissions: Record<string, string>;
  jobs: Record<string, { if?: string; environment?: string; needs?: string; steps: Step[] }>;
  env: Record<string, string>;
};
const steps = (job: string) => workflow.jobs[job].steps;

describe('examples/ci/mesh.yml', () => {
  it("passes GitHub Actions' workflow schema (action-validator)", () => {
    expect(validateWorkflow(text).errors).toEqual([]);
  });

  it('the validator does refuse a broken workflow, so the check above can fail', () => {
    expect(validateWorkflow(text.replace('runs-on: ubuntu-24.04', 'runs-onn: ubuntu-24.04')).errors.length).toBeGreaterThan(0);
  });

  it("runs the README's own commands: npm ci, npm test, and the check of the team's own config", () => {
    expect(
      steps('test')
        .map((step) => step.run)
        .filter(Boolean),
    ).toEqual(['npm ci', 'npm test', 'npm run check']);
  });

  it('runs a check that exists: npm run check synthesizes the config and fails on a stale docs/architecture.md', () => {
    const { scripts } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.check).toBe('cdktf synth && npm run diagram -- --check');
  });

  it('authenticates through Workload Identity Federation only: an OIDC token, no key file', () => {
    expect(workflow.permissions['id-token']).toBe('write');
    for (const job of ['diff', 'deploy']) {
      const auth = steps(job).find((step) => step.uses?.startsWith('google-github-actions/auth@'));
      expect(auth?.with).toEqual({ workload_identity_provider: expect.any(String), service_account: expect.any(String) });
    }
    expect(text).not.toMatch(/credentials_json|GOOGLE_APPLICATION_CREDENTIALS|\.json\b/);
  });

  it('diffs every stack on pull requests, and deploys them on main behind an approval', () => {
    expect(workflow.jobs.diff.if).toBe("github.event_name == 'pull_request'");
    expect(steps('diff').at(-1)?.run).toBe('for stack in $STACKS; do npx cdktf diff "$stack"; done');
    expect(workflow.jobs.deploy.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(workflow.jobs.deploy.environment).toBe('production');
    expect(steps('deploy').at(-1)?.run).toBe('npx cdktf deploy $STACKS --auto-approve');
    expect(workflow.env.STACKS).toBe('platform mesh workloads');
  });

  it('pins the Terraform version the README requires (1.7 or later)', () => {
    const [major, minor] = workflow.env.TERRAFORM_VERSION.split('.').map(Number);
    expect(major === 1 && minor >= 7).toBe(true);
  });
});
