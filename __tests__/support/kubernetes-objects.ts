/**
 * The Kubernetes API objects a synthesized stack creates, converted from its Terraform JSON by the
 * provider's conventions (kubernetes-provider-conventions.ts, which explains each rule). Their
 * validation against the upstream schemas is kubernetes-object-validation.ts.
 */
import {
  FIELD_NAMES,
  INT_OR_STRINGS,
  INTEGER_STRINGS,
  MAP_ATTRIBUTES,
  OCTAL_STRINGS,
  PROVIDER_ONLY_FIELDS,
  REPEATED_BLOCKS,
  RESOURCE_KINDS,
  SINGLE_BLOCKS,
} from './kubernetes-provider-conventions';

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

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Problems found while converting, reported again by `validateObject`. */
const conversionProblems = new WeakMap<object, string[]>();

/** The problems found while converting `object`, empty for one that converted cleanly. */
export function conversionProblemsOf(object: object): readonly string[] {
  return conversionProblems.get(object) ?? [];
}

export function isObject(value: unknown): value is JsonObject {
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

export function camelCase(name: string): string {
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
