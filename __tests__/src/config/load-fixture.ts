/** Helpers for the load*.test.ts files: the problems a config produces, and a config to vary. */
import { ConfigError } from '../../../src/config/messages';
import { config, TWO_CLUSTERS } from '../../helpers';

/** The problems a config produces, as "path: message" lines. */
export function problemsOf(yaml: string): string[] {
  try {
    config(yaml);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message));
    throw error;
  }
  return [];
}

export function expectProblem(yaml: string, pattern: RegExp): void {
  const problems = problemsOf(yaml);
  expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(pattern)]));
}

/** TWO_CLUSTERS with one line replaced or appended. */
export function withClusters(clusters: string): string {
  return TWO_CLUSTERS.replace(/clusters:\n( {2}- .*\n)+/, `clusters:\n${clusters}\n`);
}
