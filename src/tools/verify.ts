import { parseArgs } from 'util';
import { HELLOWORLD_PORT } from '../../lib/core/mesh-conventions';
import type { MeshConfig } from '../config/types';

/**
 * `npm run verify`: the Istio / ASM multi-cluster check. From the `sleep` pod of every cluster,
 * call the `helloworld` Service many times. Each cluster runs one helloworld version, so a
 * cluster that hears from every version is load-balancing across clusters.
 *
 * Everything here is pure: scripts/verify.ts runs the commands and exits.
 */

/** Enough calls that, with two or more versions, missing one by chance is about one in a million. */
export const CALLS_PER_CLUSTER = 10;

/** A problem that stops verification before any command runs (not a failed check). */
export class VerifyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VerifyError';
  }
}

/** The Istio docs' check: one call from the cluster's `sleep` pod to the mesh-wide helloworld. */
export function helloworldCall(context: string, namespace: string): string[] {
  const url = `helloworld.${namespace}:${HELLOWORLD_PORT}/hello`;
  return ['kubectl', 'exec', `--context=${context}`, '-n', namespace, '-c', 'sleep', 'deploy/sleep', '--', 'curl', '-sS', url];
}

export interface ClusterCheck {
  readonly cluster: string;
  readonly context: string;
  /** The version this cluster runs itself; every other one must come from a peer. */
  readonly localVersion: string;
  /** The same call, repeated: each run is one load-balancing decision. */
  readonly commands: readonly (readonly string[])[];
}

export interface PlanOptions {
  /** Calls per cluster. @default 10 × the number of clusters */
  readonly calls?: number;
}

export function defaultCalls(config: Pick<MeshConfig, 'mesh'>): number {
  // A cluster leaving the mesh has no sample left to call.
  return CALLS_PER_CLUSTER * config.mesh.members.length;
}

/** Per cluster, the exact argv arrays to run, in order. */
export function verifyPlan(config: MeshConfig, options: PlanOptions = {}): ClusterCheck[] {
  if (!config.sample.enabled) {
    throw new VerifyError('sample.enabled is false: the helloworld sample this check calls is not deployed.');
  }
  const calls = options.calls ?? defaultCalls(config);
  if (!Number.isInteger(calls) || calls < 1) throw new VerifyError(`calls must be a positive whole number, got ${calls}`);
  return config.mesh.members.map((cluster) => {
    const call = helloworldCall(cluster.kubeContext, config.sample.namespace);
    return { cluster: cluster.name, context: cluster.kubeContext, localVersion: cluster.sampleVersion, commands: Array.from({ length: calls }, () => call) };
  });
}

/** The plan's contexts absent from `available` (the output of `kubectl config get-contexts -o name`). */
export function missingContexts(plan: readonly ClusterCheck[], available: readonly string[]): string[] {
  const known = new Set(available);
  return plan.map((check) => check.context).filter((context) => !known.has(context));
}

const HELLOWORLD_ANSWER = /^Hello version: (v\d+), instance: (\S+)$/;

/** `Hello version: v1, instance: helloworld-v1-...`, and nothing else, is a helloworld answer. */
export function parseHelloworld(output: string): { version: string; instance: string } | undefined {
  const match = HELLOWORLD_ANSWER.exec(output.trimEnd());
  return match ? { version: match[1], instance: match[2] } : undefined;
}

/** One call's outcome: what it printed, or why the command failed (non-zero exit, timeout). */
export type CallResult = { readonly ok: true; readonly stdout: string } | { readonly ok: false; readonly error: string };

export interface ClusterResults {
  readonly cluster: string;
  readonly results: readonly CallResult[];
}

export interface ClusterVerdict {
  readonly cluster: string;
  readonly calls: number;
  readonly byVersion: Readonly<Record<string, number>>;
  readonly errors: number;
  /** Distinct error lines with how often each occurred, most frequent first. */
  readonly errorSamples: readonly { readonly message: string; readonly count: number }[];
  /** Expected versions this cluster never reached. */
  readonly missing: readonly string[];
  readonly passed: boolean;
}

export interface Verdict {
  readonly clusters: readonly ClusterVerdict[];
  readonly passed: boolean;
  readonly report: string;
}

/** A cluster passes only if it reached every expected version; the mesh, only if every cluster does. */
export function verdict(results: readonly ClusterResults[], expected: readonly string[]): Verdict {
  const clusters = results.map((cluster) => clusterVerdict(cluster, expected));
  const passed = clusters.length > 0 && clusters.every((cluster) => cluster.passed);
  return { clusters, passed, report: report(clusters, expected, passed) };
}

function clusterVerdict({ cluster, results }: ClusterResults, expected: readonly string[]): ClusterVerdict {
  const byVersion: Record<string, number> = Object.fromEntries(expected.map((version) => [version, 0]));
  const errorLines: string[] = [];
  for (const result of results) {
    const answer = result.ok ? parseHelloworld(result.stdout) : undefined;
    if (answer) byVersion[answer.version] = (byVersion[answer.version] ?? 0) + 1;
    else errorLines.push(result.ok ? unexpectedAnswer(result.stdout) : firstLine(result.error));
  }
  const missing = expected.filter((version) => byVersion[version] === 0);
  return {
    cluster,
    calls: results.length,
    byVersion,
    errors: errorLines.length,
    errorSamples: countDistinct(errorLines),
    missing,
    passed: missing.length === 0,
  };
}

/** curl exits 0 on an Envoy 503, so "no healthy upstream" arrives as output, not as a failure. */
function unexpectedAnswer(stdout: string): string {
  const line = firstLine(stdout);
  return line ? `unexpected answer: ${line.length > 100 ? `${line.slice(0, 100)}...` : line}` : 'empty answer';
}

function firstLine(text: string): string {
  return text.trim().split(/\r?\n/)[0]?.trim() ?? '';
}

function countDistinct(lines: readonly string[]): { message: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(line, (counts.get(line) ?? 0) + 1);
  return [...counts].map(([message, count]) => ({ message, count })).sort((a, b) => b.count - a.count);
}

/** Error lines shown per cluster; the rest are usually the same failure again. */
const ERROR_SAMPLES = 3;

function report(clusters: readonly ClusterVerdict[], expected: readonly string[], passed: boolean): string {
  const versions = versionColumns(clusters, expected);
  const header = ['cluster', 'calls', ...versions, 'errors', 'verdict'];
  const rows = clusters.map((cluster) => [
    cluster.cluster,
    String(cluster.calls),
    ...versions.map((version) => String(cluster.byVersion[version] ?? 0)),
    String(cluster.errors),
    cluster.passed ? 'pass' : `FAIL: never reached ${cluster.missing.join(', ')}`,
  ]);
  const numeric = header.map((_title, column) => column > 0 && column < header.length - 1);
  const lines = [formatTable([header, ...rows], numeric), ...errorDetails(clusters), summary(clusters, expected, passed)];
  return lines.join('\n');
}

/** Expected versions first, then any unexpected one that answered (a stray deployment). */
function versionColumns(clusters: readonly ClusterVerdict[], expected: readonly string[]): string[] {
  const seen = clusters.flatMap((cluster) => Object.keys(cluster.byVersion));
  return [...new Set([...expected, ...seen.sort()])];
}

function errorDetails(clusters: readonly ClusterVerdict[]): string[] {
  return clusters
    .filter((cluster) => cluster.errors > 0)
    .flatMap((cluster) => [
      `${cluster.cluster}: ${cluster.errors} of ${cluster.calls} calls failed:`,
      ...cluster.errorSamples.slice(0, ERROR_SAMPLES).map((sample) => `  ${sample.count}× ${sample.message}`),
    ]);
}

function summary(clusters: readonly ClusterVerdict[], expected: readonly string[], passed: boolean): string {
  if (passed) return `PASS: every cluster reached ${expected.join(' and ')}: calls cross clusters.`;
  if (clusters.length === 0) return 'FAIL: no cluster was checked.';
  const failed = clusters.filter((cluster) => !cluster.passed).map((cluster) => cluster.cluster);
  return `FAIL: ${failed.length} of ${clusters.length} clusters did not reach every version (${expected.join(', ')}): ${failed.join(', ')}.`;
}

/** Space-padded columns; numeric ones right-aligned so digits line up. */
export function formatTable(rows: readonly (readonly string[])[], rightAligned: readonly boolean[]): string {
  const widths = rows[0].map((_cell, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (rightAligned[column] ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export interface VerifyArgs {
  readonly dryRun: boolean;
  readonly help: boolean;
  readonly calls?: number;
}

/**
 * `--dry-run`, `--calls K` (or `--calls=K`), `--help` (`-h`); anything else is an error naming it.
 * util.parseArgs splits the flags; it runs non-strict so the messages stay ours and `--calls -1`
 * reads `-1` as the value to reject rather than as a flag.
 */
export function parseVerifyArgs(argv: readonly string[]): VerifyArgs | { readonly error: string } {
  const { tokens } = parseArgs({
    args: [...argv],
    options: { 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, calls: { type: 'string' } },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  let dryRun = false;
  let help = false;
  let calls: number | undefined;
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') return { error: `unexpected argument "${token.value}"` };
    if (token.name === 'calls') {
      if (token.value === undefined) return { error: '--calls needs a value (a positive whole number)' };
      if (!/^[1-9]\d*$/.test(token.value)) return { error: `--calls needs a positive whole number, got "${token.value}"` };
      calls = Number(token.value);
    } else if (token.name === 'dry-run' && !token.inlineValue) dryRun = true;
    else if (token.name === 'help' && !token.inlineValue) help = true;
    else return { error: `unknown flag "${token.inlineValue ? `${token.rawName}=${token.value}` : token.rawName}"` };
  }
  return { dryRun, help, calls };
}

/** POSIX shell quoting, so a dry-run line pastes into a shell as the same argv. */
export function shellQuote(argv: readonly string[]): string {
  return argv.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/**
 * What `--dry-run` prints: one line per cluster, its call as a shell loop run as many times as the
 * plan says (the same call repeated 20-30 times told the reader nothing more).
 */
export function dryRunLines(plan: readonly ClusterCheck[]): string[] {
  return plan.flatMap((check) => {
    const lines: string[] = [];
    for (let start = 0; start < check.commands.length;) {
      const command = shellQuote(check.commands[start]);
      let end = start + 1;
      while (end < check.commands.length && shellQuote(check.commands[end]) === command) end++;
      lines.push(end - start === 1 ? command : `for i in $(seq ${end - start}); do ${command}; done`);
      start = end;
    }
    return lines;
  });
}
