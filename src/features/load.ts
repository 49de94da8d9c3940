/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * The optional features' wiring, loaded only when the config turns a feature on: their provider
 * bindings (Cloud SQL, DaemonSet) are large, and compiling them would slow every synth that does
 * not use them. Types come from `import type`, so nothing is loaded until a function is called.
 */
export function cloudSql(): typeof import('./cloud-sql') {
  return require('./cloud-sql');
}

export function prismaCloud(): typeof import('./prisma-cloud') {
  return require('./prisma-cloud');
}
