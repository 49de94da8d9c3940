import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'cdktf.out/', 'coverage/', '.bench/', 'jest.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@cdktf/provider-google', message: 'Import by deep path (@cdktf/provider-google/lib/<resource>): the root loads every resource.' },
            { name: '@cdktf/provider-kubernetes', message: 'Import by deep path (@cdktf/provider-kubernetes/lib/<resource>): the root loads every resource.' },
          ],
        },
      ],
    },
  },
  {
    // Plain CommonJS preloads for node (scripts/bench/peak-rss.js).
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', process: 'readonly', module: 'writable', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
