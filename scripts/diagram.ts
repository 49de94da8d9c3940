// `npm run diagram`: regenerates docs/architecture.md, the Mermaid architecture diagram, from the
// stacks synthesized for the config ($MESH_CONFIG, or mesh.config.yaml). See src/tools/diagram/.
// Exit codes: 0 written (or up to date with --check, or rendered clean with --render); 1 stale
// (--check), a bad config, or a render problem (--render); 2 bad flags.
import * as fs from 'fs';
import * as path from 'path';
import { configFileFromEnvironment, loadConfig } from '../src/config/load';
import { ConfigError } from '../src/config/messages';
import { APP_ROOT } from '../src/config/resolve';
import { mermaidBlocks } from '../src/tools/diagram/layout-guard';
import { architectureMarkdown } from '../src/tools/diagram/markdown';
import { DEFAULT_CHROMIUM, GITHUB_WIDTH, renderDiagrams } from '../src/tools/diagram/render-check';
import { parseScriptArgs, USAGE_ERROR } from '../src/tools/script-args';
import { synthesizeApp } from '../src/tools/synthesized-app';

export const ARCHITECTURE_DOC = path.join(APP_ROOT, 'docs', 'architecture.md');
/** Where --render writes its PNGs (ignored by git: a maintainer's check, not documentation). */
export const RENDER_DIR = path.join(APP_ROOT, 'docs', 'rendered');
/** The configs whose diagrams --render draws, and the layout test checks: the default and every example. */
export const DIAGRAM_CONFIGS: Readonly<Record<string, string>> = {
  default: 'mesh.config.yaml',
  'multi-region': 'examples/multi-region.yaml',
  'all-features': 'examples/all-features.yaml',
  'shared-vpc': 'examples/shared-vpc.yaml',
  'shared-vpc-fleet-in-service-project': 'examples/shared-vpc-fleet-in-service-project.yaml',
  'canary-node-pool': 'examples/canary-node-pool.yaml',
  'mixed-autopilot': 'examples/mixed-autopilot.yaml',
};

const USAGE = `Usage: npm run diagram -- [--check] [--stdout] [--render] [--help]

Synthesizes the stacks for the config ($MESH_CONFIG, or mesh.config.yaml) in memory and writes
docs/architecture.md: a Mermaid diagram of what they build.

  --check    write nothing; exit 1 when docs/architecture.md is not up to date
  --stdout   print the markdown instead of writing it
  --render   write nothing to the docs; draw every diagram (the sketches in README.md and
             docs/what-gets-built.md, and the docs of mesh.config.yaml and of every example)
             with mermaid in Chromium at ${GITHUB_WIDTH} px
             into docs/rendered/*.png; exit 1 on a mermaid error, text too small to read, a
             re-wrapped label or overlapping labels. Needs Chromium (${DEFAULT_CHROMIUM}, or $CHROMIUM)
  --help     print this help`;

/** The markdown for a config file's stacks; `synthesize` lets the tests share one synth per config. */
export function renderArchitectureDoc(env: NodeJS.ProcessEnv = process.env, synthesize: typeof synthesizeApp = synthesizeApp): string {
  const configFile = configFileFromEnvironment(env);
  const { stacks } = synthesize(loadConfig(configFile));
  return architectureMarkdown(stacks, { configName: path.relative(APP_ROOT, configFile).split(path.sep).join('/') });
}

function main(argv: string[]): number {
  const flags = parseScriptArgs('diagram', USAGE, argv, {
    check: { type: 'boolean' },
    stdout: { type: 'boolean' },
    render: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (!flags) return USAGE_ERROR;
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }
  if (flags.render) {
    void renderAll().then((code) => (process.exitCode = code));
    return 0;
  }
  let markdown: string;
  try {
    markdown = renderArchitectureDoc();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  const relative = path.relative(process.cwd(), ARCHITECTURE_DOC);
  if (flags.stdout) {
    process.stdout.write(markdown);
    return 0;
  }
  const current = fs.existsSync(ARCHITECTURE_DOC) ? fs.readFileSync(ARCHITECTURE_DOC, 'utf8') : undefined;
  if (flags.check) {
    if (current === markdown) return 0;
    console.error(`${relative} is stale: run npm run diagram`);
    return 1;
  }
  fs.mkdirSync(path.dirname(ARCHITECTURE_DOC), { recursive: true });
  fs.writeFileSync(ARCHITECTURE_DOC, markdown);
  console.log(`${current === markdown ? 'unchanged' : 'wrote'} ${relative}`);
  return 0;
}

/** The hand-written documents whose Mermaid sketches a reader sees. */
export const SKETCH_DOCS = { readme: 'README.md', 'what-gets-built': path.join('docs', 'what-gets-built.md') };

/** Every diagram a reader sees: the sketches of {@link SKETCH_DOCS} and the generated docs of {@link DIAGRAM_CONFIGS}. */
export function publishedDiagrams(): { name: string; source: string }[] {
  const sketches = Object.entries(SKETCH_DOCS).flatMap(([name, file]) =>
    mermaidBlocks(fs.readFileSync(path.join(APP_ROOT, file), 'utf8')).map((source, index) => ({ name: `${name}-${index + 1}`, source })),
  );
  const generated = Object.entries(DIAGRAM_CONFIGS).flatMap(([name, file]) =>
    mermaidBlocks(renderArchitectureDoc({ MESH_CONFIG: path.join(APP_ROOT, file) })).map((source, index) => ({ name: `${name}-${index + 1}`, source })),
  );
  return [...sketches, ...generated];
}

async function renderAll(): Promise<number> {
  const browser = process.env.CHROMIUM || DEFAULT_CHROMIUM;
  if (!fs.existsSync(browser)) {
    console.error(`diagram --render: no browser at ${browser}: apt-get install chromium, or set CHROMIUM`);
    return 1;
  }
  const results = await renderDiagrams(publishedDiagrams(), RENDER_DIR, browser);
  for (const result of results) {
    console.log(
      `${result.problems.length === 0 ? 'ok  ' : 'FAIL'} ${result.name}: ${Math.round(result.width)} px wide, text at ${result.textPx.toFixed(1)} px`,
    );
    for (const problem of result.problems) console.log(`       ${problem}`);
  }
  console.log(`PNGs in ${path.relative(process.cwd(), RENDER_DIR)}/`);
  return results.every((result) => result.problems.length === 0) ? 0 : 1;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
