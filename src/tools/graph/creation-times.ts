import { type BlockKind, type BlockConfig, firstBlock } from '../../../lib/core/synthesized-stack';

/**
 * Typical creation times in seconds, by resource type: measured-ish figures for a fresh
 * project. They only need to be right relative to each other for the critical path to mean
 * something.
 */

const MINUTE = 60;

export const TYPICAL_SECONDS: Readonly<Record<string, number>> = {
  /** Private regional cluster with its default pool removed. */
  google_container_cluster: 8 * MINUTE,
  google_container_node_pool: 4 * MINUTE,
  google_sql_database_instance: 10 * MINUTE,
  /** VPC peering with servicenetworking. */
  google_service_networking_connection: 2 * MINUTE,
  /** Enabling an API. */
  google_project_service: 1 * MINUTE,
  /** Fleet feature (servicemesh): project-level enablement, like an API. */
  google_gke_hub_feature: 1 * MINUTE,
  /** The asm install: `terraform_data` whose local-exec runs asmcli against the cluster. */
  terraform_data: 6 * MINUTE,
  /** The kubernetes provider waits for the rollout. */
  kubernetes_deployment_v1: 1 * MINUTE,
  kubernetes_daemon_set_v1: 1 * MINUTE,
};

/** A `kubernetes_service_v1` of type LoadBalancer waits for the load balancer's address. */
export const LOAD_BALANCER_SERVICE_SECONDS = 2 * MINUTE;
/** Any other `google_*` resource: networks, subnets, firewall rules, IAM, service accounts. */
export const OTHER_GOOGLE_SECONDS = 20;
/** Any other kubernetes object: an API call. */
export const KUBERNETES_OBJECT_SECONDS = 5;
/** Resources computed locally (`tls_*`, `random_*`, `time_*`). */
export const LOCAL_SECONDS = 1;
/** Anything else. */
export const OTHER_SECONDS = 10;

/** Typical creation time of one block; data sources are read during plan and count as 0. */
export function typicalSeconds(kind: BlockKind, type: string, config: BlockConfig = {}): number {
  if (kind === 'data') return 0;
  if (type === 'terraform_data') return terraformDataSeconds(config);
  if (type in TYPICAL_SECONDS) return TYPICAL_SECONDS[type];
  if (type === 'kubernetes_service_v1' && isLoadBalancerService(config)) return LOAD_BALANCER_SERVICE_SECONDS;
  if (type.startsWith('google_')) return OTHER_GOOGLE_SECONDS;
  if (type.startsWith('kubernetes_')) return KUBERNETES_OBJECT_SECONDS;
  if (/^(tls|random|time)_/.test(type)) return LOCAL_SECONDS;
  return OTHER_SECONDS;
}

/**
 * The install run and the managed-mesh wait take minutes; a revision record (destroy-time
 * provisioner only) costs nothing, and a restart or retirement is a few kubectl calls.
 */
function terraformDataSeconds(config: BlockConfig): number {
  const provisioners = (Array.isArray(config.provisioner) ? config.provisioner : []) as { 'local-exec'?: { command?: string; when?: string } }[];
  const create = provisioners.map((provisioner) => provisioner['local-exec']).find((exec) => exec && exec.when === undefined);
  if (!create) return 0;
  if (/asm-install\.sh (restart|retire)\b/.test(create.command ?? '')) return OTHER_SECONDS;
  return TYPICAL_SECONDS.terraform_data;
}

function isLoadBalancerService(config: BlockConfig): boolean {
  return firstBlock(config.spec)?.type === 'LoadBalancer' && config.wait_for_load_balancer !== false;
}
