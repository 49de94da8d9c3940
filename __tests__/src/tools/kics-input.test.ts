import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { APP_ROOT } from '../../../src/config/resolve';
import { POLICY_DOC } from '../../../src/tools/policy-report';
import { detectPlatform } from '../../support/kics-analyzer';
import { stackFile, synthInto } from '../../support/synth-to-disk';

/** Each stack's cdk.tf.json as `cdktf synth` writes it, by stack name. */
function stackFiles(configFile: string): Record<string, string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-kics-'));
  return Object.fromEntries(synthInto(dir, path.join(APP_ROOT, configFile)).map((stack) => [stack, stackFile(dir, stack)]));
}

describe("kics' platform detection on the stacks, and the README's --type terraform", () => {
  const defaults = stackFiles('__tests__/fixtures/default.yaml');

  it('takes the workloads stack for Kubernetes without --type: its kubernetes_manifest objects carry apiVersion and kind', () => {
    expect(defaults.workloads).toContain('"apiVersion":');
    expect(detectPlatform(defaults.workloads)).toBe('kubernetes');
  });

  it.each(Object.keys(defaults))('reads the %s stack as Terraform with --type terraform', (stack) => {
    expect(detectPlatform(defaults[stack], ['terraform'])).toBe('terraform');
  });

  it('tells a plain cdktf stack from a Terraform plan and from a Kubernetes manifest', () => {
    expect(detectPlatform('{"//": {"metadata": {"stackName": "s"}}, "terraform": {}}')).toBe('terraform');
    expect(detectPlatform('{"apiVersion": "v1", "kind": "Pod"}')).toBe('kubernetes');
    expect(detectPlatform('{"apiVersion": "v1", "kind": "Pod"}', ['terraform'])).toBeUndefined();
  });

  it('gives every kics command users copy --type terraform', () => {
    // The commands as docs/policy.md prints them; policy-report.test.ts proves that section current.
    const commands = fs
      .readFileSync(path.join(APP_ROOT, POLICY_DOC), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('kics scan '));
    // One command per stack of the reported configs: remote-state.yaml adds the `state` stack.
    expect(commands.map((command) => command.split(' ')[3])).toEqual(['mesh', 'platform', 'state', 'workloads'].map((stack) => `cdktf.out/stacks/${stack}`));
    for (const command of commands) expect(command).toMatch(/^kics scan -p cdktf\.out\/stacks\/\w+ --type terraform( --exclude-queries [0-9a-f,-]+)?$/);
  });
});
