/**
 * Tests build apps as `cdktf synth` does (src/runtime/creation-stacks.ts): the stacks cdktf
 * captures at every token's creation are left unformatted, while an error keeps the stack jest
 * formats for its report. cdktf captures onto plain objects and errors are Errors (of any realm),
 * which is how the two are told apart. jest maps every captured frame through source maps, which
 * made building the default app in a test ten times slower than in a synth (about 270 ms against
 * 30 ms); building apps was over half of what `npm test` spent. With MESH_SYNTH_STACK_TRACES=1
 * every stack is formatted, as in a synth, for debugging a token that fails to resolve.
 */
import { STACK_TRACE_VARIABLE } from '../../src/runtime/creation-stacks';

const formatErrorStack = Error.prepareStackTrace;
if (formatErrorStack && process.env[STACK_TRACE_VARIABLE] !== '1') {
  Error.prepareStackTrace = (error: unknown, frames: NodeJS.CallSite[]) =>
    Object.prototype.toString.call(error) === '[object Error]' ? formatErrorStack(error as Error, frames) : '';
}
