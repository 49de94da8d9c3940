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

/** lib/ holds reusable constructs: they know nothing of this app's config or stacks. */
const APP_MODULES = { group: ['**/src/**', '../src/*'], message: 'lib/ must not import src/: constructs take props, never the app config.' };

export default tseslint.config(
  { ignores: ['node_modules/', 'cdktf.out/', 'coverage/', '.bench/', 'jest.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-restricted-imports': ['error', { paths: PROVIDER_ROOTS, patterns: [FEATURE_MODULES] }],
    },
  },
  {
    files: ['lib/**'],
    rules: { 'no-restricted-imports': ['error', { paths: PROVIDER_ROOTS, patterns: [FEATURE_MODULES, APP_MODULES] }] },
  },
  {
    files: ['src/features/**'],
    rules: { 'no-restricted-imports': ['error', { paths: PROVIDER_ROOTS }] },
  },
  {
    // Plain CommonJS preloads for node (scripts/bench/peak-rss.js).
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', process: 'readonly', module: 'writable', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
