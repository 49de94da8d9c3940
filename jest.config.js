/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  // The synth runner's transform (sucrase, file by file, no type-checking: isolatedModules in
  // tsconfig.json keeps every file transformable alone); `tsc --noEmit` in `npm test` type-checks once.
  transform: { '^.+\\.ts$': '<rootDir>/scripts/jest-transform.js' },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 60000,
  // One synth per distinct config per run, shared by the suites that only read stacks (support/synth-cache.ts).
  globalSetup: '<rootDir>/__tests__/support/synth-cache-setup.ts',
  globalTeardown: '<rootDir>/__tests__/support/synth-cache-teardown.ts',
  // cdktf's token creation stacks unformatted, as in a synth; errors keep theirs.
  setupFilesAfterEnv: ['<rootDir>/__tests__/support/creation-stacks-setup.ts'],
  // jest's default is cores minus one: 1 worker on a 2-core machine, leaving a core idle.
  maxWorkers: '100%',
};
