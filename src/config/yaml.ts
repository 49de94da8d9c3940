import { constructFromEvents, dump, type Event, EVENT_ID, getScalarValue, parseEvents, SCALAR_STYLE, YAMLException } from 'js-yaml';

/**
 * YAML as the app reads and writes it, on js-yaml: one CommonJS file, where the `yaml` package
 * is 72 modules and three times the load and first parse on a synth (docs/development.md).
 * Reading uses js-yaml's default, YAML 1.2's core schema, as Kubernetes users write it: `yes`
 * and `2024-01-01` stay strings. Writing quotes every string a YAML 1.1 reader would take for
 * something else: Istio reads mesh config with sigs.k8s.io/yaml, on go-yaml v2 (istio/istio,
 * pkg/config/mesh/mesh.go), where an unquoted `on` is true.
 */

/** A YAML text that does not parse, with the 1-based position js-yaml reports when it has one. */
export class YamlSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(line === undefined ? reason : `line ${line}, column ${column}: ${reason}`);
    this.name = 'YamlSyntaxError';
  }
}

/** One parsed YAML document. */
export interface YamlDocument {
  /** The document's value; undefined for a text with no document (empty, or comments only). */
  readonly value: unknown;
  /**
   * The text of the plain (unquoted) scalar at `keys`, mapping keys from the top, exactly as
   * written: `1.30` where the value reads 1.3. Undefined when absent, quoted or not a scalar.
   */
  plainScalarText(keys: readonly string[]): string | undefined;
}

/** Parses one YAML document; a second document or invalid YAML throws YamlSyntaxError. */
export function readYaml(text: string): YamlDocument {
  let events: Event[];
  let documents: unknown[];
  try {
    events = parseEvents(text, {});
    documents = constructFromEvents(events, { source: text });
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    const mark = error.mark;
    throw new YamlSyntaxError(error.reason, mark && mark.line + 1, mark && mark.column + 1);
  }
  if (documents.length > 1) throw new YamlSyntaxError(`expected one document, found ${documents.length}`);
  return { value: documents[0], plainScalarText: (keys) => plainScalarText(text, events, keys) };
}

/** `value` as block YAML: keys sorted so the text is stable, no anchors, no folded lines. */
export function writeYaml(value: unknown): string {
  return dump(sortedKeys(value), { quoteStyle: 'double', lineWidth: -1, noRefs: true });
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]),
  );
}

/** One open collection while walking the events: a mapping reads key, value, key, ... */
interface OpenCollection {
  readonly isMapping: boolean;
  /** The keys from the top down to this collection; undefined once off a path of string keys. */
  readonly keys: readonly string[] | undefined;
  readingKey: boolean;
  key?: string;
}

function plainScalarText(text: string, events: readonly Event[], wanted: readonly string[]): string | undefined {
  const open: OpenCollection[] = [];
  for (const event of events) {
    if (event.type === EVENT_ID.DOCUMENT) continue;
    if (event.type === EVENT_ID.POP) {
      open.pop();
      continue;
    }
    const parent = open[open.length - 1];
    const isCollection = event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE;
    let keys: readonly string[] | undefined;
    if (parent?.isMapping && parent.readingKey) {
      // A key: only a scalar one continues a path of string keys.
      parent.key = event.type === EVENT_ID.SCALAR ? getScalarValue(text, event) : undefined;
      parent.readingKey = false;
      keys = undefined;
    } else {
      if (parent?.isMapping) parent.readingKey = true;
      keys = !parent ? [] : parent.isMapping && parent.keys && parent.key !== undefined ? [...parent.keys, parent.key] : undefined;
      if (event.type === EVENT_ID.SCALAR && keys && samePath(keys, wanted)) {
        return event.style === SCALAR_STYLE.PLAIN ? text.slice(event.valueStart, event.valueEnd) : undefined;
      }
    }
    if (isCollection) open.push({ isMapping: event.type === EVENT_ID.MAPPING, keys, readingKey: true });
  }
  return undefined;
}

function samePath(path: readonly string[], wanted: readonly string[]): boolean {
  return path.length === wanted.length && path.every((key, index) => key === wanted[index]);
}
