import * as fs from 'fs';
import * as path from 'path';

/** GitHub's markdown column is about 880 px wide: a wider SVG is scaled down to it (`useMaxWidth`). */
export const GITHUB_WIDTH = 880;
/** The theme's font size (mermaid `themes/theme-default.js`: 16px). */
const FONT_PX = 16;
/** Smallest text, after GitHub scales the picture to its width, that we call readable. */
export const MIN_TEXT_PX = 12;
/** Debian's chromium package. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export interface Box {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface RenderedDiagram {
  readonly name: string;
  readonly width: number;
  readonly textPx: number;
  readonly problems: string[];
}

/** Pairs of text boxes that cover each other by more than `tolerance` px both ways (touching edges are fine). */
export function overlappingBoxes(boxes: readonly Box[], tolerance = 1): [Box, Box][] {
  const pairs: [Box, Box][] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      const across = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
      const down = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
      if (across > tolerance && down > tolerance) pairs.push([a, b]);
    }
  }
  return pairs;
}

/** What is wrong with one rendered diagram: too wide to read, text re-wrapped by mermaid, text boxes over each other. */
export function renderProblems(width: number, boxes: readonly Box[], rewrapped: readonly string[]): string[] {
  const problems: string[] = [];
  const textPx = FONT_PX * Math.min(1, GITHUB_WIDTH / width);
  if (textPx < MIN_TEXT_PX) problems.push(`${Math.round(width)} px wide: text shows at ${textPx.toFixed(1)} px at ${GITHUB_WIDTH} px`);
  for (const text of rewrapped) problems.push(`mermaid re-wrapped the label "${text}"`);
  for (const [a, b] of overlappingBoxes(boxes)) problems.push(`"${a.text}" overlaps "${b.text}"`);
  return problems;
}

/**
 * Draws each diagram with the mermaid package in a system Chromium (driven by playwright-core,
 * which downloads no browser when given `executablePath`) at GitHub's width, writes a PNG of it
 * into `outDir`, and reports what {@link renderProblems} finds. Mermaid's own parse or render
 * errors come back as problems too.
 */
export async function renderDiagrams(
  diagrams: readonly { name: string; source: string }[],
  outDir: string,
  executablePath = DEFAULT_CHROMIUM,
): Promise<RenderedDiagram[]> {
  if (!fs.existsSync(executablePath)) throw new Error(`no browser at ${executablePath}: apt-get install chromium, or set CHROMIUM`);
  const { chromium } = await import('playwright-core');
  // Chromium refuses to start its sandbox as root, which is how CI and these machines run.
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: GITHUB_WIDTH, height: 800 } });
    await page.setContent(`<!doctype html><html><body style="margin:0;width:${GITHUB_WIDTH}px"><div id="out"></div></body></html>`);
    await page.addScriptTag({ path: require.resolve('mermaid/dist/mermaid.min.js') });
    fs.mkdirSync(outDir, { recursive: true });
    const results: RenderedDiagram[] = [];
    for (const [index, diagram] of diagrams.entries()) {
      const measured = (await page.evaluate(`(${DRAW_IN_PAGE})(${JSON.stringify({ source: diagram.source, id: `d${index}` })})`)) as Measured;
      if ('error' in measured) {
        results.push({ name: diagram.name, width: 0, textPx: 0, problems: [`mermaid: ${measured.error}`] });
        continue;
      }
      await page.locator('#out svg').screenshot({ path: path.join(outDir, `${diagram.name}.png`) });
      const textPx = FONT_PX * Math.min(1, GITHUB_WIDTH / measured.width);
      results.push({ name: diagram.name, width: measured.width, textPx, problems: renderProblems(measured.width, measured.boxes, measured.rewrapped) });
    }
    return results;
  } finally {
    await browser.close();
  }
}

type Measured = { width: number; boxes: Box[]; rewrapped: string[] } | { error: string };

/**
 * Runs in the page: renders with mermaid's defaults (as GitHub does) and measures every label in
 * SVG units. Kept as plain JavaScript text: the TypeScript runner's transforms (optional chaining,
 * `??`) would call helpers that do not exist in the page.
 */
const DRAW_IN_PAGE = `async ({ source, id }) => {
  const out = document.getElementById('out');
  try {
    mermaid.initialize({ startOnLoad: false });
    out.innerHTML = (await mermaid.render(id, source)).svg;
  } catch (error) {
    return { error: String((error && error.message) || error).split('\\n')[0] };
  }
  const svg = out.querySelector('svg');
  const width = svg.viewBox.baseVal.width;
  const origin = svg.getBoundingClientRect();
  const scale = width / origin.width;
  const boxes = [];
  const rewrapped = [];
  // Node, edge and subgraph labels are spans in foreignObjects (htmlLabels, mermaid's default).
  for (const span of svg.querySelectorAll('span.nodeLabel, span.edgeLabel, g.cluster-label span')) {
    const text = (span.textContent || '').trim();
    if (!text) continue;
    const rect = span.getBoundingClientRect();
    boxes.push({ text, x: (rect.x - origin.x) * scale, y: (rect.y - origin.y) * scale, width: rect.width * scale, height: rect.height * scale });
    // addHtmlSpan switches a label that reaches the wrapping width to break-spaces: mermaid re-wrapped it.
    if (span.parentElement && span.parentElement.style.whiteSpace === 'break-spaces') rewrapped.push(text);
  }
  const unique = new Map(boxes.map((box) => [box.text + '@' + Math.round(box.x) + ',' + Math.round(box.y), box]));
  return { width, boxes: [...unique.values()], rewrapped };
}`;
