/**
 * The Defender built with sensitive-variable credentials, and readers of its synthesized JSON,
 * shared by the prisma-defender*.test.ts files.
 */
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { type TerraformStack, TerraformVariable } from 'cdktf';
import { ISTIO_RESOURCES } from '../../../lib/core/mesh-conventions';
import { PrismaDefender, type PrismaDefenderProps } from '../../../lib/workloads/prisma-defender';
import { logicalId, resourceAt, synth, type SynthJson, testStack } from '../../helpers';

export const CONSOLE = 'https://us-east1.cloud.twistlock.com/us-1-123456789';
export const IMAGE = 'registry.example.com/twistlock/defender:defender_32_07_123';
export const TYPES = [
  'kubernetes_namespace_v1',
  'kubernetes_service_account_v1',
  'kubernetes_cluster_role_v1',
  'kubernetes_cluster_role_binding_v1',
  'kubernetes_secret_v1',
  'kubernetes_resource_quota_v1',
  'kubernetes_daemon_set_v1',
  'kubernetes_manifest',
];
export const READ = ['get', 'list', 'watch'];
export const BASE_RULES = [
  { api_groups: [''], resources: ['pods', 'namespaces', 'nodes', 'services', 'endpoints', 'serviceaccounts', 'configmaps'], verbs: READ },
  { api_groups: ['apps'], resources: ['deployments', 'daemonsets', 'replicasets', 'statefulsets'], verbs: READ },
  { api_groups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: READ },
  { api_groups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'], verbs: READ },
  { api_groups: ['networking.k8s.io'], resources: ['networkpolicies', 'ingresses'], verbs: READ },
];
/** Istio's resources named one by one (checked against Istio's CRDs in mesh-conventions.test.ts): no wildcard. */
export const ISTIO_RULES = (['networking.istio.io', 'security.istio.io'] as const).map((group) => ({
  api_groups: [group],
  resources: [...ISTIO_RESOURCES[group]],
  verbs: READ,
}));

export type Props = Partial<Omit<PrismaDefenderProps, 'provider'>>;

/** The logical ID of the one resource of a type whose construct path is `<path>`. */
export const nameRef = (json: SynthJson, type: string, pathSuffix: string) => `\${${type}.${logicalId(json, type, pathSuffix)}.metadata[0].name}`;

/** A stack with the Defender, its credentials being sensitive variables `bundle`, `service_parameter` and `ws_address`. */
export function build(props: Props = {}, configure?: (stack: TerraformStack, provider: KubernetesProvider) => Props) {
  const stack = testStack();
  const provider = new KubernetesProvider(stack, 'k8s', { alias: 'a' });
  const variable = (name: string) => new TerraformVariable(stack, name, { type: 'string', sensitive: true }).stringValue;
  const construct = new PrismaDefender(stack, 'defender', {
    provider,
    consoleAddress: CONSOLE,
    image: IMAGE,
    clusterName: 'alpha',
    installBundle: variable('bundle'),
    serviceParameter: variable('service_parameter'),
    websocketAddress: variable('ws_address'),
    ...props,
    ...configure?.(stack, provider),
  });
  return { construct, json: synth(stack) };
}

export interface Container {
  name: string;
  image: string;
  env: { name: string; value?: string; value_from?: unknown }[];
  security_context: Record<string, unknown>;
  volume_mount: { name: string; mount_path: string; read_only: boolean }[];
  [field: string]: unknown;
}
export interface PodSpec {
  container: Container[];
  volume: { name: string; host_path?: { path: string }; secret?: unknown }[];
  [field: string]: unknown;
}
export const podSpecOf = (json: SynthJson) =>
  (resourceAt(json, 'kubernetes_daemon_set_v1', 'defender/daemon-set').spec as { template: { spec: PodSpec } }).template.spec;
export const envOf = (json: SynthJson) => Object.fromEntries(podSpecOf(json).container[0].env.map((each) => [each.name, each.value ?? each.value_from]));
