/**
 * cdktf records a full stack trace for every token it creates (every attribute reference and
 * function call), only to name the creation site if that token later fails to resolve. On a
 * 10-cluster mesh that is a sixth of synth time. The synthesized output does not depend on it.
 *
 * Skipped by default; set MESH_SYNTH_STACK_TRACES=1 to get the creation sites back while
 * debugging a token error. cdktf 0.21.0 is the final release and is pinned, so this private
 * module path is stable.
 */
export const STACK_TRACE_VARIABLE = 'MESH_SYNTH_STACK_TRACES';

export function skipTokenCreationStacks(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env[STACK_TRACE_VARIABLE] === '1') return false;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const stackTrace = require('cdktf/lib/tokens/private/stack-trace') as { captureStackTrace: () => string[] };
  stackTrace.captureStackTrace = () => [];
  return true;
}
