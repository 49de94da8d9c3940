/**
 * Validation of the Kubernetes and Istio API objects of kubernetes-objects.ts against the upstream
 * OpenAPI / CRD schemas (kubernetes-models, @kubernetes-models/istio), with interpolations replaced
 * by placeholders where the schema rejects them (kubernetes-provider-conventions.ts, rule 8).
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
import * as istioTelemetryV1alpha1 from '@kubernetes-models/istio/telemetry.istio.io/v1alpha1';
import { camelCase, conversionProblemsOf, isInterpolated, isObject, type KubernetesObject } from './kubernetes-objects';
import { REPEATED_BLOCKS } from './kubernetes-provider-conventions';

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
  'telemetry.istio.io/v1alpha1': istioTelemetryV1alpha1,
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
  return instancePath === ''
    ? []
    : instancePath
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
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
  const problems = [...conversionProblemsOf(object)];
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
