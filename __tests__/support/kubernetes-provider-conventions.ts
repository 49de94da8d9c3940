/**
 * How the hashicorp/kubernetes provider's Terraform JSON maps to the Kubernetes API objects it
 * creates: the rule tables that `convertResource` (kubernetes-objects.ts) applies.
 *
 * The app emits two shapes of Kubernetes object:
 *  - typed resources of the hashicorp/kubernetes provider (`kubernetes_deployment_v1`, ...): the
 *    provider builds the API object from a Terraform schema that mirrors the API with its own
 *    conventions, undone by `convertResource`;
 *  - `kubernetes_manifest`: `manifest` already is the API object (Istio Gateway, VirtualService,
 *    PeerAuthentication, ...), taken as it is.
 *
 * Conventions of the provider's schema (its docs and the cdktf bindings generated from it), and
 * what the conversion does about each:
 *  1. Attribute and block names are the API's field names in snake_case: they are camelCased
 *     (`service_account_name` → `serviceAccountName`), except the names in FIELD_NAMES, where the
 *     API's spelling has acronyms or another word (`cluster_ip` → `clusterIP`).
 *  2. A repeatable block has the SINGULAR name, one array element per block (`container`,
 *     `volume_mount`, `rule`...), where the API has a plural list: REPEATED_BLOCKS renames them.
 *     Repeatable blocks that already carry the API's (plural) name (`env`, `items`, `ports` of a
 *     network policy, `match_expressions`...) only need camelCasing.
 *  3. A block limited to one (MaxItems 1) is synthesized by cdktf as an object, as the API has
 *     it. Some blocks the API has as ONE object are repeatable in the provider (no MaxItems), so
 *     cdktf synthesizes an array (`label_selector`, `tcp_socket`...): SINGLE_BLOCKS unwraps them,
 *     and more than one element is a conversion problem.
 *  4. Map attributes (`labels`, `match_labels`, resource `limits`...) look like blocks in JSON but
 *     hold data: MAP_ATTRIBUTES names them, and their keys are copied verbatim.
 *  5. Some API integers are provider strings: INTEGER_STRINGS (`replicas`, `run_as_user`...) and
 *     OCTAL_STRINGS (file modes, `"0644"` → 420, parsed as the provider does, in base 8) become
 *     numbers; IntOrString fields (INT_OR_STRINGS: `target_port`, `max_surge`, `min_available`,
 *     network-policy and probe `port`...) become numbers when purely numeric, as the provider's
 *     `intstr.Parse` does, and stay strings otherwise (`"25%"`, a named port).
 *  6. `kubernetes_secret_v1.data` (and `data_wo`) are plaintext, the API's `data` is base64: they
 *     are encoded. `binary_data` (and `binary_data_wo`) already are base64 and go to `data` too.
 *  7. Fields that steer Terraform or the provider, not the object (PROVIDER_ONLY_FIELDS:
 *     `provider`, `depends_on`, `lifecycle`, `timeouts`, `wait_for_rollout`, ...) are dropped;
 *     only at the top level of the resource: a container's `lifecycle` is an API field.
 *  8. Terraform JSON strings are templates: `$${` and `%%{` are escapes for a literal `${` / `%{`
 *     and are unescaped; a string with a real interpolation (`${...}`, `%{...}`) is opaque and kept
 *     as it is. `validateObject` replaces such a string with a placeholder of the type the schema
 *     wants, only where the schema rejects the opaque string (an integer field → 1, a boolean →
 *     false, an enum → its first value, format byte → "", quantity → "1", ...), and validates the
 *     rest. A number-as-string provider field holding an interpolation is left a string by the
 *     conversion, and gets its placeholder that way. An interpolation in Secret `data` is base64
 *     encoded like any plaintext, which is what the schema wants.
 *  9. `count` / `for_each` are dropped: a resource block yields one object here, whatever number
 *     Terraform makes of it.
 *
 * An unknown `kubernetes_*` resource type, or an apiVersion/kind no model covers, is a problem
 * reported by `validateObject`, never a silent skip: add a row to RESOURCE_KINDS / MODELS.
 */

/** The API object each typed provider resource creates. */
export const RESOURCE_KINDS: Readonly<Record<string, { apiVersion: string; kind: string }>> = {
  kubernetes_namespace_v1: { apiVersion: 'v1', kind: 'Namespace' },
  kubernetes_service_account_v1: { apiVersion: 'v1', kind: 'ServiceAccount' },
  kubernetes_secret_v1: { apiVersion: 'v1', kind: 'Secret' },
  kubernetes_config_map_v1: { apiVersion: 'v1', kind: 'ConfigMap' },
  // Keys server-side applied into an existing ConfigMap: validated as the ConfigMap it patches.
  kubernetes_config_map_v1_data: { apiVersion: 'v1', kind: 'ConfigMap' },
  kubernetes_service_v1: { apiVersion: 'v1', kind: 'Service' },
  kubernetes_deployment_v1: { apiVersion: 'apps/v1', kind: 'Deployment' },
  kubernetes_daemon_set_v1: { apiVersion: 'apps/v1', kind: 'DaemonSet' },
  kubernetes_cluster_role_v1: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole' },
  kubernetes_cluster_role_binding_v1: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding' },
  kubernetes_role_v1: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role' },
  kubernetes_role_binding_v1: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding' },
  kubernetes_network_policy_v1: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
  kubernetes_pod_disruption_budget_v1: { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' },
  kubernetes_horizontal_pod_autoscaler_v2: { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' },
  kubernetes_resource_quota_v1: { apiVersion: 'v1', kind: 'ResourceQuota' },
};

/**
 * Top-level fields of a resource that are not part of the API object: Terraform meta-arguments,
 * cdktf's `//` metadata, the provider's computed `id` and its own behaviour switches.
 */
export const PROVIDER_ONLY_FIELDS: ReadonlySet<string> = new Set([
  '//',
  'id',
  'provider',
  'depends_on',
  'lifecycle',
  'count',
  'for_each',
  'connection',
  'provisioner',
  'timeouts',
  'wait_for_rollout', // deployment, daemon set: wait until rolled out
  'wait_for_load_balancer', // service: wait for the load balancer's address
  'wait_for_service_account_token', // secret: wait for the token controller to fill it
  'wait_for_default_service_account', // namespace: wait for its default service account
  'data_wo_revision', // secret: bumps to re-send the write-only data
  'binary_data_wo_revision',
  'force', // config map data: take over keys another field manager set
  'field_manager',
]);

/*
 * Rule tables are keyed by a suffix of the provider path: the resource type, then attribute and
 * block names, array indices left out (`kubernetes_deployment_v1.spec.template.spec.container.port`).
 * A key matches at a name boundary (`container.port` matches the path above, `port` alone would
 * match every `port`), and the longest matching key wins.
 */

/** Repeatable provider blocks with a singular name → the API's plural list field. */
export const REPEATED_BLOCKS: Readonly<Record<string, string>> = {
  // Pod spec (deployment, daemon set).
  'spec.container': 'containers',
  init_container: 'initContainers',
  'spec.volume': 'volumes',
  toleration: 'tolerations',
  topology_spread_constraint: 'topologySpreadConstraints',
  readiness_gate: 'readinessGates',
  'security_context.sysctl': 'sysctls',
  'dns_config.option': 'options',
  // Containers.
  'container.port': 'ports',
  'init_container.port': 'ports',
  volume_mount: 'volumeMounts',
  volume_device: 'volumeDevices',
  http_header: 'httpHeaders',
  // Node affinity.
  node_selector_term: 'nodeSelectorTerms',
  // Service.
  'kubernetes_service_v1.spec.port': 'ports',
  // Service account.
  'kubernetes_service_account_v1.secret': 'secrets',
  'kubernetes_service_account_v1.image_pull_secret': 'imagePullSecrets',
  // RBAC.
  rule: 'rules',
  subject: 'subjects',
  // Horizontal pod autoscaler v2.
  'kubernetes_horizontal_pod_autoscaler_v2.spec.metric': 'metrics',
  'scale_up.policy': 'policies',
  'scale_down.policy': 'policies',
  // Resource quota.
  'scope_selector.match_expression': 'matchExpressions',
};

/** Repeatable provider blocks (synthesized as arrays) that the API has as one object. */
export const SINGLE_BLOCKS: ReadonlySet<string> = new Set([
  'label_selector', // topology spread constraint, pod affinity term
  'pod_affinity_term.namespace_selector',
  'required_during_scheduling_ignored_during_execution.namespace_selector',
  'tcp_socket', // probes, lifecycle handlers
  'grpc', // probes
  'lifecycle.post_start',
  'lifecycle.pre_stop',
  'volume.projected',
  'sources.config_map', // projected volume sources
  'sources.secret',
  'behavior.scale_up', // horizontal pod autoscaler v2
  'behavior.scale_down',
  'metric.selector', // pods / object / external metric identifiers
]);

/** Names the API spells otherwise than the camelCase of the provider's name. */
export const FIELD_NAMES: Readonly<Record<string, string>> = {
  host_ip: 'hostIP',
  host_pid: 'hostPID',
  host_ipc: 'hostIPC',
  cluster_ip: 'clusterIP',
  cluster_ips: 'clusterIPs',
  external_ips: 'externalIPs',
  load_balancer_ip: 'loadBalancerIP',
  'session_affinity_config.client_ip': 'clientIP',
  non_resource_urls: 'nonResourceURLs',
  downward_api: 'downwardAPI',
  run_as_username: 'runAsUserName',
  'kubernetes_daemon_set_v1.spec.strategy': 'updateStrategy',
  // Volume sources.
  volume_id: 'volumeID',
  data_disk_uri: 'diskURI',
  dataset_uuid: 'datasetUUID',
  pd_id: 'pdID',
  target_ww_ns: 'targetWWNs',
  ceph_fs: 'cephfs',
  'glusterfs.endpoints_name': 'endpoints',
  'rbd.ceph_monitors': 'monitors',
  'rbd.rbd_image': 'image',
  'rbd.rbd_pool': 'pool',
  'rbd.rados_user': 'user',
};

/** Map attributes: their keys are data (label keys, file names...), copied verbatim. */
export const MAP_ATTRIBUTES: ReadonlySet<string> = new Set([
  'metadata.labels',
  'metadata.annotations',
  'match_labels',
  'node_selector',
  'resources.limits',
  'resources.requests',
  'csi.volume_attributes',
  'flex_volume.options',
  'kubernetes_service_v1.spec.selector', // elsewhere `selector` is a label-selector block
  'kubernetes_config_map_v1.data',
  'kubernetes_config_map_v1.binary_data',
  'kubernetes_config_map_v1_data.data',
  'kubernetes_secret_v1.data',
  'kubernetes_secret_v1.binary_data',
  'kubernetes_secret_v1.data_wo',
  'kubernetes_secret_v1.binary_data_wo',
  'kubernetes_resource_quota_v1.spec.hard',
]);

/** Provider strings the API has as integers. */
export const INTEGER_STRINGS: ReadonlySet<string> = new Set(['spec.replicas', 'run_as_user', 'run_as_group', 'fs_group', 'toleration_seconds']);

/** Provider strings holding an octal file mode (`"0644"`), an integer in the API. */
export const OCTAL_STRINGS: ReadonlySet<string> = new Set(['default_mode', 'items.mode']);

/** Provider strings for the API's IntOrString fields: a number when purely numeric. */
export const INT_OR_STRINGS: ReadonlySet<string> = new Set([
  'target_port',
  'max_surge',
  'max_unavailable',
  'min_available',
  'http_get.port',
  'tcp_socket.port',
  'ports.port', // network policy
]);
