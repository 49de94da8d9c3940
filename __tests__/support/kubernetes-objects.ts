/**
 * The Kubernetes API objects a synthesized stack creates, and their validation against the
 * upstream OpenAPI / CRD schemas (kubernetes-models, @kubernetes-models/istio).
 *
 * The app emits two shapes of Kubernetes object:
 *  - typed resources of the hashicorp/kubernetes provider (`kubernetes_deployment_v1`, ...): the
 *    provider builds the API object from a Terraform schema that mirrors the API with its own
 *    conventions, undone here by `convertResource`;
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
import * as coreV1 from 'kubernetes-models/v1';
import * as appsV1 from 'kubernetes-models/apps/v1';
import * as autoscalingV2 from 'kubernetes-models/autoscaling/v2';
import * as batchV1 from 'kubernetes-models/batch/v1';
import * as networkingV1 from 'kubernetes-models/networking.k8s.io/v1';
import * as policyV1 from 'kubernetes-models/policy/v1';
import * as rbacV1 from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import * as istioNetworkingV1beta1 from '@kubernetes-models/istio/networking.istio.io/v1beta1';
import * as istioSecurityV1 from '@kubernetes-models/istio/security.istio.io/v1';
import * as istioSecurityV1beta1 from '@kubernetes-models/istio/security.istio.io/v1beta1';

/** A Kubernetes API object (plain JSON). */
export interface KubernetesObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; [field: string]: unknown };
  [field: string]: unknown;
}

/** One object a synthesized stack creates. */
export interface KubernetesObjectEntry {
  /** Terraform address of the resource that creates it: `kubernetes_deployment_v1.<logical id>`. */
  readonly address: string;
  readonly resourceType: string;
  readonly object: KubernetesObject;
}

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
export const INTEGER_STRINGS: ReadonlySet<string> = new Set([
  'spec.replicas',
  'run_as_user',
  'run_as_group',
  'fs_group',
  'toleration_seconds',
]);

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

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Problems found while converting, reported again by `validateObject`. */
const conversionProblems = new WeakMap<object, string[]>();

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when a Terraform JSON string holds an interpolation or directive, not only a literal. */
export function isInterpolated(value: string): boolean {
  return /(^|[^$])\$\{/.test(value) || /(^|[^%])%\{/.test(value);
}

/** A Terraform JSON string as the provider receives it: escapes undone, interpolations kept. */
function literal(value: string): string {
  return isInterpolated(value) ? value : value.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}

function literalDeep(value: Json): Json {
  if (typeof value === 'string') return literal(value);
  if (Array.isArray(value)) return value.map(literalDeep);
  if (isObject(value)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [literal(k), literalDeep(v)]),
    );
  }
  return value;
}

function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_match, c: string) => c.toUpperCase());
}

/** The rule of the longest key of `table` that `path` ends with, at a name boundary. */
function ruleKey(path: readonly string[], keys: { has(key: string): boolean }): string | undefined {
  for (let start = 0; start < path.length; start++) {
    const key = path.slice(start).join('.');
    if (keys.has(key)) return key;
  }
  return undefined;
}

function has(table: Readonly<Record<string, string>>): { has(key: string): boolean } {
  return { has: (key) => Object.prototype.hasOwnProperty.call(table, key) };
}

function apiFieldName(path: readonly string[]): string {
  const repeated = ruleKey(path, has(REPEATED_BLOCKS));
  const renamed = ruleKey(path, has(FIELD_NAMES));
  // The longer (more specific) key wins; the two tables hold no common key.
  if (repeated !== undefined && (renamed === undefined || repeated.length >= renamed.length)) return REPEATED_BLOCKS[repeated];
  if (renamed !== undefined) return FIELD_NAMES[renamed];
  return camelCase(path[path.length - 1]);
}

const where = (path: readonly string[]): string => path.join('.');

function convertScalar(value: string, path: readonly string[]): Json {
  if (isInterpolated(value)) return value;
  const text = literal(value);
  if (ruleKey(path, INTEGER_STRINGS) !== undefined && /^[+-]?\d+$/.test(text)) return Number(text);
  if (ruleKey(path, INT_OR_STRINGS) !== undefined && /^[+-]?\d+$/.test(text)) return Number(text);
  if (ruleKey(path, OCTAL_STRINGS) !== undefined && /^[0-7]+$/.test(text)) return parseInt(text, 8);
  return text;
}

function convertValue(value: Json, path: readonly string[], problems: string[]): Json | undefined {
  if (value === null) return undefined;
  if (Array.isArray(value)) {
    return value.map((item) => convertValue(item, path, problems)).filter((item): item is Json => item !== undefined);
  }
  if (isObject(value)) {
    if (ruleKey(path, MAP_ATTRIBUTES) !== undefined) return literalDeep(value);
    return convertBlock(value, path, problems);
  }
  if (typeof value === 'string') return convertScalar(value, path);
  return value;
}

function convertBlock(block: JsonObject, path: readonly string[], problems: string[]): JsonObject {
  const out: JsonObject = {};
  for (const [name, value] of Object.entries(block)) {
    const childPath = [...path, name];
    let converted = convertValue(value, childPath, problems);
    if (converted === undefined) continue;
    if (ruleKey(childPath, SINGLE_BLOCKS) !== undefined && Array.isArray(converted)) {
      if (converted.length === 0) continue;
      if (converted.length > 1) {
        problems.push(`${where(childPath)}: ${converted.length} blocks, where the API takes one object`);
      }
      converted = converted[0];
    }
    const field = apiFieldName(childPath);
    if (Object.prototype.hasOwnProperty.call(out, field)) {
      problems.push(`${where(childPath)}: API field ${field} is set twice`);
    }
    out[field] = converted;
  }
  return out;
}

/** A secret's `data`: plaintext `data` / `data_wo` base64-encoded, merged with `binary_data`. */
function secretData(body: JsonObject, type: string, problems: string[]): JsonObject | undefined {
  const data: JsonObject = {};
  let any = false;
  for (const [attribute, encode] of [
    ['data', true],
    ['data_wo', true],
    ['binary_data', false],
    ['binary_data_wo', false],
  ] as const) {
    const map = body[attribute];
    if (map === undefined || map === null) continue;
    any = true;
    if (!isObject(map)) {
      problems.push(`${type}.${attribute}: not a map (${JSON.stringify(map)})`);
      continue;
    }
    for (const [rawKey, rawValue] of Object.entries(map)) {
      if (rawValue === null) continue;
      const key = literal(rawKey);
      if (Object.prototype.hasOwnProperty.call(data, key)) problems.push(`${type}.${attribute}: key ${key} set twice`);
      if (typeof rawValue !== 'string') {
        problems.push(`${type}.${attribute}.${key}: not a string (${JSON.stringify(rawValue)})`);
        continue;
      }
      data[key] = encode ? Buffer.from(literal(rawValue), 'utf8').toString('base64') : literal(rawValue);
    }
  }
  return any ? data : undefined;
}

/**
 * The API object a resource of `type` creates, from its synthesized Terraform JSON `body`.
 * Problems of the conversion itself are kept for `validateObject`.
 */
export function convertResource(type: string, body: Record<string, unknown>): KubernetesObject {
  const problems: string[] = [];
  const input = body as JsonObject;
  let object: KubernetesObject;
  if (type === 'kubernetes_manifest') {
    const manifest = input.manifest;
    if (isObject(manifest)) {
      object = literalDeep(manifest) as KubernetesObject;
    } else {
      object = {};
      problems.push(`${type}: manifest is not an object (${JSON.stringify(manifest)})`);
    }
  } else {
    const kind = RESOURCE_KINDS[type];
    if (kind === undefined) {
      problems.push(`${type}: unknown resource type, no API kind known for it (add it to RESOURCE_KINDS)`);
    }
    const rest: JsonObject = {};
    for (const [name, value] of Object.entries(input)) {
      if (!PROVIDER_ONLY_FIELDS.has(name)) rest[name] = value;
    }
    let data: JsonObject | undefined;
    if (type === 'kubernetes_secret_v1') {
      data = secretData(rest, type, problems);
      for (const attribute of ['data', 'data_wo', 'binary_data', 'binary_data_wo']) delete rest[attribute];
    }
    const converted = convertBlock(rest, [type], problems);
    object = { ...(kind ?? {}), ...converted, ...(data === undefined ? {} : { data }) } as KubernetesObject;
  }
  if (problems.length > 0) conversionProblems.set(object, problems);
  return object;
}

/**
 * Every Kubernetes or Istio object a synthesized stack creates: one per `kubernetes_*`
 * resource (data sources read, they create nothing), in synthesis order.
 */
export function kubernetesObjects(json: { resource?: Record<string, Record<string, unknown>> }): KubernetesObjectEntry[] {
  const entries: KubernetesObjectEntry[] = [];
  for (const [type, resources] of Object.entries(json.resource ?? {})) {
    if (!type.startsWith('kubernetes_')) continue;
    for (const [logicalId, body] of Object.entries(resources)) {
      entries.push({ address: `${type}.${logicalId}`, resourceType: type, object: convertResource(type, body as Record<string, unknown>) });
    }
  }
  return entries;
}

// ---------------------------------------------------------------------------------------------
// Validation

export interface ModelClass {
  new (data: Record<string, unknown>): { validate(): void };
  apiVersion?: string;
  kind?: string;
}

type ModelModule = Readonly<Record<string, unknown>>;

/** Model modules by apiVersion: any kind the module exports validates. */
const MODELS: Readonly<Record<string, ModelModule>> = {
  v1: coreV1,
  'apps/v1': appsV1,
  'autoscaling/v2': autoscalingV2,
  'batch/v1': batchV1,
  'networking.k8s.io/v1': networkingV1,
  'policy/v1': policyV1,
  'rbac.authorization.k8s.io/v1': rbacV1,
  'networking.istio.io/v1beta1': istioNetworkingV1beta1,
  'security.istio.io/v1': istioSecurityV1,
  'security.istio.io/v1beta1': istioSecurityV1beta1,
};

/**
 * Istio's v1 APIs are its v1beta1 APIs promoted with the schema unchanged (Istio 1.22).
 * @kubernetes-models/istio 2.3.0 is generated from Istio 1.18's CRDs, which predate them (but for
 * security.istio.io/v1 AuthorizationPolicy and RequestAuthentication), so a v1 object the package
 * has no v1 model for is validated against the v1beta1 model, with only its apiVersion swapped.
 */
const SAME_SCHEMA_AS: Readonly<Record<string, string>> = {
  'networking.istio.io/v1': 'networking.istio.io/v1beta1',
  'security.istio.io/v1': 'security.istio.io/v1beta1',
};

function modelIn(apiVersion: string, kind: string): ModelClass | undefined {
  const candidate = MODELS[apiVersion]?.[kind];
  if (typeof candidate !== 'function') return undefined;
  const model = candidate as ModelClass;
  return model.apiVersion === apiVersion && model.kind === kind ? model : undefined;
}

/** The model class for an object, and the apiVersion to validate it as. */
function modelFor(apiVersion: string, kind: string): { model: ModelClass; apiVersion: string } | undefined {
  const exact = modelIn(apiVersion, kind);
  if (exact) return { model: exact, apiVersion };
  const equivalent = SAME_SCHEMA_AS[apiVersion];
  const model = equivalent === undefined ? undefined : modelIn(equivalent, kind);
  return model && equivalent ? { model, apiVersion: equivalent } : undefined;
}

export interface SchemaError {
  instancePath: string;
  keyword: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** The JSON-schema errors of a model's `validate()`, empty when the data is valid. */
export function schemaErrors(model: ModelClass, data: Record<string, unknown>): SchemaError[] {
  try {
    new model(data).validate();
    return [];
  } catch (error) {
    const errors = (error as { errors?: unknown }).errors;
    if (Array.isArray(errors)) return errors as SchemaError[];
    return [{ instancePath: '', keyword: 'exception', message: error instanceof Error ? error.message : String(error) }];
  }
}

export function pointer(instancePath: string): string[] {
  return instancePath === '' ? [] : instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function valueAt(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

function setAt(root: unknown, path: readonly string[], value: unknown): void {
  const parent = valueAt(root, path.slice(0, -1));
  if (typeof parent === 'object' && parent !== null) (parent as Record<string, unknown>)[path[path.length - 1]] = value;
}

/** Placeholders by JSON type and by format, for interpolations where the schema wants one. */
const TYPE_PLACEHOLDERS: Readonly<Record<string, unknown>> = { integer: 1, number: 1, boolean: false, object: {}, array: [] };
const FORMAT_PLACEHOLDERS: Readonly<Record<string, string>> = {
  byte: '',
  quantity: '1',
  'date-time': '1970-01-01T00:00:00Z',
  cidr: '0.0.0.0/0',
  ipv4: '192.0.2.1',
  hostname: 'placeholder.invalid',
};

/** A stand-in value that meets `error`'s schema rule, or undefined when there is none. */
function placeholder(error: SchemaError): { value: unknown } | undefined {
  const params = error.params ?? {};
  if (error.keyword === 'type') {
    const types = String(params.type).split(',');
    const type = types.find((t) => t in TYPE_PLACEHOLDERS);
    return type === undefined ? undefined : { value: structuredClone(TYPE_PLACEHOLDERS[type]) };
  }
  if (error.keyword === 'format') {
    const format = String(params.format);
    return format in FORMAT_PLACEHOLDERS ? { value: FORMAT_PLACEHOLDERS[format] } : undefined;
  }
  if (error.keyword === 'enum' && Array.isArray(params.allowedValues) && params.allowedValues.length > 0) {
    return { value: params.allowedValues[0] };
  }
  return undefined;
}

function describeError(error: SchemaError): string {
  const at = error.instancePath === '' ? '/' : error.instancePath;
  const allowed = Array.isArray(error.params?.allowedValues) ? `: ${error.params.allowedValues.join(', ')}` : '';
  return `${at} ${error.message ?? error.keyword}${allowed}`;
}

/** Schema problems, with interpolations replaced by placeholders where the schema rejects them. */
function schemaProblems(model: ModelClass, object: Record<string, unknown>): string[] {
  const data = structuredClone(object);
  for (let round = 0; round < 100; round++) {
    const errors = schemaErrors(model, data);
    let replaced = false;
    for (const error of errors) {
      const path = pointer(error.instancePath);
      const value = valueAt(data, path);
      if (path.length === 0 || typeof value !== 'string' || !isInterpolated(value)) continue;
      const stand = placeholder(error);
      if (stand === undefined) continue;
      setAt(data, path, stand.value);
      replaced = true;
    }
    if (!replaced) return errors.map(describeError);
  }
  return ['validation did not settle: too many interpolations replaced'];
}

/**
 * API paths (by kind, or any kind) whose object keys are data, not field names: label maps,
 * Secret / ConfigMap data, resource quantities, Istio header and selector maps.
 */
const FREE_FORM_SUFFIXES = [
  'metadata.labels',
  'metadata.annotations',
  'matchLabels',
  'nodeSelector',
  'resources.limits',
  'resources.requests',
  'volumeAttributes',
  'flexVolume.options',
  // Istio
  'headers',
  'queryParams',
  'withoutHeaders',
  'sourceLabels',
  'set',
  'add',
  'workloadSelector.labels',
  'endpoints.labels',
  'endpoints.ports',
];
const FREE_FORM_BY_KIND: Readonly<Record<string, readonly string[]>> = {
  Secret: ['data', 'stringData'],
  ConfigMap: ['data', 'binaryData'],
  Service: ['spec.selector'],
  Gateway: ['spec.selector'],
};

/**
 * The provider's singular names of repeatable blocks, camelCased: no API object has a list under
 * these names, so one there is a block the conversion left unrenamed. Kept apart from
 * REPEATED_BLOCKS (and joined with it) so that a row missing there still shows here.
 */
const PROVIDER_BLOCK_NAMES: ReadonlySet<string> = new Set([
  'container',
  'initContainer',
  'port',
  'volume',
  'volumeMount',
  'volumeDevice',
  'toleration',
  'topologySpreadConstraint',
  'readinessGate',
  'sysctl',
  'option',
  'nodeSelectorTerm',
  'httpHeader',
  'rule',
  'subject',
  'secret',
  'imagePullSecret',
  'metric',
  'policy',
  ...Object.keys(REPEATED_BLOCKS).map((key) => camelCase(key.split('.').pop() as string)),
]);

/**
 * The schemas accept unknown fields, so a provider name the conversion missed would pass
 * unchecked: report snake_case field names, and singular provider block names holding a list.
 */
function fieldNameProblems(object: KubernetesObject): string[] {
  const problems: string[] = [];
  const freeForm = [...FREE_FORM_SUFFIXES];
  const exact = FREE_FORM_BY_KIND[object.kind ?? ''] ?? [];
  const isFreeForm = (path: readonly string[]): boolean => {
    const dotted = path.join('.');
    return exact.includes(dotted) || freeForm.some((suffix) => dotted === suffix || dotted.endsWith(`.${suffix}`));
  };
  const walk = (node: unknown, path: string[], pointerPath: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => walk(item, path, `${pointerPath}/${index}`));
      return;
    }
    if (!isObject(node) || isFreeForm(path)) return;
    for (const [key, value] of Object.entries(node)) {
      const at = `${pointerPath}/${key}`;
      if (key.includes('_')) problems.push(`${at} is not an API field name (a provider name left unconverted?)`);
      else if (Array.isArray(value) && PROVIDER_BLOCK_NAMES.has(key)) {
        problems.push(`${at} is the provider's singular block name, not an API field (left unconverted?)`);
      }
      walk(value, [...path, key], at);
    }
  };
  walk(object, [], '');
  return problems;
}

/**
 * Problems with an API object: those of its conversion, its schema's (kubernetes-models or
 * @kubernetes-models/istio, chosen by apiVersion and kind), and field names no API has.
 * Empty when valid. An apiVersion/kind without a model is a problem.
 */
export function validateObject(object: unknown): string[] {
  if (!isObject(object)) return [`not an object: ${JSON.stringify(object)}`];
  const problems = [...(conversionProblems.get(object) ?? [])];
  const obj = object as KubernetesObject;
  const { apiVersion, kind } = obj;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    problems.push(`no apiVersion and kind (${JSON.stringify(apiVersion)}, ${JSON.stringify(kind)}): unknown kind`);
  } else {
    const found = modelFor(apiVersion, kind);
    if (found === undefined) {
      problems.push(`unknown kind ${kind} of ${apiVersion}: no schema model for it (add its module to MODELS)`);
    } else {
      problems.push(...schemaProblems(found.model, { ...obj, apiVersion: found.apiVersion }));
    }
  }
  problems.push(...fieldNameProblems(obj));
  return problems;
}
