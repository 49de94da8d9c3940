import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../helpers';

interface JestTransform {
  process(sourceText: string, sourcePath: string): { code: string };
  getCacheKey(sourceText: string, sourcePath: string): string;
}
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS scripts of the runner and of jest */
const transformer = require('../../scripts/jest-transform') as JestTransform;
const { transformTypeScript } = require('../../scripts/typescript-transform') as { transformTypeScript(code: string, file: string): string };
/* eslint-enable @typescript-eslint/no-require-imports */

describe("jest's transform (scripts/jest-transform.js)", () => {
  it('is the one jest.config.js names for .ts files', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- jest's own CommonJS config
    const { transform } = require('../../jest.config.js') as { transform: Record<string, string> };
    expect(transform).toEqual({ '^.+\\.ts$': '<rootDir>/scripts/jest-transform.js' });
  });

  it('turns the app into the JavaScript the synth runner runs, line for line', () => {
    for (const relative of ['main.ts', 'src/stacks/app.ts', 'lib/core/cidr.ts', 'src/config/schema.ts']) {
      const file = path.join(REPO_ROOT, relative);
      const source = fs.readFileSync(file, 'utf8');
      const { code } = transformer.process(source, file);
      expect(code).toBe(transformTypeScript(source, file));
      expect(code.split('\n')).toHaveLength(source.split('\n').length);
    }
  });

  it('strips types without checking them, and hoists jest.mock above the imports as ts-jest did', () => {
    const { code } = transformer.process(
      "import { a } from './a';\njest.mock('./a');\nconst n: number = 'x' as unknown as number;\nexport { a, n };\n",
      '/tmp/probe.ts',
    );
    expect(code).not.toContain(': number');
    // sucrase's jest transform moves the call into a function it calls before the first require.
    expect(code).toContain("function __jestHoist(){jest.mock('./a');}");
    expect(code.indexOf('__jestHoist();')).toBeLessThan(code.indexOf("require('./a')"));
  });

  it('keys its cache by the source and its path, so a changed file is transformed again', () => {
    const key = transformer.getCacheKey('const a = 1;\n', '/x/a.ts');
    expect(transformer.getCacheKey('const a = 1;\n', '/x/a.ts')).toBe(key);
    expect(transformer.getCacheKey('const a = 2;\n', '/x/a.ts')).not.toBe(key);
    expect(transformer.getCacheKey('const a = 1;\n', '/x/b.ts')).not.toBe(key);
  });
});
