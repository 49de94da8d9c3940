import * as path from 'path';
import { missingContexts, parseHelloworld, parseVerifyArgs, shellQuote, VerifyError, verifyPlan } from '../../../src/tools/verify';
import { loadConfig } from '../../../src/config/load';
import { config, REPO_ROOT, TWO_CLUSTERS } from '../../helpers';
import { call, times } from './verify-fixture';

const THREE_CLUSTERS = TWO_CLUSTERS.replace('  - name: beta\n', '  - name: beta\n  - name: gamma\n    location: us-east1-b\n');

describe('verifyPlan across projects (Shared VPC)', () => {
  it("uses each cluster's own project in its context, as get-credentials writes it", () => {
    const plan = verifyPlan(loadConfig(path.join(REPO_ROOT, 'examples', 'shared-vpc.yaml')));
    expect(plan.map((check) => check.context)).toEqual([
      'gke_payments-prod_us-central1_payments-east',
      'gke_payments-prod_us-east1_payments-west',
      'gke_catalog-prod_us-central1_catalog-east',
    ]);
    expect(plan[2].commands[0]).toEqual(call('gke_catalog-prod_us-central1_catalog-east'));
  });
});

describe('verifyPlan', () => {
  it('calls helloworld 10 × 2 times from each of two clusters, with the exact argv', () => {
    const plan = verifyPlan(config(TWO_CLUSTERS));
    expect(plan.map(({ cluster, context, localVersion }) => ({ cluster, context, localVersion }))).toEqual([
      { cluster: 'alpha', context: 'gke_test-project_us-central1_alpha', localVersion: 'v1' },
      { cluster: 'beta', context: 'gke_test-project_us-central1_beta', localVersion: 'v2' },
    ]);
    expect(plan[0].commands).toEqual(times(20, call('gke_test-project_us-central1_alpha')));
    expect(plan[1].commands).toEqual(times(20, call('gke_test-project_us-central1_beta')));
  });

  it('defaults to 10 × 3 calls with three clusters; the third runs v1 again and keeps its zone in the context', () => {
    const plan = verifyPlan(config(THREE_CLUSTERS));
    expect(plan.map((check) => [check.cluster, check.localVersion, check.commands.length])).toEqual([
      ['alpha', 'v1', 30],
      ['beta', 'v2', 30],
      ['gamma', 'v1', 30],
    ]);
    expect(plan[2].commands[29]).toEqual(call('gke_test-project_us-east1-b_gamma'));
  });

  it('takes the number of calls, and rejects one that is not a positive whole number', () => {
    const plan = verifyPlan(config(TWO_CLUSTERS), { calls: 3 });
    expect(plan.map((check) => check.commands.length)).toEqual([3, 3]);
    expect(() => verifyPlan(config(TWO_CLUSTERS), { calls: 0 })).toThrow('calls must be a positive whole number, got 0');
    expect(() => verifyPlan(config(TWO_CLUSTERS), { calls: 1.5 })).toThrow(VerifyError);
  });

  it('calls the sample in its configured namespace', () => {
    const plan = verifyPlan(config(`${TWO_CLUSTERS}sample: { namespace: demo }\n`), { calls: 1 });
    expect(plan[0].commands[0]).toEqual([
      'kubectl',
      'exec',
      '--context=gke_test-project_us-central1_alpha',
      '-n',
      'demo',
      '-c',
      'sleep',
      'deploy/sleep',
      '--',
      'curl',
      '-sS',
      'helloworld.demo:5000/hello',
    ]);
  });

  it('refuses a config whose sample is not deployed', () => {
    expect(() => verifyPlan(config(`${TWO_CLUSTERS}sample: { enabled: false }\n`))).toThrow('sample.enabled is false');
  });
});

describe('missingContexts', () => {
  it('names the plan contexts kubectl does not have', () => {
    const plan = verifyPlan(config(TWO_CLUSTERS), { calls: 1 });
    expect(missingContexts(plan, ['gke_test-project_us-central1_beta', 'minikube'])).toEqual(['gke_test-project_us-central1_alpha']);
    expect(missingContexts(plan, ['gke_test-project_us-central1_alpha', 'gke_test-project_us-central1_beta'])).toEqual([]);
  });
});

describe('parseHelloworld', () => {
  it('reads the version and instance, ignoring trailing whitespace and CRLF', () => {
    const expected = { version: 'v1', instance: 'helloworld-v1-776f57d5f6-s7zfc' };
    expect(parseHelloworld('Hello version: v1, instance: helloworld-v1-776f57d5f6-s7zfc')).toEqual(expected);
    expect(parseHelloworld('Hello version: v1, instance: helloworld-v1-776f57d5f6-s7zfc\n')).toEqual(expected);
    expect(parseHelloworld('Hello version: v1, instance: helloworld-v1-776f57d5f6-s7zfc \r\n')).toEqual(expected);
    expect(parseHelloworld('Hello version: v2, instance: helloworld-v2-7d9f8c6b4-xk2lp\n')).toEqual({
      version: 'v2',
      instance: 'helloworld-v2-7d9f8c6b4-xk2lp',
    });
  });

  it.each([
    ['empty', ''],
    ['blank', ' \n'],
    ['an Envoy reset', 'upstream connect error or disconnect/reset before headers. reset reason: connection failure'],
    ['no endpoints', 'no healthy upstream'],
    ['HTML', '<html><body>Hello version: v1, instance: x</body></html>'],
    ['two answers', 'Hello version: v1, instance: a\nHello version: v2, instance: b\n'],
    ['a leading prefix', 'x Hello version: v1, instance: a'],
    ['no instance', 'Hello version: v1, instance: '],
    ['a version without v', 'Hello version: 1, instance: a'],
  ])('returns undefined for %s', (_name, output) => {
    expect(parseHelloworld(output)).toBeUndefined();
  });
});

describe('the versions verify expects (config.mesh.sampleVersions)', () => {
  it('is v1 and v2 for two clusters and for three (round-robin)', () => {
    expect(config(TWO_CLUSTERS).mesh.sampleVersions).toEqual(['v1', 'v2']);
    expect(config(THREE_CLUSTERS).mesh.sampleVersions).toEqual(['v1', 'v2']);
    expect(config(THREE_CLUSTERS).clusters.map((cluster) => cluster.sampleVersion)).toEqual(['v1', 'v2', 'v1']);
  });
});

describe('parseVerifyArgs', () => {
  it('reads --dry-run, --help and --calls in both spellings', () => {
    expect(parseVerifyArgs([])).toEqual({ dryRun: false, help: false, calls: undefined });
    expect(parseVerifyArgs(['--dry-run', '--calls', '7'])).toEqual({ dryRun: true, help: false, calls: 7 });
    expect(parseVerifyArgs(['--calls=12', '--help'])).toEqual({ dryRun: false, help: true, calls: 12 });
  });

  it('names the bad flag or value', () => {
    expect(parseVerifyArgs(['--dryrun'])).toEqual({ error: 'unknown flag "--dryrun"' });
    expect(parseVerifyArgs(['extra'])).toEqual({ error: 'unexpected argument "extra"' });
    expect(parseVerifyArgs(['--calls'])).toEqual({ error: '--calls needs a value (a positive whole number)' });
    expect(parseVerifyArgs(['--calls', '0'])).toEqual({ error: '--calls needs a positive whole number, got "0"' });
    expect(parseVerifyArgs(['--calls=ten'])).toEqual({ error: '--calls needs a positive whole number, got "ten"' });
    expect(parseVerifyArgs(['--calls='])).toEqual({ error: '--calls needs a positive whole number, got ""' });
    expect(parseVerifyArgs(['--dry-run=yes'])).toEqual({ error: 'unknown flag "--dry-run=yes"' });
    expect(parseVerifyArgs(['--cals', '3'])).toEqual({ error: 'unknown flag "--cals"' });
    expect(parseVerifyArgs(['-x'])).toEqual({ error: 'unknown flag "-x"' });
  });

  it('reads -h, the value after --calls even when it looks like a flag, and the last --calls', () => {
    expect(parseVerifyArgs(['-h'])).toEqual({ dryRun: false, help: true, calls: undefined });
    expect(parseVerifyArgs(['--calls', '-1'])).toEqual({ error: '--calls needs a positive whole number, got "-1"' });
    expect(parseVerifyArgs(['--calls', '--dry-run'])).toEqual({ error: '--calls needs a positive whole number, got "--dry-run"' });
    expect(parseVerifyArgs(['--calls', '3', '--calls=4'])).toEqual({ dryRun: false, help: false, calls: 4 });
    expect(parseVerifyArgs(['--', 'extra'])).toEqual({ error: 'unexpected argument "extra"' });
  });
});

describe('shellQuote', () => {
  it('leaves plain words alone and single-quotes the rest', () => {
    expect(shellQuote(call('gke_p_us-central1_c'))).toBe(
      'kubectl exec --context=gke_p_us-central1_c -n sample -c sleep deploy/sleep -- curl -sS helloworld.sample:5000/hello',
    );
    expect(shellQuote(['echo', 'a b', "it's", ''])).toBe(`echo 'a b' 'it'\\''s' ''`);
  });
});
