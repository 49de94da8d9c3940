import { type CallResult, verdict } from '../../../src/tools/verify';
import { times } from './verify-fixture';

const answer = (version: string, pod = 'abc12'): CallResult => ({
  ok: true,
  stdout: `Hello version: ${version}, instance: helloworld-${version}-776f57d5f6-${pod}\n`,
});
const failure = (error: string): CallResult => ({ ok: false, error });

describe('verdict', () => {
  const both = ['v1', 'v2'];

  it('passes when every cluster reaches both versions', () => {
    const result = verdict(
      [
        { cluster: 'alpha', results: [...times(3, answer('v1')), ...times(2, answer('v2'))] },
        { cluster: 'beta', results: [...times(1, answer('v1')), ...times(4, answer('v2'))] },
      ],
      both,
    );
    expect(result.passed).toBe(true);
    expect(result.clusters.map(({ cluster, calls, byVersion, errors, missing, passed }) => ({ cluster, calls, byVersion, errors, missing, passed }))).toEqual([
      { cluster: 'alpha', calls: 5, byVersion: { v1: 3, v2: 2 }, errors: 0, missing: [], passed: true },
      { cluster: 'beta', calls: 5, byVersion: { v1: 1, v2: 4 }, errors: 0, missing: [], passed: true },
    ]);
    expect(result.report).toBe(
      [
        'cluster  calls  v1  v2  errors  verdict',
        'alpha        5   3   2       0  pass',
        'beta         5   1   4       0  pass',
        'PASS: every cluster reached v1 and v2: calls cross clusters.',
      ].join('\n'),
    );
  });

  it('fails, naming the cluster, when one cluster only hears its own version', () => {
    const result = verdict(
      [
        { cluster: 'alpha', results: [answer('v1'), answer('v2')] },
        { cluster: 'beta', results: times(4, answer('v2')) },
      ],
      both,
    );
    expect(result.passed).toBe(false);
    expect(result.clusters.map((cluster) => [cluster.cluster, cluster.passed, cluster.missing])).toEqual([
      ['alpha', true, []],
      ['beta', false, ['v1']],
    ]);
    expect(result.report).toContain('beta         4   0   4       0  FAIL: never reached v1');
    expect(result.report.split('\n').pop()).toBe('FAIL: 1 of 2 clusters did not reach every version (v1, v2): beta.');
  });

  it('fails when every call errors, and reports the errors', () => {
    const result = verdict(
      [
        { cluster: 'alpha', results: [...times(2, failure('error: unable to upgrade connection: container not found ("sleep")')), failure('')] },
        { cluster: 'beta', results: times(3, { ok: true, stdout: 'no healthy upstream' }) },
      ],
      both,
    );
    expect(result.passed).toBe(false);
    expect(result.clusters.map((cluster) => [cluster.errors, cluster.missing, cluster.passed])).toEqual([
      [3, ['v1', 'v2'], false],
      [3, ['v1', 'v2'], false],
    ]);
    expect(result.clusters[0].errorSamples).toEqual([
      { message: 'error: unable to upgrade connection: container not found ("sleep")', count: 2 },
      { message: '', count: 1 },
    ]);
    expect(result.report).toContain('alpha: 3 of 3 calls failed:\n  2× error: unable to upgrade connection: container not found ("sleep")');
    expect(result.report).toContain('beta: 3 of 3 calls failed:\n  3× unexpected answer: no healthy upstream');
    expect(result.report.split('\n').pop()).toBe('FAIL: 2 of 2 clusters did not reach every version (v1, v2): alpha, beta.');
  });

  it('passes with some errors when both versions answered, and still reports the errors', () => {
    const reset = 'upstream connect error or disconnect/reset before headers. reset reason: connection failure';
    const result = verdict(
      [
        { cluster: 'alpha', results: [answer('v1'), { ok: true, stdout: `${reset}\r\n` }, answer('v2')] },
        { cluster: 'beta', results: [failure('command terminated with exit code 7\n'), answer('v2'), answer('v1'), { ok: true, stdout: '' }] },
      ],
      both,
    );
    expect(result.passed).toBe(true);
    expect(result.clusters.map((cluster) => [cluster.calls, cluster.errors, cluster.byVersion])).toEqual([
      [3, 1, { v1: 1, v2: 1 }],
      [4, 2, { v1: 1, v2: 1 }],
    ]);
    expect(result.report).toBe(
      [
        'cluster  calls  v1  v2  errors  verdict',
        'alpha        3   1   1       1  pass',
        'beta         4   1   1       2  pass',
        'alpha: 1 of 3 calls failed:',
        `  1× unexpected answer: ${reset}`,
        'beta: 2 of 4 calls failed:',
        '  1× command terminated with exit code 7',
        '  1× empty answer',
        'PASS: every cluster reached v1 and v2: calls cross clusters.',
      ].join('\n'),
    );
  });

  it('shows a version nobody expected in its own column without failing on it', () => {
    const result = verdict([{ cluster: 'alpha', results: [answer('v1'), answer('v2'), answer('v3')] }], both);
    expect(result.passed).toBe(true);
    expect(result.report.split('\n').slice(0, 2)).toEqual(['cluster  calls  v1  v2  v3  errors  verdict', 'alpha        3   1   1   1       0  pass']);
  });

  it('fails with no clusters at all', () => {
    expect(verdict([], both).passed).toBe(false);
  });
});
