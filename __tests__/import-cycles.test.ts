import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { REPO_ROOT } from './helpers';

/**
 * No import cycles in the app's own code: main.ts, src/, lib/, scripts/. Every edge counts, type-only
 * ones (`import type`, `typeof import(...)`) and require() calls included, since a cycle of types
 * still ties two modules' designs together. Reads imports with the TypeScript compiler's own
 * pre-processor (no type-checking), so the whole check takes well under a second.
 */

const ROOTS = ['main.ts', 'src', 'lib', 'scripts'];
const SOURCE = /\.(ts|js)$/;

function sourceFiles(root: string): string[] {
  const full = path.join(REPO_ROOT, root);
  if (!fs.statSync(full).isDirectory()) return [full];
  return fs
    .readdirSync(full, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** The project files `file` imports: relative specifiers only (packages cannot import back). */
export function importsOf(file: string, text: string, known: ReadonlySet<string>): string[] {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles
    .map((imported) => imported.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => {
      const base = path.resolve(path.dirname(file), specifier);
      return [base, `${base}.ts`, `${base}.js`, path.join(base, 'index.ts')].find((candidate) => known.has(candidate));
    })
    .filter((target): target is string => target !== undefined);
}

/** The files of each cycle, sorted (the strongly connected components, Tarjan), cycles in order of their first file. */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      const selfImport = (graph.get(node) ?? []).includes(node);
      if (component.length > 1 || selfImport) components.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) connect(node);
  return components.sort((a, b) => a[0].localeCompare(b[0]));
}

describe('import cycles', () => {
  it('finds a cycle, a self-import and a longer loop, and passes a chain', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['a']],
      ['c', ['c']],
      ['d', ['e']],
      ['e', ['f']],
      ['f', ['d', 'g']],
      ['g', []],
    ]);
    expect(findCycles(graph)).toEqual([['a', 'b'], ['c'], ['d', 'e', 'f']]);
    expect(
      findCycles(
        new Map([
          ['x', ['y']],
          ['y', ['z']],
          ['z', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('reads static, type-only, typeof import() and require() edges between project files', () => {
    const known = new Set(['/p/a.ts', '/p/b.ts', '/p/c/index.ts', '/p/d.ts', '/p/e.js']);
    const text = [
      "import { x } from './b';",
      "import type { Y } from './c';",
      "export function f(): typeof import('./d') { return require('./d'); }",
      "const e = require('./e.js');",
      "import * as fs from 'fs';",
    ].join('\n');
    expect(importsOf('/p/a.ts', text, known).sort()).toEqual(['/p/b.ts', '/p/c/index.ts', '/p/d.ts', '/p/d.ts', '/p/e.js']);
  });

  it('main.ts, src/, lib/ and scripts/ have none', () => {
    const files = ROOTS.flatMap(sourceFiles);
    const known = new Set(files);
    const graph = new Map(files.map((file) => [file, importsOf(file, fs.readFileSync(file, 'utf8'), known)]));
    const cycles = findCycles(graph).map((cycle) => cycle.map((file) => path.relative(REPO_ROOT, file)).join(' <-> '));
    expect(cycles).toEqual([]);
  });
});
