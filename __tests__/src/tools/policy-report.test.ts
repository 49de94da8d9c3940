import * as fs from 'fs';
import * as path from 'path';
import { POLICY_RULES } from '../../../lib/policy-rules';
import { policyReadmeSection, withPolicySection } from '../../../src/tools/policy-report';
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
    expect(section).toContain('`platform/firewall/cross-cluster-pods`');
  });

  it('refuses a README without the markers', () => {
    expect(() => withPolicySection('# no markers', section)).toThrow('README.md has no policy section markers');
  });
});
