/** Set to 1, a synth captures stack traces as usual and a failed synth prints the error's too. */
export const STACK_TRACE_VARIABLE = 'MESH_SYNTH_STACK_TRACES';

/**
 * Runs `build` with no stack traces captured.
 *
 * cdktf captures the whole stack at every token's creation (1,250 in a default synth, 6,000 for
 * ten clusters, most inside the provider bindings' constructors), lifting `Error.stackTraceLimit`
 * to its maximum for each, only to name the creation site if that token later fails to resolve.
 * Walking those deep construct stacks cost 4 % of a default synth's instructions (measured with
 * callgrind). Node documents the switch (https://nodejs.org/api/errors.html#errorstacktracelimit):
 * a non-number `Error.stackTraceLimit` captures no frames. While `build` runs the property reads 0
 * and ignores writes, so cdktf's per-token raise is a no-op and its creation stacks come out empty,
 * which cdktf takes as "no trace". Nothing of cdktf or Node is replaced, and the property is put
 * back afterwards. Errors created meanwhile carry no stack either: the failure printer shows one
 * only with MESH_SYNTH_STACK_TRACES=1, and then stacks are captured as usual. The output does not
 * depend on it (a test synthesizes with and without).
 */
export function withoutStackCapture<T>(build: () => T, env: NodeJS.ProcessEnv = process.env): T {
  const limit = Object.getOwnPropertyDescriptor(Error, 'stackTraceLimit');
  if (env[STACK_TRACE_VARIABLE] === '1' || !limit?.configurable) return build();
  // An accessor is not a number to V8, which reads the property's value without calling a getter;
  // a getter that returns 0 would capture nothing either.
  Object.defineProperty(Error, 'stackTraceLimit', { configurable: true, enumerable: limit.enumerable, get: () => 0, set: () => undefined });
  try {
    return build();
  } finally {
    Object.defineProperty(Error, 'stackTraceLimit', limit);
  }
}
