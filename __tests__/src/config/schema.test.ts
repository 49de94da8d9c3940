/**
 * Every Kubernetes and Istio object the app creates, converted from the synthesized Terraform
 * JSON to the API object the kubernetes provider sends (__tests__/support/kubernetes-objects.ts),
 * validates against the upstream schemas: kubernetes-models for Kubernetes, @kubernetes-models/istio
 * for Istio (v1 objects against the schema-identical v1beta1 models).
 */
import { type KubernetesObjectEntry, kubernetesObjects } from '../../support/kubernetes-objects';
import { validateObject } from '../../support/kubernetes-object-validation';
import { cases, kindOf, STACKS, synthesized } from './schema-fixture';

function countByKind(entries: readonly KubernetesObjectEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { object } of entries) counts[kindOf(object)] = (counts[kindOf(object)] ?? 0) + 1;
  return counts;
}

describe('every emitted Kubernetes / Istio object validates against its upstream schema', () => {
  test.each(cases)('$name', ({ object }) => {
    expect(validateObject(object)).toEqual([]);
  });
});

describe('the objects found', () => {
  test.each(Object.entries(synthesized).flatMap(([name, stacks]) => STACKS.map((stack) => [name, stack, stacks[stack]] as const)))(
    '%s / %s: one object per kubernetes_* resource',
    (_config, _stack, json) => {
      const resourceCount = Object.entries(json.resource ?? {})
        .filter(([type]) => type.startsWith('kubernetes_'))
        .reduce((sum, [, byId]) => sum + Object.keys(byId).length, 0);
      expect(kubernetesObjects(json)).toHaveLength(resourceCount);
    },
  );

  it('for the default config, are these kinds, so many of each', () => {
    const stacks = synthesized.default;
    expect(countByKind(kubernetesObjects(stacks.platform))).toEqual({});
    expect(countByKind(kubernetesObjects(stacks.mesh))).toEqual({
      'v1/Namespace': 2,
      'v1/ServiceAccount': 2,
      'v1/Secret': 4, // per cluster: the reader's token, and the remote secret for the other cluster
      'rbac.authorization.k8s.io/v1/ClusterRole': 2,
      'rbac.authorization.k8s.io/v1/ClusterRoleBinding': 2,
    });
    expect(countByKind(kubernetesObjects(stacks.workloads))).toEqual({
      'v1/Namespace': 4,
      'v1/ServiceAccount': 6,
      'v1/Secret': 2,
      'v1/Service': 4,
      'apps/v1/Deployment': 6,
      'autoscaling/v2/HorizontalPodAutoscaler': 2,
      'policy/v1/PodDisruptionBudget': 2,
      'rbac.authorization.k8s.io/v1/Role': 2,
      'rbac.authorization.k8s.io/v1/RoleBinding': 2,
      'networking.k8s.io/v1/NetworkPolicy': 10,
      'networking.istio.io/v1/Gateway': 2,
      'networking.istio.io/v1/VirtualService': 2,
      'security.istio.io/v1/PeerAuthentication': 2,
    });
  });

  it('with every feature on, include the Cloud SQL client and the Defender in each cluster', () => {
    const kinds = countByKind(kubernetesObjects(synthesized['all features (Cloud SQL, Prisma Cloud)'].workloads));
    expect(kinds).toMatchObject({ 'apps/v1/DaemonSet': 2, 'networking.istio.io/v1/ServiceEntry': 4, 'apps/v1/Deployment': 8 });
  });

  it('for managed ASM, include the managed control plane config maps', () => {
    expect(countByKind(kubernetesObjects(synthesized['managed ASM'].mesh))).toEqual({ 'v1/Namespace': 2, 'v1/ConfigMap': 6 });
  });
});
