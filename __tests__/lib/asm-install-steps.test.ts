import { spawnSync } from 'child_process';
import * as path from 'path';
import { REPO_ROOT } from '../helpers';
import { readLog, toolSandbox } from '../support/tool-sandbox';

const SCRIPT = path.join(REPO_ROOT, 'lib', 'asm-install.sh');
const TARGET = { ASM_PROJECT: 'p-123456', ASM_CLUSTER: 'alpha', ASM_LOCATION: 'us-central1' };

function run(args: string[], env: Record<string, string>) {
  const box = toolSandbox();
  const result = spawnSync(path.join(box.bin, 'bash'), [SCRIPT, ...args], { env: { PATH: box.bin, LOG_DIR: box.logs, ...TARGET, ...env }, encoding: 'utf8' });
  const calls = readLog(box, 'calls').split('\n').filter(Boolean);
  return { status: result.status, stderr: result.stderr, calls, kubectl: calls.filter((line) => line.startsWith('kubectl ')) };
}

describe('asm-install.sh retire', () => {
  const retire = (env: Record<string, string> = {}) => run(['retire'], { ASM_REVISION: 'asm-127', ASM_SERVING_REVISION: 'asm-128', ...env });

  it('removes the webhooks, then the control plane, of that revision alone', () => {
    const result = retire({ FAKE_NAMESPACE_REVS: 'shop=asm-128', FAKE_POD_REVS: 'shop/cart=asm-128' });
    expect(result.status).toBe(0);
    expect(result.kubectl.filter((line) => line.includes(' delete '))).toEqual([
      'kubectl delete mutatingwebhookconfiguration,validatingwebhookconfiguration -l istio.io/rev=asm-127 --ignore-not-found',
      'kubectl -n istio-system delete deployment,service,horizontalpodautoscaler,poddisruptionbudget,configmap -l istio.io/rev=asm-127 --ignore-not-found',
    ]);
  });

  it.each([
    ['a namespace', { FAKE_NAMESPACE_REVS: 'shop=asm-127' }, /namespaces \[shop\] and pods \[\]/],
    ['a pod', { FAKE_POD_REVS: 'shop/cart-1=asm-127 web/front=asm-128' }, /namespaces \[\] and pods \[shop\/cart-1\]/],
  ])('refuses while %s still uses it, deleting nothing', (_what, env, names) => {
    const result = retire(env);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^asm-install: refusing to retire revision asm-127 in alpha: still used by /m);
    expect(result.stderr).toMatch(names);
    expect(result.stderr).toContain('Label them istio.io/rev=asm-128');
    expect(result.kubectl.filter((line) => line.includes(' delete '))).toEqual([]);
  });

  it('refuses the serving revision before touching the cluster', () => {
    const result = retire({ ASM_REVISION: 'asm-128' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('refusing to retire asm-128: it is the serving revision');
    expect(result.calls).toEqual([]);
  });
});

describe('asm-install.sh restart', () => {
  const restart = (env: Record<string, string>) => run(['restart', 'shop', 'web'], { ASM_REVISION: 'asm-128', FAKE_WORKLOAD_NAMESPACES: 'shop web', ...env });

  it('restarts the workloads of a namespace whose pods run another revision, and only there', () => {
    const result = restart({ FAKE_POD_REVS: 'shop/cart=asm-127 web/front=asm-128' });
    expect(result.status).toBe(0);
    expect(result.kubectl.filter((line) => line.includes('rollout restart'))).toEqual(['kubectl -n shop rollout restart deployment.apps/app']);
  });

  it('restarts nothing when every pod already runs the revision, as on a first deploy', () => {
    const result = restart({ FAKE_POD_REVS: 'shop/cart=asm-128' });
    expect(result.status).toBe(0);
    expect(result.kubectl.filter((line) => line.includes('rollout restart'))).toEqual([]);
  });
});
