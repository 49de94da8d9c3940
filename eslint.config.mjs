import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Provider package roots load every resource binding; deep paths load one. */
const PROVIDER_ROOTS = [
  { name: '@cdktf/provider-google', message: 'Import by deep path (@cdktf/provider-google/lib/<resource>): the root loads every resource.' },
  { name: '@cdktf/provider-kubernetes', message: 'Import by deep path (@cdktf/provider-kubernetes/lib/<resource>): the root loads every resource.' },
];

/** Wiring that only some configs use (features, modes, the state stack) loads through src/features/load.ts only, when the config asks for it. */
const FEATURE_MODULES = {
  group: ['**/features/cloud-sql', '**/features/prisma-cloud', '**/features/managed-mesh', '**/features/shared-vpc', '**/stacks/state-stack'],
  allowTypeImports: true,
  message: 'Load a feature through src/features/load.ts, only when the config enables it (types may be imported with `import type`).',
};

/** cdktf's modules under lib/ are private: the app uses what the package root exports and replaces none of their functions. */
const CDKTF_PRIVATE = {
  group: ['cdktf/lib/*', 'cdktf/lib/**'],
  message: "cdktf's own modules are private: use what `cdktf` exports, and never replace their functions.",
};

/** lib/ holds reusable constructs: they know nothing of this app's config or stacks. */
const APP_MODULES = { group: ['**/src/**', '../src/*'], message: 'lib/ must not import src/: constructs take props, never the app config.' };

/**
 * lib/ is grouped by domain (lib/<domain>/). A domain builds on its own files and on lib/core/,
 * never on a sibling domain: what two domains share belongs in core/, which builds on nothing else
 * in lib/. The folders are read from disk, so a new domain is covered when it is created.
 */
const LIB_DOMAINS = fs
  .readdirSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'lib'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const domainBoundary = (domain) => ({
  group: LIB_DOMAINS.filter((other) => other !== domain && (domain === 'core' || other !== 'core')).flatMap((other) => [
    `../${other}`,
    `../${other}/*`,
    `**/lib/${other}/*`,
  ]),
  message:
    domain === 'core'
      ? 'lib/core/ builds on nothing else in lib/.'
      : `lib/${domain}/ imports its own files and lib/core/ only; move what domains share into lib/core/.`,
});

export default tseslint.config(
  { ignores: ['node_modules/', 'cdktf.out/', 'coverage/', '.bench/', 'jest.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-restricted-imports': ['error', { paths: PROVIDER_ROOTS, patterns: [FEATURE_MODULES, CDKTF_PRIVATE] }],
    },
  },
  ...LIB_DOMAINS.map((domain) => ({
    files: [`lib/${domain}/**`],
    rules: { 'no-restricted-imports': ['error', { paths: PROVIDER_ROOTS, patterns: [FEATURE_MODULES, APP_MODULES, CDKTF_PRIVATE, domainBoundary(domain)] }] },
  })),
  {
    files: ['src/features/**'],
    rules: { 'no-restricted-imports': ['error', { paths: PROVIDER_ROOTS, patterns: [CDKTF_PRIVATE] }] },
  },
  {
    // Plain CommonJS for node: the runner's hook, jest's transform, the bench's preload.
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', process: 'readonly', module: 'writable', __dirname: 'readonly', __filename: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
