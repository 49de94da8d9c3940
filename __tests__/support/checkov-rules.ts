import { asList, attribute, type BlockConfig } from '../../lib/core/synthesized-stack';
import { CHECKOV_POD_OWNER_TYPES } from '../../lib/core/scanner-ids';

/**
 * checkov's rules that this app claims to meet, re-read from their sources
 * (bridgecrewio/checkov, checkov/terraform/checks/resource/{kubernetes,gcp}/, read at commit
 * 03d5fdad) and written here against the synthesized JSON, each reading exactly the attribute
 * checkov reads. checkov itself cannot be installed here (no PyPI); these stand in for it.
 * Each returns true when checkov would report PASSED (or UNKNOWN), false for FAILED.
 */
export interface CheckovRule {
  readonly id: string;
  /** The checkov source file. */
  readonly source: string;
  readonly resourceTypes: readonly string[];
  passes(body: BlockConfig): boolean;
}

const POD_OWNERS = CHECKOV_POD_OWNER_TYPES;

/** `spec[0].template[0].spec[0].container` for a Deployment, `spec[0].container` for a Pod; undefined when absent (UNKNOWN). */
function containers(body: BlockConfig): BlockConfig[] | undefined {
  const spec = attribute(body, 'spec');
  const podSpec = attribute(spec, 'template', 'spec') ?? spec;
  const list = attribute(podSpec, 'container');
  return list === undefined ? undefined : (asList(list) as BlockConfig[]);
}

/** checkov's Python truthiness of a block: an empty block or list is false. */
function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value && typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}

/** LivenessProbe.py / ReadinessProbe.py: only the first container decides. */
function firstContainerHas(key: string) {
  return (body: BlockConfig) => {
    const list = containers(body);
    return list === undefined || list.length === 0 || truthy(list[0][key]);
  };
}

const USER_MANAGED_SERVICE_ACCOUNT = /^.*@.*\.iam\.gserviceaccount\.com$/;
const ADMIN_ROLE = /^.*(.*Admin|.*admin|editor|owner)/;
/** CloudSqlMajorVersion.py's get_expected_values. */
export const CHECKOV_LATEST_SQL_VERSIONS = [
  'POSTGRES_18',
  'MYSQL_8_0',
  'MYSQL_8_4',
  'SQLSERVER_2022_STANDARD',
  'SQLSERVER_2022_WEB',
  'SQLSERVER_2022_ENTERPRISE',
  'SQLSERVER_2022_EXPRESS',
];

export const CHECKOV_RULES: readonly CheckovRule[] = [
  { id: 'CKV_K8S_8', source: 'kubernetes/LivenessProbe.py', resourceTypes: POD_OWNERS, passes: firstContainerHas('liveness_probe') },
  { id: 'CKV_K8S_9', source: 'kubernetes/ReadinessProbe.py', resourceTypes: POD_OWNERS, passes: firstContainerHas('readiness_probe') },
  {
    id: 'CKV_K8S_14',
    source: 'kubernetes/ImageTagFixed.py',
    resourceTypes: POD_OWNERS,
    passes: (body) =>
      (containers(body) ?? []).every((container) => {
        const image = String(container.image ?? '');
        if (image === '') return false;
        if (image.includes(':')) return !['latest', ''].includes(image.split(':')[1]);
        return image.includes('@');
      }),
  },
  {
    id: 'CKV_K8S_15',
    source: 'kubernetes/ImagePullPolicyAlways.py',
    resourceTypes: POD_OWNERS,
    // The loop breaks (PASSED) on the first container that passes and fails on the first that does not.
    passes: (body) => {
      const first = (containers(body) ?? [])[0];
      if (first === undefined) return true;
      if (first.image_pull_policy) return first.image_pull_policy === 'Always';
      const image = String(first.image ?? '');
      return image.includes('latest') || image.includes('@');
    },
  },
  {
    id: 'CKV_K8S_43',
    source: 'kubernetes/ImageDigest.py',
    resourceTypes: POD_OWNERS,
    passes: (body) => (containers(body) ?? []).every((container) => !container.image || String(container.image).includes('@')),
  },
  {
    id: 'CKV_K8S_49',
    source: 'kubernetes/WildcardRoles.py',
    resourceTypes: ['kubernetes_role', 'kubernetes_role_v1', 'kubernetes_cluster_role', 'kubernetes_cluster_role_v1'],
    passes: (body) =>
      (asList(body.rule) as BlockConfig[]).every((rule) =>
        ['api_groups', 'resources', 'verbs'].every((key) => !asList(rule[key]).some((entry) => String(entry).includes('*'))),
      ),
  },
  {
    id: 'CKV_GCP_42',
    source: 'gcp/GoogleProjectAdminServiceAccount.py',
    resourceTypes: ['google_project_iam_member'],
    passes: (body) => !(USER_MANAGED_SERVICE_ACCOUNT.test(String(body.member)) && ADMIN_ROLE.test(String(body.role))),
  },
  {
    id: 'CKV_GCP_65',
    source: 'gcp/GKEKubernetesRBACGoogleGroups.py',
    resourceTypes: ['google_container_cluster'],
    passes: (body) => truthy(attribute(body, 'authenticator_groups_config', 'security_group')),
  },
  {
    id: 'CKV_GCP_79',
    source: 'gcp/CloudSqlMajorVersion.py',
    resourceTypes: ['google_sql_database_instance'],
    passes: (body) => CHECKOV_LATEST_SQL_VERSIONS.includes(String(body.database_version)),
  },
];
