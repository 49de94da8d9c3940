import * as fs from 'fs';
import * as path from 'path';
import { POLICY_RULES } from '../../../lib/policy/policy-rules';
import { checkovIds, kicsQueryIds, trivyIds } from '../../../lib/core/scanner-ids';
import { loadConfig } from '../../../src/config/load';
import {
  checkovCommands,
  kicsCommands,
  POLICY_DOC,
  policySection,
  REPORTED_CONFIGS,
  trivyCommands,
  waiverListSection,
  waiverReport,
  withPolicySection,
  withWaiverList,
} from '../../../src/tools/policy-report';
import { REPO_ROOT, DEFAULT_FIXTURE } from '../../helpers';

const rowsOf = (section: string) => section.split('\n').filter((line) => line.startsWith('| `'));
const stackOfRow = (row: string) => row.split('`')[1].split('/')[0];

// The reported configs, loaded once for both documents.
const configs = REPORTED_CONFIGS.map((file) => loadConfig(path.join(REPO_ROOT, file)));
// Synthesized once for every test of the suite.
const report = waiverReport(configs);

describe('the policy section of docs/policy.md', () => {
  const doc = fs.readFileSync(path.join(REPO_ROOT, POLICY_DOC), 'utf8');
  const section = policySection(report);

  it('is current: run `npm run docs` after changing a rule or a waiver', () => {
    expect(withPolicySection(doc, section)).toBe(doc);
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
    expect(commands.map((command) => command.split(' ')[2])).toEqual([
      'cdktf.out/checkov/mesh',
      'cdktf.out/checkov/platform',
      'cdktf.out/checkov/state',
      'cdktf.out/checkov/workloads',
    ]);
    const rows = section.split('\n').filter((line) => line.startsWith('| `'));
    for (const command of commands) {
      const stack = command.split(' ')[2].replace('cdktf.out/checkov/', '');
      expect(command).toContain('--framework terraform_json');
      const ids = command.split('--skip-check ')[1]?.split(',') ?? [];
      for (const id of ids) expect(rows.some((row) => row.startsWith(`| \`${stack}/`) && checkovIds(row.split(' | ')[1]).includes(id))).toBe(true);
    }
    expect(commands[3]).toContain('CKV_K8S_43');
  });

  it('gives the kics and trivy commands for every stack, each excluded ID named by a waiver row of that stack', () => {
    const lines = section.split('\n');
    const kics = lines.filter((line) => line.startsWith('kics scan '));
    const trivy = lines.filter((line) => /^(trivy config |printf )/.test(line));
    expect(kics.map((command) => command.split(' ')[3])).toEqual([
      'cdktf.out/stacks/mesh',
      'cdktf.out/stacks/platform',
      'cdktf.out/stacks/state',
      'cdktf.out/stacks/workloads',
    ]);
    expect(trivy.map((command) => command.split(' ').at(-1))).toEqual([
      'cdktf.out/stacks/mesh',
      'cdktf.out/stacks/platform',
      'cdktf.out/stacks/state',
      'cdktf.out/stacks/workloads',
    ]);
    const rows = rowsOf(section);
    for (const command of kics) {
      const stack = command.split(' ')[3].replace('cdktf.out/stacks/', '');
      const ids = command.split('--exclude-queries ')[1]?.split(',') ?? [];
      for (const id of ids) expect(rows.some((row) => stackOfRow(row) === stack && kicsQueryIds(row.split(' | ')[1]).includes(id))).toBe(true);
    }
    for (const row of rows) {
      const rule = row.split(' | ')[1];
      const stack = stackOfRow(row);
      for (const id of kicsQueryIds(rule)) expect(kics.find((command) => command.includes(`cdktf.out/stacks/${stack} `))).toContain(id);
      for (const id of trivyIds(rule)) expect(trivy.find((command) => command.endsWith(`cdktf.out/stacks/${stack}`))).toContain(id);
    }
  });

  it("gives the default config's exact commands for the platform and workloads stacks", () => {
    const report = waiverReport([loadConfig(DEFAULT_FIXTURE)]);
    expect(checkovCommands(report)).toEqual([
      "for stack in mesh platform workloads; do mkdir -p cdktf.out/checkov/$stack && jq 'del(.moved, .removed)' cdktf.out/stacks/$stack/cdk.tf.json > cdktf.out/checkov/$stack/cdk.tf.json; done",
      'checkov -d cdktf.out/checkov/mesh --framework terraform_json',
      // checkov 3.3.13 passes CKV_GCP_12 (Dataplane V2), reads CKV_GCP_24 only with min_master_version, and has no CKV_GCP_67.
      'checkov -d cdktf.out/checkov/platform --framework terraform_json --skip-check CKV_GCP_65',
      'checkov -d cdktf.out/checkov/workloads --framework terraform_json --skip-check CKV_K8S_8,CKV_K8S_9,CKV_K8S_14,CKV_K8S_15,CKV_K8S_43',
    ]);
    expect(kicsCommands(report).slice(1)).toEqual([
      'kics scan -p cdktf.out/stacks/platform --type terraform --exclude-queries ' +
        [
          '11e7550e-c4b6-472e-adff-c698f157cdd7', // Network Policy Disabled
          '22ef1d26-80f8-4a6c-8c15-f35aab3cac78', // Google Compute Network Using Firewall Rule that Allows All Ports
          '6ccb85d7-0420-4907-9380-50313f80946b', // Private Cluster Disabled
          '70cdf849-b7d9-4569-b87d-5d82ffd44719', // GKE Basic Authentication Enabled
          '9192e0f9-eca5-4056-9282-ae2a736a4088', // Pod Security Policy Disabled
        ].join(','),
      // Image Without Digest, Seccomp Profile Is Not Configured, Readiness Probe Is Not Configured
      'kics scan -p cdktf.out/stacks/workloads --type terraform --exclude-queries 228c4c19-feeb-4c18-848c-800ac70fdfb7,455f2e0c-686d-4fcb-8b5f-3f953f12c43c,8657197e-3f87-4694-892b-8144701d83c1',
    ]);
    expect(trivyCommands(report)).toEqual([
      'trivy config cdktf.out/stacks/mesh',
      "printf '%s\\n' AVD-GCP-0072 AVD-GCP-0074 > cdktf.out/platform.trivyignore && trivy config --ignorefile cdktf.out/platform.trivyignore cdktf.out/stacks/platform",
      'trivy config cdktf.out/stacks/workloads',
    ]);
  });

  it('refuses a document without the markers', () => {
    expect(() => withPolicySection('# no markers', section)).toThrow('docs/policy.md has no policy section markers');
  });
});

describe("the README's list of waivers", () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const list = waiverListSection(report);

  it('is current: run `npm run docs` after changing a waiver', () => {
    expect(withWaiverList(readme, list)).toBe(readme);
  });

  it('names every waiver in force, resource and rule, and links to the reasons', () => {
    const rows = rowsOf(list);
    for (const row of report.rows) expect(rows).toContain(`${row.split(' | ').slice(0, 2).join(' | ')} |`);
    expect(new Set(rows).size).toBe(rows.length);
    expect(list).toContain('(docs/policy.md#policy-checks-at-synth-time)');
  });

  it('refuses a README without the markers', () => {
    expect(() => withWaiverList('# no markers', list)).toThrow('README.md has no waiver list markers');
  });
});
