import { isPinnedByDigest } from './rules';
import { CHECKOV_POD_OWNER_TYPES, kicsReadsPodSpec } from './scanner-ids';

/**
 * The Pod Security "restricted" profile as kubernetes provider settings, shared by every
 * Deployment the app emits: non-root, no privilege escalation, no capabilities, RuntimeDefault
 * seccomp, a read-only root filesystem where the image allows it, and bounded resources.
 */

export interface ContainerResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

/** Pod-level settings; they also cover containers the sidecar injector adds. */
export function restrictedPodSecurity(runAsUser: number) {
  return {
    runAsNonRoot: true,
    runAsUser: String(runAsUser),
    runAsGroup: String(runAsUser),
    fsGroup: String(runAsUser),
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Container-level settings. */
export function restrictedContainerSecurity(options: { readOnlyRootFilesystem?: boolean } = {}) {
  return {
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: options.readOnlyRootFilesystem ?? true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

export function containerResources(resources: ContainerResources) {
  return {
    requests: { cpu: resources.requests.cpu, memory: resources.requests.memory },
    limits: { cpu: resources.limits.cpu, memory: resources.limits.memory },
  };
}

export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

/**
 * Pod Security Admission labels: enforce a level, and audit and warn at `restricted` so anything
 * weaker than restricted shows up in audit logs and kubectl warnings.
 */
export function podSecurityLabels(enforce: PodSecurityLevel, auditAndWarn: PodSecurityLevel = 'restricted'): Record<string, string> {
  return {
    'pod-security.kubernetes.io/enforce': enforce,
    'pod-security.kubernetes.io/audit': auditAndWarn,
    'pod-security.kubernetes.io/warn': auditAndWarn,
  };
}

/** A writable /tmp for images that need one under a read-only root filesystem. */
export const TMP_VOLUME = { name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } };
export const TMP_MOUNT = { name: 'tmp', mountPath: '/tmp' };

/**
 * An image with the pull policy that fits it. A digest never changes, so the node's copy is
 * used (Kubernetes' default for a digest, IfNotPresent, which checkov CKV_K8S_15 accepts only
 * when left implicit); a tag may move, so Always fetches what it names now.
 */
export function imageWithPullPolicy(image: string): { image: string; imagePullPolicy?: string } {
  return isPinnedByDigest(image) ? { image } : { image, imagePullPolicy: 'Always' };
}

/** The waiver a workload with restrictedPodSecurity() records: kics looks for seccomp in a deprecated annotation only. */
export const SECCOMP_ANNOTATION_WAIVER = {
  rule: 'kics 455f2e0c (Seccomp Profile Is Not Configured)',
  reason:
    "The pod's securityContext sets seccompProfile: RuntimeDefault, the field that replaced the seccomp annotations in Kubernetes 1.19; the query reads only an annotation.",
};

/**
 * The waiver a workload of `resourceType` records while its image is referenced by tag, naming
 * where to pin it, and the scanners' digest rules that read that type.
 */
export function taggedImageWaiver(setting: string, resourceType: string): { rule: string; reason: string } {
  const rules = [
    'MESH-POD-03',
    ...(CHECKOV_POD_OWNER_TYPES.includes(resourceType) ? ['CKV_K8S_43'] : []),
    ...(kicsReadsPodSpec(resourceType) ? ['kics 228c4c19'] : []),
  ];
  return {
    rule: `${rules.join(', ')} (image by digest)`,
    reason: `The image is referenced by tag. The app ships no digests: none could be verified against the registries, and none is invented. Set ${setting} to registry/path@sha256:<digest> to pin it.`,
  };
}
