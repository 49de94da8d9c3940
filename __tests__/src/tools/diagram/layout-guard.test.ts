import * as fs from 'fs';
import * as path from 'path';
import { DIAGRAM_CONFIGS, renderArchitectureDoc, SKETCH_DOCS } from '../../../../scripts/diagram';
import { diagramShape, EDGE_LIMIT, layoutProblems, mermaidBlocks, NODE_LIMIT } from '../../../../src/tools/diagram/layout-guard';
import { overlappingBoxes, renderProblems } from '../../../../src/tools/diagram/render-check';
import { DEFAULT_FIXTURE, REPO_ROOT } from '../../../helpers';
import { synthesizedApp } from '../../../app-helpers';

/**
 * The layout guard on every diagram a reader sees: the hand-written sketches and the generated docs
 * of the default config and the examples that stress the picture. Before this guard existed, the
 * committed docs broke it 32 times (four-line subnet titles, 66-character label lines).
 */
// The shipped default through the tests' copy: mesh.config.yaml is the user's.
const CONFIGS = { ...DIAGRAM_CONFIGS, default: path.relative(REPO_ROOT, DEFAULT_FIXTURE) };

describe.each(Object.entries(CONFIGS))('the generated diagrams of %s', (_name, file) => {
  const blocks = mermaidBlocks(renderArchitectureDoc({ MESH_CONFIG: path.join(REPO_ROOT, file) }, synthesizedApp));

  it('keep single-line short titles, short label lines, and few nodes and edges', () => {
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) expect(layoutProblems(block)).toEqual([]);
  });
});

// The README keeps the platform sketch; docs/what-gets-built.md has all three stacks'.
describe.each([
  [SKETCH_DOCS.readme, 1],
  [SKETCH_DOCS['what-gets-built'], 3],
])('the sketches of %s', (file, count) => {
  it('keep the layout rules', () => {
    const blocks = mermaidBlocks(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'));
    expect(blocks).toHaveLength(count);
    for (const block of blocks) expect(layoutProblems(block)).toEqual([]);
  });
});

describe('the layout guard', () => {
  it('refuses a subgraph title on several lines, and one too long', () => {
    expect(layoutProblems('flowchart TB\n  subgraph s["subnet a<br/>nodes 10.0.0.0/20"]\n  end')).toEqual([
      'subgraph title on 2 lines: "subnet a<br/>nodes 10.0.0.0/20"',
    ]);
    expect(layoutProblems('flowchart TB\n  subgraph v["VPC asm-mesh · GLOBAL routing"]\n  end')).toEqual([
      'subgraph title of 29 characters (limit 25): "VPC asm-mesh · GLOBAL routing"',
    ]);
  });

  it('refuses a long line in a node label and in an edge label, counting entities as one character', () => {
    expect(layoutProblems('flowchart TB\n  a["ok<br/>control plane 172.16.0.0/28, public"]')).toHaveLength(1);
    expect(layoutProblems('flowchart TB\n  a -->|"remote secret: istiod reads the API server"| b')).toHaveLength(1);
    expect(layoutProblems('flowchart TB\n  a -- "kubeconfig: private endpoint + CA" --> b')).toHaveLength(1);
    expect(layoutProblems('flowchart TB\n  a["mesh ID proj-#lt;number#gt;"]')).toEqual([]);
  });

  it('counts nodes once and edges per pair of a fan-out, ignoring invisible links', () => {
    expect(diagramShape('flowchart TB\n  a["A"] --> b["B"]\n  a --> b & c["C"]\n  a <-.-> c\n  a ~~~ c\n  a ---> b')).toEqual({
      titles: [],
      labels: ['A', 'B', 'C'],
      nodes: 3,
      edges: 5,
    });
  });

  it('refuses more nodes or edges than the caps', () => {
    const nodes = Array.from({ length: NODE_LIMIT + 1 }, (_, index) => `  n${index}["n"]`).join('\n');
    expect(layoutProblems(`flowchart TB\n${nodes}`)).toEqual([`${NODE_LIMIT + 1} nodes (limit ${NODE_LIMIT})`]);
    const edges = Array.from({ length: EDGE_LIMIT + 1 }, () => '  a --> b').join('\n');
    expect(layoutProblems(`flowchart TB\n${edges}`)).toEqual([`${EDGE_LIMIT + 1} edges (limit ${EDGE_LIMIT})`]);
  });
});

describe('the render check, without a browser', () => {
  const box = (text: string, x: number, y: number) => ({ text, x, y, width: 100, height: 20 });

  it('finds text boxes that cover each other, not ones that touch', () => {
    expect(overlappingBoxes([box('a', 0, 0), box('b', 50, 10), box('c', 100, 0), box('d', 0, 20)]).map(([a, b]) => `${a.text}${b.text}`)).toEqual([
      'ab',
      'bc',
      'bd',
    ]);
  });

  it('fails a picture whose text GitHub shrinks below reading size, or a re-wrapped label', () => {
    expect(renderProblems(880, [], [])).toEqual([]);
    expect(renderProblems(1976, [], [])).toEqual(['1976 px wide: text shows at 7.1 px at 880 px']);
    expect(renderProblems(800, [], ['e2-standard-4'])).toEqual(['mermaid re-wrapped the label "e2-standard-4"']);
  });
});
