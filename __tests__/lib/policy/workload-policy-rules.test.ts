import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { PolicyChecks } from '../../../lib/policy/policy-checks';
import { testStack } from '../../helpers';
import { describePolicyCases, k8s } from './policy-checks-fixture';
import { DIGEST_IMAGE, GOOD_CONTAINER, WORKLOAD_CASES } from './workload-policy-cases';

describe('the workload and RBAC policy rules', () => {
  describePolicyCases(WORKLOAD_CASES);

  /** The findings on one kubernetes_manifest workload with this pod spec. */
  const findingsOn = (kind: string, podSpec: Record<string, unknown>) => {
    const stack = testStack();
    new Manifest(stack, 'raw', {
      provider: k8s(stack),
      manifest: { apiVersion: 'apps/v1', kind, metadata: { name: 'x' }, spec: { template: { spec: podSpec } } },
    });
    const policy = new PolicyChecks();
    policy.check(stack, stack.toTerraform());
    return policy.findings.map((finding) => `${finding.rule} ${finding.message}`);
  };
  const manifest = (kind: string, container: Record<string, unknown>) => findingsOn(kind, { containers: [container] });
  const hardenedManifestContainer = { name: 'x', image: DIGEST_IMAGE, securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false } };

  it('reads probes and images of kubernetes_manifest workloads (camelCase) too, an empty probe counting as none, as in checkov', () => {
    expect(manifest('Deployment', hardenedManifestContainer)).toEqual(['MESH-POD-02 x has no liveness probe; x has no readiness probe']);
    expect(manifest('Deployment', { ...hardenedManifestContainer, image: 'r.example/x:1', livenessProbe: {}, readinessProbe: {} })).toEqual([
      'MESH-POD-02 x has no liveness probe; x has no readiness probe',
      'MESH-POD-03 x runs r.example/x:1, not pinned by digest',
    ]);
    expect(
      manifest('Deployment', { ...hardenedManifestContainer, livenessProbe: { tcpSocket: { port: 1 } }, readinessProbe: { tcpSocket: { port: 1 } } }),
    ).toEqual([]);
  });

  it('asks no probes of a Job, which is meant to end', () => {
    expect(manifest('Job', hardenedManifestContainer)).toEqual([]);
  });

  it('reads init containers for digests, but asks probes only of regular containers', () => {
    const init = { ...GOOD_CONTAINER, name: 'init', image: 'r.example/init:1', livenessProbe: undefined };
    expect(findingsOn('Deployment', { initContainers: [init], containers: [] })).toEqual(['MESH-POD-03 init runs r.example/init:1, not pinned by digest']);
  });
});
