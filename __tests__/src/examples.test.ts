import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdktf';
import { PolicyChecks } from '../../lib/policy-checks';
import { loadConfig } from '../../src/config/load';
import { buildApp } from '../../src/stacks/app';
import { REPO_ROOT } from '../helpers';

const CONFIGS = [
  'mesh.config.yaml',
  ...fs
    .readdirSync(path.join(REPO_ROOT, 'examples'))
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => path.join('examples', file)),
];

describe('every shipped config', () => {
  it('is more than the default', () => expect(CONFIGS.length).toBeGreaterThan(4));

  it.each(CONFIGS)('%s builds every stack and passes the policy checks', (file) => {
    const config = loadConfig(path.join(REPO_ROOT, file));
    const app = Testing.stubVersion(Testing.app());
    const stacks = buildApp(app, config);
    expect(() => new PolicyChecks({ waivers: config.policy.waivers }).enforce(app)).not.toThrow();
    for (const stack of [stacks.platform, stacks.mesh, stacks.workloads]) expect(JSON.parse(Testing.synth(stack))).toHaveProperty('terraform');
  });
});
