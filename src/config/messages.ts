import type { z } from 'zod';
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

export function describeIssue(issue: z.core.$ZodIssue): ConfigProblem[] {
  const where = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const fieldPath = where ? `${where}.${key}` : key;
      const known = knownKeysAt(issue.path);
      const suggestion = closest(key, known);
      return {
        path: fieldPath,
        message: `unknown field${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; known fields here: ${known.join(', ')}`,
      };
    });
  }
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) {
    return [{ path: where, message: 'is required' }];
  }
  return [{ path: where, message: issue.message }];
}

/** The field names the schema allows at a path, for "did you mean" hints. */
function knownKeysAt(segments: readonly PropertyKey[]): string[] {
  // Walk the schema's shape along the path, skipping array indexes and wrappers.
  let schema: unknown = meshConfigSchema;
  for (const segment of segments) {
    schema = unwrap(schema);
    if (typeof segment === 'number') {
      schema = (schema as { element?: unknown }).element;
    } else {
      schema = (schema as { shape?: Record<string, unknown> }).shape?.[String(segment)];
    }
  }
  const shape = (unwrap(schema) as { shape?: Record<string, unknown> })?.shape;
  return shape ? Object.keys(shape).filter((key) => key !== '$schema') : [];
}

function unwrap(schema: unknown): unknown {
  let current = schema as { def?: { innerType?: unknown; in?: unknown; type?: string } } | undefined;
  while (current?.def && (current.def.innerType || current.def.type === 'pipe')) {
    current = (current.def.innerType ?? current.def.in) as typeof current;
  }
  return current;
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
