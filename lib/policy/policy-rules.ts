import type { PolicyRule } from './policy-rule';
import { asList, attribute, isExpression } from '../core/synthesized-stack';
import { WORKLOAD_POLICY_RULES } from './workload-policy-rules';

/**
 * The synth-time policy rules, modelled on the CIS GKE Benchmark and on the GCP and Kubernetes
 * rules of checkov, trivy and kics. Each reads one resource's Terraform body (snake_case, as
 * synthesized) and says what is wrong, or nothing.
 */

const OPEN_TO_THE_WORLD = ['0.0.0.0/0', '::/0'];
const ADMIN_PORTS = [22, 3389, 443, 6443, 10250];

function portsCover(ports: unknown, candidates: readonly number[]): boolean {
  const entries = asList(ports) as string[];
  if (entries.length === 0) return true; // no ports: every port
  return entries.some((entry) => {
    const [low, high] = String(entry).split('-').map(Number);
    return candidates.some((port) => port >= low && port <= (high ?? low));
  });
}

const NODE_CONFIG_OWNERS = ['google_container_cluster', 'google_container_node_pool'];

export const POLICY_RULES: readonly PolicyRule[] = [
  {
    id: 'MESH-GKE-01',
    title: 'GKE nodes are private',
    scanners: 'CKV_GCP_64, AVD-GCP-0059, kics f9905dd3',
    resourceTypes: ['google_container_cluster'],
    check: (body) =>
      attribute(body, 'private_cluster_config', 'enable_private_nodes') === true
        ? undefined
        : 'nodes have public IPs (private_cluster_config.enable_private_nodes is not true)',
    fix: 'set private_cluster_config.enable_private_nodes = true',
  },
  {
    id: 'MESH-GKE-02',
    title: 'Nodes run Container-Optimized OS with containerd',
    scanners: 'CKV_GCP_22, AVD-GCP-0054, kics 8a893e46',
    resourceTypes: NODE_CONFIG_OWNERS,
    check: (body) => {
      const image = attribute(body, 'node_config', 'image_type');
      if (image === undefined) return undefined; // GKE's default is COS_CONTAINERD
      return String(image).toUpperCase() === 'COS_CONTAINERD' ? undefined : `node image is ${String(image)}, not COS_CONTAINERD`;
    },
    fix: 'use image_type COS_CONTAINERD (CIS GKE and the scanners require Container-Optimized OS), or waive MESH-GKE-02 with a reason',
  },
  {
    id: 'MESH-GKE-03',
    title: 'Workload Identity is on',
    scanners: 'CIS GKE 5.2.2',
    resourceTypes: ['google_container_cluster'],
    check: (body) =>
      attribute(body, 'workload_identity_config', 'workload_pool') ? undefined : 'Workload Identity is off (no workload_identity_config.workload_pool)',
    fix: 'set workload_identity_config.workload_pool = "<project>.svc.id.goog"',
  },
  {
    id: 'MESH-GKE-04',
    title: 'Nodes use the GKE metadata server',
    scanners: 'CKV_GCP_69, AVD-GCP-0057, kics e858428b',
    resourceTypes: NODE_CONFIG_OWNERS,
    check: (body) => {
      if (attribute(body, 'node_config') === undefined) return undefined;
      const mode = attribute(body, 'node_config', 'workload_metadata_config', 'mode');
      return mode === 'GKE_METADATA' ? undefined : `pods can read the node's metadata (workload_metadata_config.mode is ${String(mode ?? 'unset')})`;
    },
    fix: 'set node_config.workload_metadata_config.mode = "GKE_METADATA"',
  },
  {
    id: 'MESH-GKE-05',
    title: 'Nodes boot with Secure Boot',
    scanners: 'CKV_GCP_68, CIS GKE 5.5.7',
    resourceTypes: NODE_CONFIG_OWNERS,
    check: (body) => {
      if (attribute(body, 'node_config') === undefined) return undefined;
      return attribute(body, 'node_config', 'shielded_instance_config', 'enable_secure_boot') === true
        ? undefined
        : 'Secure Boot is off (shielded_instance_config.enable_secure_boot)';
    },
    fix: 'set node_config.shielded_instance_config.enable_secure_boot = true',
  },
  {
    id: 'MESH-GKE-06',
    title: 'The control plane is not open to the internet',
    scanners: 'CKV_GCP_18, AVD-GCP-0053',
    resourceTypes: ['google_container_cluster'],
    check: (body) => {
      if (attribute(body, 'master_authorized_networks_config') === undefined) return 'no master authorized networks: the control plane accepts any source';
      const open = asList(attribute(body, 'master_authorized_networks_config', 'cidr_blocks')).find((block) =>
        OPEN_TO_THE_WORLD.includes(String(attribute(block, 'cidr_block'))),
      );
      return open ? `master authorized networks include ${String(attribute(open, 'cidr_block'))}` : undefined;
    },
    fix: 'list only admin networks in master_authorized_networks_config (authorizedNetworks in the config)',
  },
  {
    id: 'MESH-GKE-07',
    title: 'Nodes run as a dedicated service account',
    scanners: 'CIS GKE 5.2.1',
    resourceTypes: NODE_CONFIG_OWNERS,
    check: (body) => {
      // Autopilot has no node_config: its nodes take the auto-provisioning defaults' account.
      const autopilot = attribute(body, 'enable_autopilot') === true;
      if (!autopilot && attribute(body, 'node_config') === undefined) return undefined;
      const account = autopilot
        ? attribute(body, 'cluster_autoscaling', 'auto_provisioning_defaults', 'service_account')
        : attribute(body, 'node_config', 'service_account');
      const where = autopilot ? 'cluster_autoscaling.auto_provisioning_defaults.service_account' : 'node_config.service_account';
      if (account === undefined || account === 'default')
        return `nodes run as the Compute Engine default service account (${where} is ${String(account ?? 'unset')})`;
      return /-compute@developer\.gserviceaccount\.com$/.test(String(account))
        ? `nodes run as the Compute Engine default service account (${where})`
        : undefined;
    },
    fix: 'give the nodes a dedicated least-privilege account (lib/cluster/node-service-account.ts)',
  },
  {
    id: 'MESH-NET-01',
    title: 'No firewall rule opens admin ports to the internet',
    scanners: 'CKV_GCP_2, CKV_GCP_3, AVD-GCP-0027, kics c4dcdcdf',
    resourceTypes: ['google_compute_firewall'],
    check: (body) => {
      if (body.direction === 'EGRESS' || body.disabled === true) return undefined;
      const sources = asList(body.source_ranges).map(String);
      // A rule without sources or source tags/accounts matches every address.
      const world =
        sources.some((source) => OPEN_TO_THE_WORLD.includes(source)) || (sources.length === 0 && !body.source_tags && !body.source_service_accounts);
      if (!world) return undefined;
      const admin = asList(body.allow).some(
        (allow) => ['tcp', 'all'].includes(String(attribute(allow, 'protocol'))) && portsCover(attribute(allow, 'ports'), ADMIN_PORTS),
      );
      return admin ? `ingress from ${sources.join(', ') || 'anywhere'} reaches admin ports (${ADMIN_PORTS.join(', ')})` : undefined;
    },
    fix: 'restrict source_ranges to known networks, or close the admin ports',
  },
  {
    id: 'MESH-SQL-01',
    title: 'Cloud SQL has no public IP',
    scanners: 'AVD-GCP-0017, kics b187edca',
    resourceTypes: ['google_sql_database_instance'],
    check: (body) =>
      attribute(body, 'settings', 'ip_configuration', 'ipv4_enabled') === false
        ? undefined
        : 'the instance has a public IP (ip_configuration.ipv4_enabled is not false)',
    fix: 'set settings.ip_configuration.ipv4_enabled = false and a private_network',
  },
  {
    id: 'MESH-SQL-02',
    title: 'Cloud SQL requires TLS',
    scanners: 'CKV_GCP_6, AVD-GCP-0015, kics 02474449',
    resourceTypes: ['google_sql_database_instance'],
    check: (body) => {
      const mode = attribute(body, 'settings', 'ip_configuration', 'ssl_mode');
      return ['ENCRYPTED_ONLY', 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED'].includes(String(mode))
        ? undefined
        : `connections may be unencrypted (ssl_mode is ${String(mode ?? 'unset')})`;
    },
    fix: 'set settings.ip_configuration.ssl_mode = "TRUSTED_CLIENT_CERTIFICATE_REQUIRED" (or ENCRYPTED_ONLY)',
  },
  {
    id: 'MESH-SQL-03',
    title: 'Cloud SQL has backups with point-in-time recovery',
    scanners: 'CKV_GCP_14, AVD-GCP-0024, kics cf3c7631',
    resourceTypes: ['google_sql_database_instance'],
    check: (body) => {
      if (attribute(body, 'settings', 'backup_configuration', 'enabled') !== true) return 'backups are off (backup_configuration.enabled)';
      const postgres = String(body.database_version ?? '').startsWith('POSTGRES');
      return postgres && attribute(body, 'settings', 'backup_configuration', 'point_in_time_recovery_enabled') !== true
        ? 'point-in-time recovery is off'
        : undefined;
    },
    fix: 'set settings.backup_configuration.enabled and point_in_time_recovery_enabled = true',
  },
  ...WORKLOAD_POLICY_RULES,
  {
    id: 'MESH-SEC-01',
    title: 'No secret appears as a plain value',
    scanners: 'CKV_SECRET_*, AVD-GCP-0000 (hard-coded secrets)',
    resourceTypes: ['kubernetes_secret_v1', 'google_sql_user', 'kubernetes_manifest'],
    check: (body, type) => {
      if (type === 'kubernetes_secret_v1') {
        if (body.type === 'kubernetes.io/service-account-token') return undefined;
        const literal = Object.entries((body.data ?? {}) as Record<string, unknown>).filter(([, value]) => !isExpression(value));
        return literal.length > 0 ? `data ${literal.map(([key]) => key).join(', ')} is written literally` : undefined;
      }
      if (type === 'google_sql_user') return body.password !== undefined && !isExpression(body.password) ? 'the password is written literally' : undefined;
      const manifest = body.manifest as Record<string, unknown> | undefined;
      if (manifest?.kind !== 'Secret') return undefined;
      const values = { ...((manifest.data ?? {}) as object), ...((manifest.stringData ?? {}) as object) } as Record<string, unknown>;
      const literal = Object.entries(values).filter(([, value]) => !isExpression(value));
      return literal.length > 0 ? `Secret ${literal.map(([key]) => key).join(', ')} is written literally` : undefined;
    },
    fix: 'take the value from a sensitive variable, a data source or a resource attribute',
  },
];
