/**
 * Validates IstioOperator overlay documents against Istio's own upstream protobuf definitions.
 *
 * The schema is not hand-written: it is the verbatim upstream .proto files vendored under
 * __tests__/schemas/istio/ (see PROVENANCE.md there), loaded with protobufjs. The walker checks
 * field names (JSON lowerCamelCase name or the original proto name), value kinds, arrays for
 * repeated fields, objects for maps and messages, and enum names.
 *
 * Two fields are typed loosely upstream and mapped to their real message here, as istioctl does
 * when it validates an overlay:
 *   - IstioOperatorSpec.meshConfig (google.protobuf.Struct) -> istio.mesh.v1alpha1.MeshConfig
 *   - IstioOperatorSpec.values     (google.protobuf.Struct) -> istio.operator.v1alpha1.Values
 *
 * google.protobuf.Struct/Value/ListValue/Any and any type whose .proto was not vendored
 * (k8s.io generated types, istio networking types, mesh ProxyConfig, ...) are opaque: anything
 * is accepted there.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as protobuf from 'protobufjs';

/** Root of the vendored upstream files: <owner>/<repo>/<path in repo>, owner being `istio`. */
export const ISTIO_SCHEMA_DIR = path.join(__dirname, '..', 'schemas', 'istio');

/** Files loaded first; their imports are followed. Paths are relative to ISTIO_SCHEMA_DIR. */
const ENTRY_FILES = [
  'istio/operator/pkg/apis/istio/v1alpha1/operator.proto',
  'api/mesh/v1alpha1/config.proto',
];

/**
 * Import statements that do not map 1:1 onto a vendored path.
 * operator.proto (its last upstream revision, istio/istio@4bdf10be) imports the Helm values types
 * from its own directory; the vendored values_types.proto is the later file that replaced it at
 * operator/pkg/apis/ (same package, istio.operator.v1alpha1, and it defines IntOrString).
 */
const IMPORT_ALIASES: Record<string, string> = {
  'pkg/apis/istio/v1alpha1/values_types.proto': 'istio/operator/pkg/apis/values_types.proto',
};

/** Directories that upstream import paths are relative to (istio/api root, istio/istio operator/). */
const IMPORT_ROOTS = ['api', 'istio/operator'];

const API_VERSION = 'install.istio.io/v1alpha1';
const KIND = 'IstioOperator';
const TOP_LEVEL_KEYS = ['apiVersion', 'kind', 'metadata', 'spec'];

const SPEC_TYPE = '.istio.operator.v1alpha1.IstioOperatorSpec';

/** Loosely typed upstream fields that are validated against a concrete message. */
const FIELD_TYPE_OVERRIDES: Record<string, string> = {
  '.istio.operator.v1alpha1.IstioOperatorSpec.meshConfig': '.istio.mesh.v1alpha1.MeshConfig',
  '.istio.operator.v1alpha1.IstioOperatorSpec.values': '.istio.operator.v1alpha1.Values',
};

/** Well-known types whose JSON form is arbitrary. */
const OPAQUE_TYPES = new Set([
  '.google.protobuf.Struct',
  '.google.protobuf.Value',
  '.google.protobuf.ListValue',
  '.google.protobuf.Any',
]);

/** Well-known types whose JSON form is a scalar (wrappers, Duration "10s", Timestamp, FieldMask). */
const SCALAR_WELL_KNOWN_TYPES = new Set([
  '.google.protobuf.BoolValue',
  '.google.protobuf.StringValue',
  '.google.protobuf.BytesValue',
  '.google.protobuf.Int32Value',
  '.google.protobuf.UInt32Value',
  '.google.protobuf.Int64Value',
  '.google.protobuf.UInt64Value',
  '.google.protobuf.FloatValue',
  '.google.protobuf.DoubleValue',
  '.google.protobuf.Duration',
  '.google.protobuf.Timestamp',
  '.google.protobuf.FieldMask',
]);

/**
 * k8s IntOrString: upstream gives it custom JSON (un)marshalling (a bare number or string), like
 * apimachinery's intstr.IntOrString, instead of the {type,intVal,strVal} message shape.
 */
const INT_OR_STRING_TYPES = new Set(['.istio.operator.v1alpha1.IntOrString']);

const SCALAR_KINDS: Record<string, 'string' | 'bool' | 'int' | 'int64' | 'float' | 'bytes'> = {
  string: 'string',
  bool: 'bool',
  bytes: 'bytes',
  int32: 'int',
  uint32: 'int',
  sint32: 'int',
  fixed32: 'int',
  sfixed32: 'int',
  int64: 'int64',
  uint64: 'int64',
  sint64: 'int64',
  fixed64: 'int64',
  sfixed64: 'int64',
  double: 'float',
  float: 'float',
};

type ResolvedType =
  | { kind: 'scalar'; scalar: string }
  | { kind: 'message'; type: protobuf.Type }
  | { kind: 'enum'; type: protobuf.Enum }
  | { kind: 'scalar-wkt'; name: string }
  | { kind: 'int-or-string' }
  | { kind: 'opaque'; reason: string };

interface LoadedSchema {
  root: protobuf.Root;
  /** Vendored files that were parsed, relative to ISTIO_SCHEMA_DIR (or bundled google/protobuf names). */
  files: string[];
  /** Imports that are not vendored; the types they define are treated as opaque. */
  skippedImports: string[];
}

let cachedSchema: LoadedSchema | undefined;

function resolveImport(target: string): string | null {
  const alias = IMPORT_ALIASES[target];
  if (alias !== undefined) return path.join(ISTIO_SCHEMA_DIR, alias);
  for (const dir of IMPORT_ROOTS) {
    const candidate = path.join(ISTIO_SCHEMA_DIR, dir, target);
    if (fs.existsSync(candidate)) return candidate;
  }
  return null;
}

/** Loads (once) the vendored upstream protos into a protobufjs Root. */
export function loadIstioOperatorSchema(): LoadedSchema {
  if (cachedSchema) return cachedSchema;

  const root = new protobuf.Root();
  // Imports resolve to the vendored tree; `null` means "not vendored: skip it".
  root.resolvePath = (_origin: string, target: string): string | null =>
    path.isAbsolute(target) ? target : resolveImport(target);

  const files: string[] = [];
  const skipped = new Set<string>();
  const seen = new Set<string>();

  const load = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    if (file.startsWith('google/protobuf/')) {
      const bundled = protobuf.common.get(file);
      if (bundled?.nested) {
        root.addJSON(bundled.nested);
        files.push(file);
      } else {
        skipped.add(file);
      }
      return;
    }
    const parsed = protobuf.parse(fs.readFileSync(file, 'utf8'), root, { keepCase: true });
    files.push(path.relative(ISTIO_SCHEMA_DIR, file));
    for (const target of [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])]) {
      if (target.startsWith('google/protobuf/')) {
        load(target);
        continue;
      }
      const resolved = root.resolvePath(file, target);
      if (resolved) load(resolved);
      else skipped.add(target);
    }
  };
  for (const entry of ENTRY_FILES) load(path.join(ISTIO_SCHEMA_DIR, entry));

  // Deliberately no root.resolveAll(): types from skipped imports stay unresolved and are
  // treated as opaque by resolveFieldType() below.
  for (const name of [SPEC_TYPE, ...Object.values(FIELD_TYPE_OVERRIDES)]) {
    if (!(lookupExact(root, name) instanceof protobuf.Type)) {
      throw new Error(`vendored Istio protos do not define ${name}`);
    }
  }

  cachedSchema = { root, files, skippedImports: [...skipped].sort() };
  return cachedSchema;
}

/** Exact lookup of a fully qualified name (".a.b.C"), without protobufjs' descendant search. */
function lookupExact(root: protobuf.Root, fullName: string): protobuf.ReflectionObject | null {
  let current: protobuf.ReflectionObject = root;
  for (const part of fullName.replace(/^\./, '').split('.')) {
    if (!(current instanceof protobuf.Namespace)) return null;
    const next: protobuf.ReflectionObject | null = current.get(part);
    if (!next) return null;
    current = next;
  }
  return current;
}

const fieldTypeCache = new Map<protobuf.Field, ResolvedType>();

/**
 * Resolves a field's type with protobuf scoping rules (innermost enclosing scope outwards).
 * protobufjs' own lookup also searches nested namespaces, which would, for example, bind
 * MeshConfig.defaultConfig's `ProxyConfig` to the unrelated Helm values ProxyConfig.
 */
function resolveFieldType(root: protobuf.Root, field: protobuf.Field): ResolvedType {
  const cached = fieldTypeCache.get(field);
  if (cached) return cached;
  const resolved = computeFieldType(root, field);
  fieldTypeCache.set(field, resolved);
  return resolved;
}

function computeFieldType(root: protobuf.Root, field: protobuf.Field): ResolvedType {
  const override = FIELD_TYPE_OVERRIDES[field.fullName];
  if (override !== undefined) return classify(lookupExact(root, override), override);

  if (SCALAR_KINDS[field.type] !== undefined) return { kind: 'scalar', scalar: field.type };

  let found: protobuf.ReflectionObject | null = null;
  let fullName = field.type;
  if (field.type.startsWith('.')) {
    found = lookupExact(root, field.type);
  } else {
    const scope = field.parent ? field.parent.fullName.replace(/^\./, '').split('.') : [];
    for (let i = scope.length; i >= 0 && !found; i--) {
      fullName = '.' + [...scope.slice(0, i), field.type].join('.');
      const candidate = lookupExact(root, fullName);
      if (candidate instanceof protobuf.Type || candidate instanceof protobuf.Enum) found = candidate;
    }
  }
  return classify(found, found ? found.fullName : field.type);
}

function classify(found: protobuf.ReflectionObject | null, name: string): ResolvedType {
  if (!found) return { kind: 'opaque', reason: `type ${name} is not vendored` };
  const fullName = found.fullName;
  if (OPAQUE_TYPES.has(fullName)) return { kind: 'opaque', reason: fullName };
  if (SCALAR_WELL_KNOWN_TYPES.has(fullName)) return { kind: 'scalar-wkt', name: fullName };
  if (INT_OR_STRING_TYPES.has(fullName)) return { kind: 'int-or-string' };
  if (found instanceof protobuf.Enum) return { kind: 'enum', type: found };
  if (found instanceof protobuf.Type) return { kind: 'message', type: found };
  return { kind: 'opaque', reason: `${fullName} is not a message or enum` };
}

/** Display name relative to the package, e.g. "MeshConfig.OutboundTrafficPolicy". */
function displayName(object: protobuf.ReflectionObject): string {
  const parts: string[] = [];
  let current: protobuf.ReflectionObject | null = object;
  while (current && (current instanceof protobuf.Type || current instanceof protobuf.Enum)) {
    parts.unshift(current.name);
    current = current.parent;
  }
  return parts.join('.');
}

function jsonNameOf(field: protobuf.Field): string {
  // `[json_name = "..."]` is lifted onto field.jsonName by the parser; otherwise derive protoc's name.
  return field.jsonName ?? protobuf.util.jsonName(field.name);
}

interface FieldIndex {
  byKey: Map<string, protobuf.Field>;
  jsonNames: string[];
}

const fieldIndexCache = new Map<protobuf.Type, FieldIndex>();

function fieldIndex(type: protobuf.Type): FieldIndex {
  const cached = fieldIndexCache.get(type);
  if (cached) return cached;
  const byKey = new Map<string, protobuf.Field>();
  const jsonNames: string[] = [];
  for (const field of type.fieldsArray) {
    const jsonName = jsonNameOf(field);
    jsonNames.push(jsonName);
    byKey.set(jsonName, field);
    if (!byKey.has(field.name)) byKey.set(field.name, field);
  }
  const index = { byKey, jsonNames };
  fieldIndexCache.set(type, index);
  return index;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function childPath(parent: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

class Walker {
  readonly problems: string[] = [];

  constructor(private readonly root: protobuf.Root) {}

  message(value: unknown, type: protobuf.Type, at: string): void {
    if (value === null) return; // YAML `key:` with no value leaves the field unset
    if (!isPlainObject(value)) {
      this.problems.push(`${at}: expected a mapping for ${displayName(type)}, got ${describe(value)}`);
      return;
    }
    const index = fieldIndex(type);
    const oneofsSet = new Map<protobuf.OneOf, string>();
    const fieldsSet = new Map<protobuf.Field, string>();
    for (const [key, child] of Object.entries(value)) {
      const here = childPath(at, key);
      const field = index.byKey.get(key);
      if (field) {
        const sameField = fieldsSet.get(field);
        if (sameField !== undefined) {
          this.problems.push(`${here}: field set twice (also set as ${sameField})`);
          continue;
        }
        fieldsSet.set(field, key);
      }
      if (!field) {
        const reserved = (type.reserved ?? []).some((r) => r === key);
        this.problems.push(
          reserved
            ? `${here}: removed field (reserved in ${displayName(type)})`
            : `${here}: unknown field (${displayName(type)} has: ${index.jsonNames.join(', ')})`,
        );
        continue;
      }
      if (field.partOf && child !== null && child !== undefined) {
        const other = oneofsSet.get(field.partOf);
        if (other !== undefined) {
          this.problems.push(`${here}: only one of the oneof "${field.partOf.name}" may be set (also set: ${other})`);
        } else {
          oneofsSet.set(field.partOf, key);
        }
      }
      this.field(child, field, here);
    }
  }

  private field(value: unknown, field: protobuf.Field, at: string): void {
    if (value === null) return;
    const valueType = resolveFieldType(this.root, field);
    if (field.map) {
      if (!isPlainObject(value)) {
        this.problems.push(`${at}: expected a mapping (map<${(field as unknown as protobuf.MapField).keyType}, ${field.type}>), got ${describe(value)}`);
        return;
      }
      const keyType = (field as unknown as protobuf.MapField).keyType;
      for (const [key, entry] of Object.entries(value)) {
        const here = childPath(at, key);
        if (keyType !== 'string' && keyType !== 'bool' && !/^-?\d+$/.test(key)) {
          this.problems.push(`${here}: map key must be an integer (${keyType})`);
        }
        this.single(entry, valueType, here);
      }
      return;
    }
    if (field.repeated) {
      if (!Array.isArray(value)) {
        this.problems.push(`${at}: expected a list (repeated ${field.type}), got ${describe(value)}`);
        return;
      }
      value.forEach((item, i) => this.single(item, valueType, `${at}[${i}]`));
      return;
    }
    this.single(value, valueType, at);
  }

  private single(value: unknown, type: ResolvedType, at: string): void {
    if (value === null) return;
    switch (type.kind) {
      case 'opaque':
        return;
      case 'message':
        this.message(value, type.type, at);
        return;
      case 'enum':
        if (typeof value !== 'string' || !Object.prototype.hasOwnProperty.call(type.type.values, value)) {
          this.problems.push(
            `${at}: invalid enum value ${JSON.stringify(value)} (${displayName(type.type)} is one of: ${Object.keys(type.type.values).join(', ')})`,
          );
        }
        return;
      case 'int-or-string':
        if (typeof value !== 'string' && !(typeof value === 'number' && Number.isInteger(value))) {
          this.problems.push(`${at}: expected an integer or a string, got ${describe(value)}`);
        }
        return;
      case 'scalar-wkt':
        if (typeof value === 'object') {
          this.problems.push(`${at}: expected a scalar (${type.name.replace(/^\./, '')}), got ${describe(value)}`);
        }
        return;
      case 'scalar':
        this.scalar(value, type.scalar, at);
        return;
    }
  }

  private scalar(value: unknown, scalar: string, at: string): void {
    const kind = SCALAR_KINDS[scalar];
    let ok: boolean;
    switch (kind) {
      case 'string':
      case 'bytes':
        ok = typeof value === 'string';
        break;
      case 'bool':
        ok = typeof value === 'boolean';
        break;
      case 'int':
        ok = typeof value === 'number' && Number.isInteger(value);
        break;
      case 'int64':
        ok = (typeof value === 'number' && Number.isInteger(value)) || (typeof value === 'string' && /^-?\d+$/.test(value));
        break;
      default:
        ok = typeof value === 'number' || (typeof value === 'string' && ['NaN', 'Infinity', '-Infinity'].includes(value));
    }
    if (!ok) this.problems.push(`${at}: expected ${scalar}, got ${describe(value)}`);
  }
}

/**
 * Returns the problems found in an IstioOperator overlay document (as parsed from YAML), each as
 * "<path>: <message>"; an empty list means the overlay is valid against the upstream schema.
 */
export function validateIstioOperatorOverlay(document: unknown): string[] {
  const { root } = loadIstioOperatorSchema();
  if (!isPlainObject(document)) return [`document: expected a mapping, got ${describe(document)}`];

  const problems: string[] = [];
  for (const key of Object.keys(document)) {
    if (!TOP_LEVEL_KEYS.includes(key)) {
      problems.push(`${childPath('', key).replace(/^\./, '')}: unknown top-level field (IstioOperator has: ${TOP_LEVEL_KEYS.join(', ')})`);
    }
  }
  if (document.apiVersion !== API_VERSION) {
    problems.push(`apiVersion: expected ${JSON.stringify(API_VERSION)}, got ${describe(document.apiVersion)}`);
  }
  if (document.kind !== KIND) {
    problems.push(`kind: expected ${JSON.stringify(KIND)}, got ${describe(document.kind)}`);
  }
  if (document.metadata !== undefined && document.metadata !== null && !isPlainObject(document.metadata)) {
    problems.push(`metadata: expected a mapping, got ${describe(document.metadata)}`);
  }
  if (document.spec !== undefined) {
    const walker = new Walker(root);
    walker.message(document.spec, lookupExact(root, SPEC_TYPE) as protobuf.Type, 'spec');
    problems.push(...walker.problems);
  }
  return problems;
}
