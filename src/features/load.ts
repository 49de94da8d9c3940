/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * Wiring that only some configs use, loaded only when the config asks for it: the provider
 * bindings behind it are large (Cloud SQL, DaemonSet, the fleet's GKE Hub feature, Cloud
 * Storage, cluster roles), and every module loaded costs a synth that does not use it (about
 * 0.5 ms each, measured). Types come from `import type`, so nothing is loaded until a function is
 * called.
 */
export function cloudSql(): typeof import('./cloud-sql') {
  return require('./cloud-sql');
}

export function prismaCloud(): typeof import('./prisma-cloud') {
  return require('./prisma-cloud');
}

/** `asm.mode: in-cluster` (mesh and workloads stacks). */
export function inClusterMesh(): typeof import('./in-cluster-mesh') {
  return require('./in-cluster-mesh');
}

/** `asm.mode: managed`. */
export function managedMesh(): typeof import('./managed-mesh') {
  return require('./managed-mesh');
}

/** `network.hostProject`. */
export function sharedVpc(): typeof import('./shared-vpc') {
  return require('./shared-vpc');
}

/** `clusters[].autopilot`. */
export function autopilot(): typeof import('./autopilot') {
  return require('./autopilot');
}

/** Clusters in other projects than the fleet's. */
export function crossProjectFleet(): typeof import('./cross-project-fleet') {
  return require('./cross-project-fleet');
}

/** `state.bucket`: the stack that creates the state bucket. */
export function remoteState(): typeof import('../stacks/state-stack') {
  return require('../stacks/state-stack');
}
