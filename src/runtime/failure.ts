import { PolicyViolationError } from '../../lib/policy/policy-checks';
import { ConfigError } from '../config/messages';
import { STACK_TRACE_VARIABLE } from './creation-stacks';
import { CrossStackReferenceError } from './synthesize';

/**
 * What a failed synth tells the user. Config problems, policy findings and references across
 * stacks are lists, one line each; anything else (a construct refusing its props, a bug) is one line. The stack trace comes
 * with STACK_TRACE_VARIABLE, for debugging the app itself.
 */
export function describeFailure(error: unknown, env: NodeJS.ProcessEnv = {}): string {
  if (error instanceof ConfigError || error instanceof PolicyViolationError || error instanceof CrossStackReferenceError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  const line = `synth failed: ${message.split('\n')[0].trim() || (error as Error)?.name || 'unknown error'}`;
  if (env[STACK_TRACE_VARIABLE] === '1' && error instanceof Error && error.stack) return `${line}\n${error.stack}`;
  return `${line} (set ${STACK_TRACE_VARIABLE}=1 for the stack trace)`;
}
