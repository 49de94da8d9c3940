import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../../support/repo-paths';
import { readLog, toolSandbox } from '../../support/tool-sandbox';

const SCRIPT = path.join(REPO_ROOT, 'lib', 'mesh', 'asm-install.sh');
const TARGET = { ASM_PROJECT: 'p-123456', ASM_CLUSTER: 'alpha', ASM_LOCATION: 'us-central1' };

function run(args: string[], env: Record<string, string>) {
  const box = toolSandbox();
  const result = spawnSync(path.join(box.bin, 'bash'), [SCRIPT, ...args], {
    env: { PATH: box.bin, LOG_DIR: box.logs, ...TARGET, ...env },
    // stdin not a socket: bash reads ~/.bashrc when stdin is one (as under rshd/sshd), and Node's pipes are sockets.
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  const calls = readLog(box, 'calls').split('\n').filter(Boolean);
  const hooks = readLog(box, 'webhooks.gke_p-123456_us-central1_alpha.json');
  const webhooks = (hooks ? JSON.parse(hooks) : []) as WebhookConfiguration[];
  return { status: result.status, stderr: result.stderr, calls, kubectl: calls.filter((line) => line.startsWith('kubectl ')), webhooks };
}

interface WebhookConfiguration {
  kind: string;
  metadata: { name: string; labels: Record<string, string> };
  webhooks: { clientConfig: { service: { name: string }; caBundle: string } }[];
}

/** Each configuration left in the fake cluster: kind/name -> its revision label, the service and CA bundle it calls. */
const summary = (hooks: readonly WebhookConfiguration[]) =>
  Object.fromEntries(
    hooks.map((hook) => [
      `${hook.kind}/${hook.metadata.name}`,
      `${hook.metadata.labels['istio.io/rev']} ${hook.webhooks[0].clientConfig.service.name} ${hook.webhooks[0].clientConfig.caBundle}`,
    ]),
  );

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

  it('moves the default tag and the default validator to the serving revision before removing the old one, as istioctl tag set default does', () => {
    const result = retire({ FAKE_WEBHOOKS: 'asm-127:default asm-128', FAKE_ISTIOD_REVS: 'asm-127 asm-128', FAKE_POD_REVS: 'shop/cart=asm-128' });
    expect(result.stderr).not.toContain('refusing');
    expect(result.status).toBe(0);
    expect(summary(result.webhooks)).toEqual({
      'MutatingWebhookConfiguration/istio-sidecar-injector-asm-128': 'asm-128 istiod-asm-128 ca-asm-128',
      'ValidatingWebhookConfiguration/istio-validator-asm-128-istio-system': 'asm-128 istiod-asm-128 ca-asm-128',
      // istio-injection=enabled namespaces and revision-less resources are served by the new istiod.
      'MutatingWebhookConfiguration/istio-revision-tag-default': 'asm-128 istiod-asm-128 ca-asm-128',
      'ValidatingWebhookConfiguration/istiod-default-validator': 'asm-128 istiod-asm-128 ca-asm-128',
    });
    expect(result.webhooks.find((hook) => hook.metadata.name === 'istio-revision-tag-default')!.metadata.labels['istio.io/tag']).toBe('default');
    expect(result.stderr).toContain('moved mutatingwebhookconfiguration istio-revision-tag-default to revision asm-128');
  });

  it('leaves the default alone when another revision owns it', () => {
    const result = retire({ FAKE_WEBHOOKS: 'asm-126:default asm-127 asm-128' });
    expect(result.status).toBe(0);
    expect(summary(result.webhooks)['MutatingWebhookConfiguration/istio-revision-tag-default']).toBe('asm-126 istiod-asm-126 ca-asm-126');
    expect(Object.keys(summary(result.webhooks)).filter((name) => name.includes('asm-127'))).toEqual([]);
  });

  it('refuses, deleting nothing, when the serving revision has no webhook of its own to take the default over', () => {
    const result = retire({ FAKE_WEBHOOKS: 'asm-127:default' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('cannot move mutatingwebhookconfiguration istio-revision-tag-default to asm-128');
    expect(result.kubectl.filter((line) => line.includes(' delete '))).toEqual([]);
  });

  it("does not count the control plane's own pods: istiod is labelled with its revision, but is not injected", () => {
    const result = retire({ FAKE_ISTIOD_REVS: 'asm-127 asm-128' });
    expect(result.stderr).not.toContain('refusing');
    expect(result.status).toBe(0);
  });

  it('needs jq, and names it', () => {
    const box = toolSandbox(['jq']);
    const result = spawnSync(path.join(box.bin, 'bash'), [SCRIPT, 'retire'], {
      env: { PATH: box.bin, LOG_DIR: box.logs, ...TARGET, ASM_REVISION: 'asm-127', ASM_SERVING_REVISION: 'asm-128' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('missing on the deploying machine: jq');
    expect(fs.existsSync(path.join(box.logs, 'calls'))).toBe(false);
  });

  it.each([
    ['a namespace', { FAKE_NAMESPACE_REVS: 'shop=asm-127' }, /namespaces \[shop\] and pods \[\]/],
    // Found by the annotations the injector wrote: the pods carry no istio.io/rev label.
    ['an injected pod', { FAKE_POD_REVS: 'shop/cart-1=asm-127 web/front=asm-128', FAKE_ISTIOD_REVS: 'asm-127' }, /namespaces \[\] and pods \[shop\/cart-1\]/],
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
    expect(result.stderr).toContain('restarting shop: shop/cart run another revision than asm-128');
  });

  it('restarts nothing when every pod already runs the revision, as on a first deploy', () => {
    const result = restart({ FAKE_POD_REVS: 'shop/cart=asm-128' });
    expect(result.status).toBe(0);
    expect(result.kubectl.filter((line) => line.includes('rollout restart'))).toEqual([]);
  });
});
