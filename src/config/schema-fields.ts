import { v } from './valibot';
import * as rules from '../../lib/core/rules';

// Field builders the config schema's modules share (schema.ts, asm-schema.ts, the *-schema.ts
// field groups). Each names, in its own words, what it wants and what it got.

/** A value as a message quotes what was written: strings in quotes, lists and mappings by kind. */
export function shown(value: unknown): string {
  if (typeof value === 'string') return `"${value}"`;
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a mapping';
  return String(value);
}

/** `must be <what>, got <the input>`: the message of a value of the wrong kind. */
export function wanted(what: string) {
  return (issue: v.BaseIssue<unknown>) => `must be ${what}, got ${shown(issue.input)}`;
}

export function text() {
  return v.string(wanted('a string'));
}

export function nonEmptyText() {
  return v.pipe(text(), v.minLength(1, 'must not be empty'));
}

export function flag() {
  return v.boolean(wanted('true or false'));
}

/** A whole number within bounds; one message whichever bound or kind is wrong. */
export function wholeNumber(bounds: { readonly min: number; readonly max: number }) {
  const message = wanted(`a whole number from ${bounds.min} to ${bounds.max}`);
  // The first failed step is the only one reported (1000.5 is not also "too big").
  return v.config(v.pipe(v.number(message), v.integer(message), v.minValue(bounds.min, message), v.maxValue(bounds.max, message)), {
    abortPipeEarly: true,
  });
}

export function oneOf<const Options extends readonly string[]>(options: Options) {
  return v.picklist(options, wanted(`one of ${options.join(', ')}`));
}

export function listOf<const Item extends v.GenericSchema>(item: Item) {
  return v.array(item, wanted('a list'));
}

/** The message of a missing key: `is required`, or the field's own where it says more. */
function missingKeyMessage(whenMissing: Readonly<Record<string, string>>) {
  return (issue: v.BaseIssue<unknown>) => {
    const key = issue.path?.[issue.path.length - 1]?.key;
    // Unknown keys are worded by messages.ts, which lists the known ones and the likely typo.
    if (issue.expected === 'never') return 'unknown field';
    return (typeof key === 'string' ? whenMissing[key] : undefined) ?? 'is required';
  };
}

function isMapping(input: unknown): input is Record<string, unknown> {
  return input !== null && typeof input === 'object' && !Array.isArray(input);
}

/**
 * A YAML mapping with exactly these keys. valibot's objects take arrays too, so a list is refused
 * first; `whenMissing` words a missing key that needs more than "is required".
 */
export function mapping<const Entries extends v.ObjectEntries>(entries: Entries, whenMissing: Readonly<Record<string, string>> = {}) {
  return v.pipe(v.custom<Record<string, unknown>>(isMapping, wanted('a mapping')), v.strictObject(entries, missingKeyMessage(whenMissing)));
}

/** Checks a value with a shared rule (lib/core/rules.ts), once it has the right type. */
export function passes<T>(rule: rules.Rule<T>) {
  return v.rawCheck<T>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const problem = rule(dataset.value);
    if (problem !== undefined) addIssue({ message: problem });
  });
}

/** A string checked by a shared rule. `hints` only tell editors (JSON Schema) what the rule wants. */
export function ruled(rule: rules.Rule<string>, hints: { pattern?: RegExp; maxLength?: number } = {}) {
  return v.pipe(
    text(),
    passes(rule),
    v.metadata({ ...(hints.pattern ? { pattern: hints.pattern.source } : {}), ...(hints.maxLength ? { maxLength: hints.maxLength } : {}) }),
  );
}

/** The schema with a description, for the generated JSON Schema (and so the editor). */
export function described<const Schema extends v.GenericSchema>(schema: Schema, description: string) {
  return v.pipe(schema, v.description(description));
}

/** An RFC 1035 label of at most `maxLength` characters. */
export function label(maxLength: number, what: string) {
  return described(ruled(rules.label(maxLength), { pattern: rules.RFC1035_LABEL, maxLength }), what);
}
