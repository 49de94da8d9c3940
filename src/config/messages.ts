import type * as v from 'valibot';
import { meshConfigSchema } from './schema';

/** How config problems are worded: with the field's path, all of them at once. */

export interface ConfigProblem {
  readonly path: string;
  readonly message: string;
}

/** Every problem found in a config file, reported together. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`${source}: ${count}:\n` + problems.map((problem) => `  - ${problem.path ? `${problem.path}: ` : ''}${problem.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

/** `['clusters', 1, 'podCidr']` -> `clusters[1].podCidr` */
export function formatPath(segments: readonly PropertyKey[]): string {
  return segments.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`)).join('');
}

export function describeIssue(issue: v.BaseIssue<unknown>): ConfigProblem[] {
  const segments = (issue.path ?? []).map((item) => item.key as PropertyKey);
  if (issue.type === 'strict_object' && issue.expected === 'never') {
    // valibot names the first unknown key of a mapping; every one is listed, as for other problems.
    const at = segments.slice(0, -1);
    const where = formatPath(at);
    const given = issue.path?.[issue.path.length - 1]?.input;
    const entries = entriesAt(at) ?? {};
    const known = Object.keys(entries).filter((key) => key !== '$schema');
    return Object.keys(given ?? {})
      .filter((key) => !Object.prototype.hasOwnProperty.call(entries, key))
      .map((key) => {
        const suggestion = closest(key, known);
        return {
          path: where ? `${where}.${key}` : key,
          message: `unknown field${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; known fields here: ${known.join(', ')}`,
        };
      });
  }
  return [{ path: formatPath(segments), message: issue.message }];
}

/** The fields the schema allows at a path, for "did you mean" hints. */
function entriesAt(segments: readonly PropertyKey[]): Record<string, unknown> | undefined {
  // Walk the schema along the path, skipping array indexes, pipes and optional wrappers.
  let schema: unknown = meshConfigSchema;
  for (const segment of segments) {
    const inner = innermost(schema);
    schema = typeof segment === 'number' ? inner?.item : inner?.entries?.[String(segment)];
  }
  return innermost(schema)?.entries;
}

interface SchemaNode {
  readonly pipe?: readonly { readonly kind: string }[];
  readonly wrapped?: unknown;
  readonly item?: unknown;
  readonly entries?: Record<string, unknown>;
}

/** The schema that holds the fields or items: the last schema of a pipe, inside any optional. */
function innermost(schema: unknown): SchemaNode | undefined {
  let current = schema as SchemaNode | undefined;
  for (;;) {
    const last = current?.pipe?.filter((item) => item.kind === 'schema').at(-1);
    if (last && last !== current) current = last as SchemaNode;
    else if (current?.wrapped) current = current.wrapped as SchemaNode;
    else return current;
  }
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}
