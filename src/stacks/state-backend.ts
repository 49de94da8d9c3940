import { GcsBackend, LocalBackend, type TerraformStack } from 'cdktf';
import type { StateConfig } from '../config/types';

/** The stack that holds the state bucket: it keeps its own state locally, since it creates the bucket. */
export const STATE_STACK = 'state';

/**
 * Where a stack keeps its state: the gcs backend under its own prefix when `state.bucket` is set,
 * else a local file under a relative path (cdktf's default path is the synthesizing machine's
 * absolute one, which breaks synth in CI and apply elsewhere). The state stack is always local.
 */
export function useStateBackend(stack: TerraformStack, stackName: string, state: StateConfig): void {
  if (state.backend === 'gcs' && stackName !== STATE_STACK) new GcsBackend(stack, { bucket: state.bucket, prefix: state.prefixOf(stackName) });
  else new LocalBackend(stack, { path: state.stateFile(stackName) });
}
