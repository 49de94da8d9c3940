import type { PolicyRule, ResourceBody } from './policy-rule';
import { isPinnedByDigest } from '../core/rules';
import { asList, attribute } from '../core/synthesized-stack';

/**
 * The synth-time policy rules on Kubernetes workloads and RBAC. checkov's Kubernetes rules read
 * only typed Deployments and Pods; these also read DaemonSets, StatefulSets and
 * `kubernetes_manifest` workloads, so a privileged DaemonSet or a manifest Deployment cannot slip
 * past them. A new workload must meet them or say why not with `waive()`.
 */

interface WorkloadPod {
  readonly pod: Record<string, unknown>;
  /** Init containers, native sidecars included. */
  readonly initContainers: Record<string, unknown>[];
  readonly containers: Record<string, unknown>[];
  /** The body is a manifest (camelCase keys), not a typed resource (snake_case). */
  readonly camel: boolean;
  /** Runs until deleted (not a Job). */
  readonly longRunning: boolean;
}

const LONG_RUNNING_KINDS = ['Deployment', 'DaemonSet', 'StatefulSet'];

/** The pod template of a workload, typed (snake_case) or a kubernetes_manifest (camelCase). */
function workloadPods(body: ResourceBody, type: string): WorkloadPod[] {
  if (type === 'kubernetes_manifest') {
    const manifest = body.manifest as Record<string, unknown> | undefined;
    const kind = String(manifest?.kind);
    if (!manifest || ![...LONG_RUNNING_KINDS, 'Job'].includes(kind)) return [];
    const pod = (attribute(manifest, 'spec', 'template', 'spec') ?? {}) as Record<string, unknown>;
    const list = (key: string) => asList(pod[key]) as Record<string, unknown>[];
    return [{ pod, initContainers: list('initContainers'), containers: list('containers'), camel: true, longRunning: LONG_RUNNING_KINDS.includes(kind) }];
  }
  const pod = (attribute(body, 'spec', 'template', 'spec') ?? {}) as Record<string, unknown>;
  const list = (key: string) => asList(pod[key]) as Record<string, unknown>[];
  return [{ pod, initContainers: list('init_container'), containers: list('container'), camel: false, longRunning: true }];
}

/** `snake` in a typed body, `camel` in a manifest. */
function keyOf(camel: boolean, snake: string, camelName: string): string {
  return camel ? camelName : snake;
}

/** Set and not empty: checkov, too, counts an empty probe block as none. */
function present(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0 && present(value[0]);
  return value !== undefined && value !== null && (typeof value !== 'object' || Object.keys(value).length > 0);
}

function problems(list: string[]): string | undefined {
  return list.length > 0 ? list.join('; ') : undefined;
}

const WORKLOADS = ['kubernetes_deployment_v1', 'kubernetes_daemon_set_v1', 'kubernetes_stateful_set_v1', 'kubernetes_manifest'];
const HOST_NAMESPACES = [
  ['host_pid', 'hostPID'],
  ['host_network', 'hostNetwork'],
  ['host_ipc', 'hostIPC'],
] as const;

export const WORKLOAD_POLICY_RULES: readonly PolicyRule[] = [
  {
    id: 'MESH-POD-01',
    title: 'Pods run as non-root without privilege escalation',
    scanners: 'CKV_K8S_20, CKV_K8S_23, AVD-KSV-0001, AVD-KSV-0012',
    resourceTypes: WORKLOADS,
    check: (body, type) => {
      const found: string[] = [];
      for (const { pod, initContainers, containers, camel } of workloadPods(body, type)) {
        const context = keyOf(camel, 'security_context', 'securityContext');
        const podNonRoot = attribute(pod, context, keyOf(camel, 'run_as_non_root', 'runAsNonRoot')) === true;
        for (const container of [...initContainers, ...containers]) {
          const own = attribute(container, context);
          if (!podNonRoot && attribute(own, keyOf(camel, 'run_as_non_root', 'runAsNonRoot')) !== true) found.push(`${String(container.name)} may run as root`);
          if (attribute(own, keyOf(camel, 'allow_privilege_escalation', 'allowPrivilegeEscalation')) !== false)
            found.push(`${String(container.name)} may escalate privileges`);
        }
      }
      return problems(found);
    },
    fix: 'set runAsNonRoot: true (pod or container) and allowPrivilegeEscalation: false on every container',
  },
  {
    id: 'MESH-POD-02',
    title: 'Long-running containers have liveness and readiness probes',
    scanners: 'CKV_K8S_8, CKV_K8S_9',
    resourceTypes: WORKLOADS,
    check: (body, type) => {
      const found: string[] = [];
      for (const { containers, camel, longRunning } of workloadPods(body, type)) {
        if (!longRunning) continue;
        for (const container of containers) {
          if (!present(container[keyOf(camel, 'liveness_probe', 'livenessProbe')])) found.push(`${String(container.name)} has no liveness probe`);
          if (!present(container[keyOf(camel, 'readiness_probe', 'readinessProbe')])) found.push(`${String(container.name)} has no readiness probe`);
        }
      }
      return problems(found);
    },
    fix: "add a liveness and a readiness probe that a healthy container always passes (an HTTP or TCP check of its port, or an exec of the container's own command)",
  },
  {
    id: 'MESH-POD-03',
    title: 'Images are pinned by digest',
    scanners: 'CKV_K8S_43',
    resourceTypes: WORKLOADS,
    check: (body, type) =>
      problems(
        workloadPods(body, type).flatMap(({ initContainers, containers }) =>
          [...initContainers, ...containers]
            .filter((container) => !isPinnedByDigest(String(container.image ?? '')))
            .map((container) => `${String(container.name)} runs ${String(container.image)}, not pinned by digest`),
        ),
      ),
    fix: 'reference the image as registry/path@sha256:<digest> (the tag may stay before the @)',
  },
  {
    id: 'MESH-POD-04',
    title: 'Pods share no host namespace and add no capabilities',
    scanners: 'CKV_K8S_16, CKV_K8S_17, CKV_K8S_18, CKV_K8S_19, CKV_K8S_25 (checkov reads them on Deployments and Pods only)',
    resourceTypes: WORKLOADS,
    check: (body, type) => {
      const found: string[] = [];
      for (const { pod, initContainers, containers, camel } of workloadPods(body, type)) {
        for (const [snake, camelName] of HOST_NAMESPACES) if (pod[keyOf(camel, snake, camelName)] === true) found.push(`the pod sets ${camelName}`);
        for (const container of [...initContainers, ...containers]) {
          const context = attribute(container, keyOf(camel, 'security_context', 'securityContext'));
          if (attribute(context, 'privileged') === true) found.push(`${String(container.name)} is privileged`);
          const added = asList(attribute(context, 'capabilities', 'add'));
          if (added.length > 0) found.push(`${String(container.name)} adds ${added.join(', ')}`);
        }
      }
      return problems(found);
    },
    fix: 'drop hostPID, hostNetwork, hostIPC, privileged and capabilities.add',
  },
  {
    id: 'MESH-RBAC-01',
    title: 'Roles grant no wildcard API group, resource or verb',
    scanners: 'CKV_K8S_49',
    resourceTypes: ['kubernetes_role_v1', 'kubernetes_cluster_role_v1'],
    check: (body) =>
      problems(
        asList(body.rule).flatMap((rule, index) =>
          (['api_groups', 'resources', 'verbs'] as const)
            .filter((key) => asList(attribute(rule, key)).some((entry) => String(entry).includes('*')))
            .map((key) => `rule ${index} has a wildcard in ${key}`),
        ),
      ),
    fix: 'name every API group, resource and verb the role needs',
  },
];
