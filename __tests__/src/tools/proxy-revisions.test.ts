import { injectedRevision, proxyRevisionsCall, staleProxies, staleProxyReport } from '../../../src/tools/proxy-revisions';

/**
 * A pod as Istio's injector leaves it: the revision in annotations only (istio/istio
 * manifests/charts/istio-control/istio-discovery/files/injection-template.yaml).
 */
const injected = (namespace: string, name: string, revision: string) => ({
  metadata: {
    namespace,
    name,
    labels: { app: name },
    annotations: {
      'istio.io/rev': revision,
      'sidecar.istio.io/status': JSON.stringify({
        initContainers: ['istio-init'],
        containers: ['istio-proxy'],
        volumes: ['istio-envoy'],
        imagePullSecrets: null,
        revision,
      }),
    },
  },
});
/** istiod's pod: labelled with its revision by its Deployment, never injected. */
const istiod = (revision: string) => ({
  metadata: { namespace: 'istio-system', name: `istiod-${revision}-abc`, labels: { app: 'istiod', 'istio.io/rev': revision } },
});
const list = (...items: object[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });

describe('proxy revisions', () => {
  it('asks one cluster, by context, for every pod as JSON, whose annotations it reads', () => {
    expect(proxyRevisionsCall('gke_p_l_a')).toEqual(['kubectl', '--context=gke_p_l_a', 'get', 'pods', '--all-namespaces', '-o', 'json']);
  });

  it('keeps the injected pods of another revision, found by annotation, not the control plane', () => {
    const output = list(
      injected('shop', 'cart-1', 'asm-127'),
      injected('shop', 'cart-2', 'asm-128'),
      istiod('asm-127'),
      injected('web', 'front', 'asm-canary'),
      {
        metadata: { namespace: 'kube-system', name: 'dns' },
      },
    );
    expect(staleProxies(output, 'asm-128')).toEqual([
      { pod: 'shop/cart-1', revision: 'asm-127' },
      { pod: 'web/front', revision: 'asm-canary' },
    ]);
    expect(staleProxies(list(injected('shop', 'cart-2', 'asm-128'), istiod('asm-127')), 'asm-128')).toEqual([]);
  });

  it('reads the status first, then the istio.io/rev annotation, then "default"', () => {
    expect(injectedRevision({ 'sidecar.istio.io/status': '{"revision":"asm-127"}', 'istio.io/rev': 'other' })).toBe('asm-127');
    expect(injectedRevision({ 'sidecar.istio.io/status': '{}', 'istio.io/rev': 'asm-126' })).toBe('asm-126');
    expect(injectedRevision({ 'sidecar.istio.io/status': 'not json' })).toBe('default');
    expect(injectedRevision({ 'istio.io/rev': 'asm-127' })).toBeUndefined();
  });

  it('names output that is no pod list', () => {
    expect(() => staleProxies('error: You must be logged in', 'asm-128')).toThrow('kubectl get pods did not print a JSON list: error: You must be logged in');
  });

  it('reports each stale pod and the fix', () => {
    expect(staleProxyReport('alpha', 'asm-128', [])).toBe('alpha: every sidecar runs asm-128');
    const report = staleProxyReport('alpha', 'asm-128', [{ pod: 'shop/cart-1', revision: 'asm-127' }]);
    expect(report.split('\n')).toEqual([
      'alpha: 1 pod(s) whose proxy runs another revision than asm-128:',
      '  shop/cart-1 runs asm-127',
      '  label their namespaces istio.io/rev=asm-128 and restart them (kubectl -n NAMESPACE rollout restart deployment) before retiring the old revision',
    ]);
  });
});
