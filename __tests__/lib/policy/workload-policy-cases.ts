import { ClusterRoleV1 } from '@cdktf/provider-kubernetes/lib/cluster-role-v1';
import { DaemonSetV1 } from '@cdktf/provider-kubernetes/lib/daemon-set-v1';
import { DeploymentV1, type DeploymentV1SpecTemplateSpecContainer } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { type TerraformStack } from 'cdktf';
import { k8s, type PolicyCase } from './policy-checks-fixture';

export const DIGEST_IMAGE = `registry.example.com/app@sha256:${'0'.repeat(64)}`;
const HARDENED = { runAsNonRoot: true, allowPrivilegeEscalation: false };
const PROBE = { tcpSocket: [{ port: '8080' }] };

/** A container that meets every workload rule. */
export const GOOD_CONTAINER: DeploymentV1SpecTemplateSpecContainer = {
  name: 'app',
  image: DIGEST_IMAGE,
  securityContext: HARDENED,
  livenessProbe: PROBE,
  readinessProbe: PROBE,
};

function deployment(stack: TerraformStack, container: DeploymentV1SpecTemplateSpecContainer, pod: { hostNetwork?: boolean } = {}): void {
  new DeploymentV1(stack, 'app', {
    provider: k8s(stack),
    metadata: { name: 'app' },
    spec: { selector: { matchLabels: { app: 'a' } }, template: { metadata: { labels: { app: 'a' } }, spec: { ...pod, container: [container] } } },
  });
}

/** The workload and RBAC rules (lib/policy/workload-policy-rules.ts), each broken by exactly one change. */
export const WORKLOAD_CASES: Record<string, PolicyCase> = {
  'MESH-POD-01': {
    build: (stack, bad) => deployment(stack, { ...GOOD_CONTAINER, securityContext: bad ? { allowPrivilegeEscalation: false } : HARDENED }),
    expect: /app may run as root/,
  },
  'MESH-POD-02': {
    build: (stack, bad) => deployment(stack, { ...GOOD_CONTAINER, readinessProbe: bad ? undefined : PROBE }),
    expect: /^app has no readiness probe$/,
  },
  'MESH-POD-03': {
    build: (stack, bad) => deployment(stack, { ...GOOD_CONTAINER, image: bad ? 'registry.example.com/app:1.0' : DIGEST_IMAGE }),
    expect: /^app runs registry\.example\.com\/app:1\.0, not pinned by digest$/,
  },
  'MESH-POD-04': {
    build: (stack, bad) =>
      new DaemonSetV1(stack, 'agent', {
        provider: k8s(stack),
        metadata: { name: 'agent' },
        spec: {
          selector: { matchLabels: { app: 'a' } },
          template: { metadata: { labels: { app: 'a' } }, spec: { hostPid: bad, container: [GOOD_CONTAINER] } },
        },
      }),
    expect: /^the pod sets hostPID$/,
  },
  'MESH-RBAC-01': {
    build: (stack, bad) =>
      new ClusterRoleV1(stack, 'role', {
        provider: k8s(stack),
        metadata: { name: 'reader' },
        rule: [{ apiGroups: ['networking.istio.io'], resources: bad ? ['*'] : ['virtualservices'], verbs: ['get', 'list', 'watch'] }],
      }),
    expect: /^rule 0 has a wildcard in resources$/,
  },
};
