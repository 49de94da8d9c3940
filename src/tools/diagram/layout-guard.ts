/**
 * The layout rules every Mermaid block we publish must keep, checked from its source alone (no
 * browser): `npm test` runs them on every generated diagram and on the README's sketches.
 *
 * Why these numbers, read in mermaid 11.17.2's source (`src/rendering-util/createText.ts`,
 * `addHtmlSpan`): an HTML label is a div with `white-space: nowrap` and `max-width` = `flowchart.wrappingWidth`
 * (200 px by default, `src/schemas/config.schema.yaml`); when the text reaches that width mermaid switches
 * the div to `white-space: break-spaces` and re-wraps it at spaces, or overflows a word it cannot
 * break. The theme's font (`src/themes/theme-default.js`) is 16 px "trebuchet ms", verdana, arial: about 8 px a character in
 * lower case, 9 px a digit, so 25 characters are the most that stay under 200 px. A subgraph title
 * is one such label above the cluster box, with room for one line only: a second line is drawn
 * under whatever the box holds.
 */

/** Longest subgraph title, in characters; a title must also be one line. */
export const TITLE_LIMIT = 25;
/** Longest line of a node or edge label, in characters. */
export const LABEL_LINE_LIMIT = 25;
/** Most nodes and edges in one diagram: beyond these, dagre's layout at 880 px shrinks text below reading size. */
export const NODE_LIMIT = 30;
export const EDGE_LIMIT = 30;

export interface DiagramShape {
  readonly titles: readonly string[];
  readonly labels: readonly string[];
  readonly nodes: number;
  readonly edges: number;
}

/** A quoted label, and the shape openings that can precede it (`id["…"]`, `id(["…"])`, `id{{"…"}}`, …). */
const NODE = /\b([A-Za-z_][\w-]*)(\(\[|\[\(|\(\(|\{\{|\[\[|\[\/|\[\\|\[|\(|\{|>)"([^"]*)"/g;
const SUBGRAPH = /^\s*subgraph\s+([\w-]+)\s*(?:\["([^"]*)"\]|\[([^\]]*)\])?\s*(.*)$/;
/** Link operators once labels are removed: `-->`, `---`, `-.->`, `-.-`, `==>`, `<-->`, `<-.->`. */
const LINK = /<?(?:-{2,}>|-{3,}|-\.+->|-\.+-|={2,}>|={3,})/g;

/** The titles, label texts, node count and edge count of one Mermaid flowchart. */
export function diagramShape(source: string): DiagramShape {
  const titles: string[] = [];
  const labels: string[] = [];
  const nodes = new Set<string>();
  let edges = 0;
  for (const line of source.split('\n')) {
    const subgraph = SUBGRAPH.exec(line);
    if (subgraph) {
      titles.push(subgraph[2] ?? subgraph[3] ?? (subgraph[4] || subgraph[1]));
      continue;
    }
    for (const match of line.matchAll(NODE)) {
      nodes.add(match[1]);
      labels.push(match[3]);
    }
    for (const match of line.matchAll(/\|"([^"]*)"\||(?:--|-\.)\s*"([^"]*)"\s*(?=-->|---|\.->|\.-)/g)) labels.push(match[1] ?? match[2]);
    edges += linksIn(line);
  }
  return { titles: titles.map(decode), labels: labels.map(decode), nodes: nodes.size, edges };
}

/** Every rule a diagram breaks, one message each; empty when it keeps them all. */
export function layoutProblems(source: string): string[] {
  const shape = diagramShape(source);
  const problems: string[] = [];
  for (const title of shape.titles) {
    if (lines(title).length > 1) problems.push(`subgraph title on ${lines(title).length} lines: "${title}"`);
    else if (length(title) > TITLE_LIMIT) problems.push(`subgraph title of ${length(title)} characters (limit ${TITLE_LIMIT}): "${title}"`);
  }
  for (const label of shape.labels) {
    for (const line of lines(label)) {
      if (length(line) > LABEL_LINE_LIMIT) problems.push(`label line of ${length(line)} characters (limit ${LABEL_LINE_LIMIT}): "${line}"`);
    }
  }
  if (shape.nodes > NODE_LIMIT) problems.push(`${shape.nodes} nodes (limit ${NODE_LIMIT})`);
  if (shape.edges > EDGE_LIMIT) problems.push(`${shape.edges} edges (limit ${EDGE_LIMIT})`);
  return problems;
}

/** The Mermaid blocks of a markdown document. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map((match) => match[1]);
}

/** The edges a line draws: each link joins every node of the group before it (`a & b`) to every one after it. */
function linksIn(line: string): number {
  const bare = line
    .replace(/"[^"]*"/g, '""')
    .replace(/\|""\|/g, '')
    .replace(/(--|-\.)\s*""\s*(?=-->|---|\.->|\.-)/g, '$1');
  const operators = bare.match(LINK) ?? [];
  if (operators.length === 0) return 0;
  const groups = bare.split(LINK).map((group) => group.split('&').length);
  let count = 0;
  for (let index = 0; index < operators.length; index++) count += groups[index] * groups[index + 1];
  return count;
}

function decode(label: string): string {
  return label
    .replace(/#quot;/g, '"')
    .replace(/#lt;/g, '<')
    .replace(/#gt;/g, '>')
    .replace(/#35;/g, '#');
}

const lines = (label: string) => label.split(/<br\s*\/?>/i);
const length = (line: string) => [...line.trim()].length;
