/**
 * `npm run verify`'s revision check: after an upgrade, a pod keeps the sidecar it was injected
 * with until it restarts. The injector records the revision in the pod's annotations,
 * `sidecar.istio.io/status` (a JSON object with `revision`) and `istio.io/rev`, and sets no label
 * (istio/istio manifests/charts/istio-control/istio-discovery/files/injection-template.yaml,
 * pkg/kube/inject/webhook.go). Only injected pods carry the status, so istiod's own pods, which
 * their Deployment labels `istio.io/rev`, are not counted. Pure: scripts/verify.ts runs the command.
 */

/** Every pod of the cluster, as a JSON list: the annotations are read here, not by jsonpath. */
export function proxyRevisionsCall(context: string): string[] {
  return ['kubectl', `--context=${context}`, 'get', 'pods', '--all-namespaces', '-o', 'json'];
}

export interface StaleProxy {
  readonly pod: string;
  readonly revision: string;
}

interface PodList {
  readonly items?: readonly { readonly metadata?: { readonly namespace?: string; readonly name?: string; readonly annotations?: Record<string, string> } }[];
}

/** The revision Istio injected a pod's sidecar from, or undefined for a pod without one. */
export function injectedRevision(annotations: Readonly<Record<string, string>> = {}): string | undefined {
  const status = annotations['sidecar.istio.io/status'];
  if (status === undefined) return undefined;
  let revision: unknown;
  try {
    revision = (JSON.parse(status) as { revision?: unknown }).revision;
  } catch {
    // A status the injector did not write: fall back to the annotation beside it.
  }
  return typeof revision === 'string' && revision !== '' ? revision : (annotations['istio.io/rev'] ?? 'default');
}

/** The injected pods of `output` (from proxyRevisionsCall) whose proxy runs another revision than `serving`. */
export function staleProxies(output: string, serving: string): StaleProxy[] {
  let list: PodList;
  try {
    list = JSON.parse(output) as PodList;
  } catch {
    throw new Error(`kubectl get pods did not print a JSON list: ${output.slice(0, 80)}`);
  }
  return (list.items ?? []).flatMap((pod) => {
    const revision = injectedRevision(pod.metadata?.annotations);
    return revision !== undefined && revision !== serving ? [{ pod: `${pod.metadata?.namespace}/${pod.metadata?.name}`, revision }] : [];
  });
}

/** What verify prints for one cluster; the fix names the step the upgrade playbook (docs/operations.md) gives. */
export function staleProxyReport(cluster: string, serving: string, stale: readonly StaleProxy[]): string {
  if (stale.length === 0) return `${cluster}: every sidecar runs ${serving}`;
  const lines = stale.map((proxy) => `  ${proxy.pod} runs ${proxy.revision}`);
  return [
    `${cluster}: ${stale.length} pod(s) whose proxy runs another revision than ${serving}:`,
    ...lines,
    `  label their namespaces istio.io/rev=${serving} and restart them (kubectl -n NAMESPACE rollout restart deployment) before retiring the old revision`,
  ].join('\n');
}
