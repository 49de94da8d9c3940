import * as fs from 'fs';
import * as path from 'path';
import { POLICY_RULES } from '../../../lib/policy-rules';
import { checkovIds, policyReadmeSection, withPolicySection } from '../../../src/tools/policy-report';
import { REPO_ROOT } from '../../helpers';

describe('the README policy section', () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const section = policyReadmeSection();

  it('is current: run `npm run docs` after changing a rule or a waiver', () => {
    expect(withPolicySection(readme, section)).toBe(readme);
  });

  it('lists every rule', () => {
    for (const rule of POLICY_RULES) expect(section).toContain(`| ${rule.id} | ${rule.title} |`);
  });

  it('lists the waivers of the optional features too', () => {
    expect(section).toContain('`workloads/defender-<cluster>/daemon-set` | MESH-POD-01');
    expect(section).toContain('examples/shared-vpc.yaml');
    expect(section).toContain('`platform/firewall/cross-cluster-pods`');
  });

  it('gives the checkov command for every stack, each skipped ID with a reason in a waiver row of that stack', () => {
    const commands = section.split('\n').filter((line) => line.startsWith('checkov '));
    expect(commands.map((command) => command.split(' ')[2])).toEqual(['cdktf.out/stacks/mesh', 'cdktf.out/stacks/platform', 'cdktf.out/stacks/workloads']);
    const rows = section.split('\n').filter((line) => line.startsWith('| `'));
    for (const command of commands) {
      const stack = command.split(' ')[2].replace('cdktf.out/stacks/', '');
      expect(command).toContain('--framework terraform_json');
      const ids = command.split('--skip-check ')[1]?.split(',') ?? [];
      for (const id of ids) expect(rows.some((row) => row.startsWith(`| \`${stack}/`) && checkovIds(row.split(' | ')[1]).includes(id))).toBe(true);
    }
    expect(commands[2]).toContain('CKV_K8S_43');
  });

  it('reads checkov IDs out of a waiver rule, and nothing else', () => {
    expect(checkovIds('CKV_GCP_12, kics 11e7550e (Network Policy Disabled)')).toEqual(['CKV_GCP_12']);
    expect(checkovIds('MESH-POD-03, CKV_K8S_43 (image by digest)')).toEqual(['CKV_K8S_43']);
    expect(checkovIds('kics 22ef1d26, trivy AVD-GCP-0074, CKV_SECRET_*')).toEqual([]);
  });

  it('refuses a README without the markers', () => {
    expect(() => withPolicySection('# no markers', section)).toThrow('README.md has no policy section markers');
  });
});
