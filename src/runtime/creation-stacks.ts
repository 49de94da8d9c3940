/** Set to 1, a synth formats stack traces as usual and a failed synth prints the error's too. */
export const STACK_TRACE_VARIABLE = 'MESH_SYNTH_STACK_TRACES';

/**
 * Runs `build` with captured stack traces left unformatted.
 *
 * cdktf captures the stack at every token's creation (1,250 in a default synth, 6,000 for ten
 * clusters, most inside the provider bindings' constructors) and formats it into strings at once,
 * only to name the creation site if that token later fails to resolve. Formatting deep construct
 * stacks is a fifth of what a synth costs above its floor. V8's public stack-trace API lets a
 * program choose how captured stacks are formatted (`Error.prepareStackTrace`,
 * https://v8.dev/docs/stack-trace-api); while `build` runs they format as empty, which cdktf takes
 * as "no trace". Nothing of cdktf or Node is replaced: the hook is the documented extension point,
 * and it is restored afterwards, so an error's own stack (formatted when first read) is intact.
 * The output does not depend on it (a test synthesizes with and without). With
 * MESH_SYNTH_STACK_TRACES=1 stacks are formatted as usual, for debugging a token error.
 */
export function withUnformattedStackTraces<T>(build: () => T, env: NodeJS.ProcessEnv = process.env): T {
  if (env[STACK_TRACE_VARIABLE] === '1') return build();
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = () => '';
  try {
    return build();
  } finally {
    Error.prepareStackTrace = previous;
  }
}
