/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * Wiring that only some configs use, loaded only when the config asks for it: the provider
 * bindings behind it are large (Cloud SQL, DaemonSet, the fleet's GKE Hub feature, Cloud
 * Storage), and compiling them would slow every synth that does not use them. Types come from
 * `import type`, so nothing is loaded until a function is called.
 */
export function cloudSql(): typeof import('./cloud-sql') {
  return require('./cloud-sql');
}

export function prismaCloud(): typeof import('./prisma-cloud') {
  return require('./prisma-cloud');
}

/** `asm.mode: managed`. */
export function managedMesh(): typeof import('./managed-mesh') {
  return require('./managed-mesh');
}

/** `network.hostProject`. */
export function sharedVpc(): typeof import('./shared-vpc') {
  return require('./shared-vpc');
}

/** `state.bucket`: the stack that creates the state bucket. */
export function remoteState(): typeof import('../stacks/state-stack') {
  return require('../stacks/state-stack');
}
