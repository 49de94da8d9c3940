/**
 * The scanner IDs waiver rules name, read out of the rule text (`CKV_GCP_12, kics 11e7550e (…)`),
 * and the kics queries and trivy checks they may name, as read upstream. kics excludes a query
 * only by its full ID, so a waiver's `kics <first block>` must resolve to one listed here.
 */

export interface ScannerRule {
  /** The full ID the scanner's exclusion takes. */
  readonly id: string;
  /** The query's or check's name upstream. */
  readonly name: string;
}

/** kics queries: `id` and `queryName` of each Checkmarx/kics assets/queries/terraform/<dir>/metadata.json. */
export const KICS_QUERIES: readonly ScannerRule[] = [
  // gcp/network_policy_disabled
  { id: '11e7550e-c4b6-472e-adff-c698f157cdd7', name: 'Network Policy Disabled' },
  // gcp/pod_security_policy_disabled
  { id: '9192e0f9-eca5-4056-9282-ae2a736a4088', name: 'Pod Security Policy Disabled' },
  // gcp/private_cluster_disabled
  { id: '6ccb85d7-0420-4907-9380-50313f80946b', name: 'Private Cluster Disabled' },
  // gcp/gke_basic_authentication_enabled
  { id: '70cdf849-b7d9-4569-b87d-5d82ffd44719', name: 'GKE Basic Authentication Enabled' },
  // gcp/google_compute_network_using_firewall_rule_allows_all_ports
  { id: '22ef1d26-80f8-4a6c-8c15-f35aab3cac78', name: 'Google Compute Network Using Firewall Rule that Allows All Ports' },
  // gcp/cloud_storage_bucket_logging_not_enabled
  { id: 'd6cabc3a-d57e-48c2-b341-bf3dd4f4a120', name: 'Cloud Storage Bucket Logging Not Enabled' },
  // kubernetes/image_without_digest (any resource with spec.template.spec or spec)
  { id: '228c4c19-feeb-4c18-848c-800ac70fdfb7', name: 'Image Without Digest' },
  // kubernetes/readiness_probe_is_not_configured (any resource but jobs)
  { id: '8657197e-3f87-4694-892b-8144701d83c1', name: 'Readiness Probe Is Not Configured' },
  // kubernetes/container_host_pid_is_true
  { id: '587d5d82-70cf-449b-9817-f60f9bccb88c', name: 'Container Host Pid Is True' },
  // kubernetes/shared_host_network_namespace
  { id: 'ac1564a3-c324-4747-9fa1-9dfc234dace0', name: 'Shared Host Network Namespace' },
  // kubernetes/container_with_added_capabilities
  { id: 'fe771ff7-ba15-4f8f-ad7a-8aa232b49a28', name: 'Containers With Added Capabilities' },
  // kubernetes/containers_with_sys_admin_capabilities
  { id: '3f55386d-75cd-4e9a-ac47-167b26c04724', name: 'Containers With Sys Admin Capabilities' },
  // kubernetes/secoomp_profile_is_not_configured (sic): reads only a seccomp annotation on spec.template.metadata
  { id: '455f2e0c-686d-4fcb-8b5f-3f953f12c43c', name: 'Seccomp Profile Is Not Configured' },
  // kubernetes/volume_mount_with_os_directory_write_permissions: read_only false under /dev, /run, /var, …
  { id: 'a62a99d1-8196-432f-8f80-3c100b05d62a', name: 'Volume Mount With OS Directory Write Permissions' },
  // kubernetes/secrets_as_environment_variables: env[].value_from.secret_key_ref
  { id: '6d8f1a10-b6cd-48f0-b960-f7c535d5cdb8', name: 'Secrets As Environment Variables' },
];

/**
 * trivy checks: aquasecurity/trivy-checks checks/cloud/google/<dir>.rego, each listing its AVD ID
 * among `aliases`, which .trivyignore matches (aquasecurity/trivy pkg/result/filter.go).
 */
export const TRIVY_CHECKS: readonly ScannerRule[] = [
  // compute/disable_allow_all_ports_firewall_rule: a rule without ports allows all of them
  { id: 'AVD-GCP-0072', name: 'Google Compute Network Using Firewall Rule that Allows All Ports' },
  // compute/disable_port_range_rule: more than 30 ports
  { id: 'AVD-GCP-0074', name: 'Google Compute Network Using Firewall Rule that Allows Large Port Range' },
  // storage/enable_bucket_logging (trivy 0.66.0 and later)
  { id: 'AVD-GCP-0077', name: 'Cloud Storage Bucket Logging Not Enabled' },
];

/**
 * The resource types checkov's Kubernetes checks for Terraform read: each check's
 * `supported_resources` in bridgecrewio/checkov checkov/terraform/checks/resource/kubernetes/
 * (LivenessProbe.py, ImageDigest.py, …). DaemonSets and kubernetes_manifest are not read.
 */
export const CHECKOV_POD_OWNER_TYPES: readonly string[] = ['kubernetes_pod', 'kubernetes_pod_v1', 'kubernetes_deployment', 'kubernetes_deployment_v1'];

/**
 * Whether kics' Kubernetes queries for Terraform read a resource's pod spec: they find it under
 * the resource's own `spec` (getSpecInfo in Checkmarx/kics assets/libraries/terraform.rego), which
 * every typed workload has and a kubernetes_manifest (whose spec is under `manifest`) has not.
 */
export function kicsReadsPodSpec(resourceType: string): boolean {
  return resourceType.startsWith('kubernetes_') && resourceType !== 'kubernetes_manifest';
}

/**
 * Top-level blocks checkov's terraform_json parser cannot read: it takes every top-level value but
 * `locals` as `{ <name>: { … } }` (prepare_definition and handle_block_type in bridgecrewio/checkov
 * checkov/terraform_json/parser.py), and Terraform's moved and removed blocks are lists of
 * `{ from, … }`, so the scan stops ("'list' object has no attribute 'items'",
 * bridgecrewio/checkov-action#185). They declare no resources, so checkov reads a copy without them.
 */
export const CHECKOV_UNREADABLE_BLOCKS: readonly string[] = ['moved', 'removed'];

/** checkov's IDs in a waiver's rule text. */
export function checkovIds(rule: string): string[] {
  return rule.match(/\bCKV_[A-Z0-9]+_\d+\b/g) ?? [];
}

const kicsPrefixes = (rule: string) => [...rule.matchAll(/\bkics ([0-9a-f]{8})\b/g)].map(([, prefix]) => prefix);
const avdIds = (rule: string) => rule.match(/\bAVD-[A-Z]+-\d{4}\b/g) ?? [];
const kicsQuery = (prefix: string) => KICS_QUERIES.find((query) => query.id.startsWith(`${prefix}-`));

/** The kics and trivy IDs a rule names that the lists above lack, as named (`kics 83d1c89f`). */
export function unlistedScannerIds(rule: string): string[] {
  return [
    ...kicsPrefixes(rule)
      .filter((prefix) => !kicsQuery(prefix))
      .map((prefix) => `kics ${prefix}`),
    ...avdIds(rule).filter((id) => !TRIVY_CHECKS.some((check) => check.id === id)),
  ];
}

function listed(rule: string): void {
  const unlisted = unlistedScannerIds(rule);
  if (unlisted.length > 0) throw new Error(`${rule}: ${unlisted.join(', ')} not in lib/core/scanner-ids.ts (kics excludes a query only by its full ID)`);
}

/** The full kics query IDs a rule names as `kics <first block>`. */
export function kicsQueryIds(rule: string): string[] {
  listed(rule);
  return kicsPrefixes(rule).map((prefix) => kicsQuery(prefix)!.id);
}

/** The trivy IDs a rule names (`AVD-GCP-0074`). */
export function trivyIds(rule: string): string[] {
  listed(rule);
  return avdIds(rule);
}
