/**
 * A small, closed description language for the YAML our IstioOperator overlays hold, and the
 * checker that walks a parsed document against it.
 *
 * Closed means: a `record` lists every key it allows, and any other key is a problem naming its
 * path (with a "did you mean" hint when a described key is one or two edits away). Upstream
 * fields whose keys are data (annotations, env var names) are described as records too, closed to
 * the keys we set, so a misspelt annotation or variable name fails like a misspelt field.
 * A YAML key with no value (`null`) leaves a field unset, as istioctl reads it, and is accepted.
 */

export type Shape =
  | { readonly kind: 'string' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'enum'; readonly typeName: string; readonly values: readonly string[] }
  | { readonly kind: 'list'; readonly item: Shape }
  | { readonly kind: 'record'; readonly typeName: string; readonly fields: Readonly<Record<string, Shape>> };

export const text: Shape = { kind: 'string' };
export const flag: Shape = { kind: 'boolean' };

/** A string from a fixed set (a protobuf enum's JSON names, or the values we allow). */
export function oneOf(typeName: string, values: readonly string[]): Shape {
  return { kind: 'enum', typeName, values };
}

export function listOf(item: Shape): Shape {
  return { kind: 'list', item };
}

/** A mapping with exactly these keys allowed (none required). */
export function record(typeName: string, fields: Readonly<Record<string, Shape>>): Shape {
  return { kind: 'record', typeName, fields };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How a value reads in a problem: its YAML kind, and the value itself for scalars. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** `parent.key`, or `parent["key"]` for keys that are not plain identifiers (annotation names). */
export function childPath(parent: string, key: string): string {
  const plain = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key);
  if (parent === '') return plain ? key : `[${JSON.stringify(key)}]`;
  return plain ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

/** Levenshtein distance, case-insensitive, for "did you mean" hints. */
function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[y.length];
}

/** The described key closest to `key`, when it is close enough to be a likely misspelling. */
export function closest(key: string, known: readonly string[]): string | undefined {
  const normalized = key.replace(/[_-]/g, '').toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = normalized === name.toLowerCase() ? 0 : editDistance(key, name);
    if (distance <= 2 && (best === undefined || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** Problems with `value` against `shape`, each "<path>: <message>". */
export function check(value: unknown, shape: Shape, at: string): string[] {
  if (value === null) return [];
  switch (shape.kind) {
    case 'string':
      return typeof value === 'string' ? [] : [`${at}: expected a string, got ${describeValue(value)}`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: expected a boolean, got ${describeValue(value)}`];
    case 'enum':
      if (typeof value !== 'string') return [`${at}: expected a string (${shape.typeName}: ${shape.values.join(', ')}), got ${describeValue(value)}`];
      return shape.values.includes(value)
        ? []
        : [`${at}: invalid enum value ${JSON.stringify(value)} (${shape.typeName} is one of: ${shape.values.join(', ')})`];
    case 'list':
      if (!Array.isArray(value)) return [`${at}: expected a list, got ${describeValue(value)}`];
      return value.flatMap((item, index) => check(item, shape.item, `${at}[${index}]`));
    case 'record':
      return checkRecord(value, shape, at);
  }
}

function checkRecord(value: unknown, shape: Extract<Shape, { kind: 'record' }>, at: string): string[] {
  if (!isPlainObject(value)) return [`${at}: expected a mapping (${shape.typeName}), got ${describeValue(value)}`];
  const known = Object.keys(shape.fields);
  return Object.entries(value).flatMap(([key, child]) => {
    const here = childPath(at, key);
    const field = Object.prototype.hasOwnProperty.call(shape.fields, key) ? shape.fields[key] : undefined;
    if (field !== undefined) return check(child, field, here);
    const hint = closest(key, known);
    return [`${here}: unknown field${hint === undefined ? '' : ` (did you mean ${hint}?)`}; ${shape.typeName} as described has: ${known.join(', ')}`];
  });
}
