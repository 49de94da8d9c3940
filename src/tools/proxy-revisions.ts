/**
 * `npm run verify`'s revision check: after an upgrade, a pod keeps the sidecar it was injected
 * with until it restarts. The injector labels every pod it injects with `istio.io/rev` (istio/istio,
 * manifests/charts/istio-control/istio-discovery/files/injection-template.yaml), so pods labelled
 * with another revision still run that revision's proxy. Pure: scripts/verify.ts runs the command.
 */

/** Every injected pod of the cluster with its revision, one `namespace/name revision` a line. */
export function proxyRevisionsCall(context: string): string[] {
  return [
    'kubectl',
    `--context=${context}`,
    'get',
    'pods',
    '--all-namespaces',
    '-l',
    'istio.io/rev',
    '-o',
    'jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name} {.metadata.labels.istio\\.io/rev}{"\\n"}{end}',
  ];
}

export interface StaleProxy {
  readonly pod: string;
  readonly revision: string;
}

/** The pods of `output` (from proxyRevisionsCall) whose proxy runs another revision than `serving`. */
export function staleProxies(output: string, serving: string): StaleProxy[] {
  return output
    .split(/\r?\n/)
    .map((line) => /^(\S+\/\S+) (\S+)$/.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null && match[2] !== serving)
    .map((match) => ({ pod: match[1], revision: match[2] }));
}

/** What verify prints for one cluster; the fix names the step the README's upgrade playbook gives. */
export function staleProxyReport(cluster: string, serving: string, stale: readonly StaleProxy[]): string {
  if (stale.length === 0) return `${cluster}: every sidecar runs ${serving}`;
  const lines = stale.map((proxy) => `  ${proxy.pod} runs ${proxy.revision}`);
  return [
    `${cluster}: ${stale.length} pod(s) whose proxy runs another revision than ${serving}:`,
    ...lines,
    `  label their namespaces istio.io/rev=${serving} and restart them (kubectl -n NAMESPACE rollout restart deployment) before retiring the old revision`,
  ].join('\n');
}
