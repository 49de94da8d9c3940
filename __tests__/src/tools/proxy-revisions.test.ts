import { proxyRevisionsCall, staleProxies, staleProxyReport } from '../../../src/tools/proxy-revisions';

describe('proxy revisions', () => {
  it('asks one cluster, by context, for every injected pod and its istio.io/rev label', () => {
    const argv = proxyRevisionsCall('gke_p_l_a');
    expect(argv.slice(0, 2)).toEqual(['kubectl', '--context=gke_p_l_a']);
    expect(argv.join(' ')).toContain('get pods --all-namespaces -l istio.io/rev -o jsonpath=');
    // namespace/name, a space and the label, one pod a line: the format staleProxies reads.
    expect(argv[argv.length - 1]).toMatch(
      /^jsonpath=\{range \.items\[\*\]\}\{\.metadata\.namespace\}\/\{\.metadata\.name\} \{\.metadata\.labels\.istio\\\.io\/rev\}\{"\\n"\}\{end\}$/,
    );
  });

  it('keeps the pods of another revision, ignoring blank and malformed lines', () => {
    const output = 'shop/cart-1 asm-127\nshop/cart-2 asm-128\n\nnot a pod line\nweb/front asm-canary\n';
    expect(staleProxies(output, 'asm-128')).toEqual([
      { pod: 'shop/cart-1', revision: 'asm-127' },
      { pod: 'web/front', revision: 'asm-canary' },
    ]);
    expect(staleProxies('shop/cart-2 asm-128\n', 'asm-128')).toEqual([]);
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
