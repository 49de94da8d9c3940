// `npm run diagram`: regenerates docs/architecture.md, the Mermaid architecture diagram, from the
// stacks synthesized for the config ($MESH_CONFIG, or mesh.config.yaml). See src/tools/architecture-diagram.ts.
// Exit codes: 0 written (or up to date with --check); 1 stale (--check) or a bad config; 2 bad flags.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdktf';
import { buildApp } from '../src/stacks/app';
import { architectureMarkdown } from '../src/tools/architecture-diagram';
import { DEFAULT_CONFIG_FILE, loadConfigFromEnvironment } from '../src/config/load';
import { ConfigError } from '../src/config/messages';
import { APP_ROOT } from '../src/config/resolve';
import type { SynthesizedStack } from '../src/tools/deploy-graph';

export const ARCHITECTURE_DOC = path.join(APP_ROOT, 'docs', 'architecture.md');

const USAGE = `Usage: npm run diagram -- [--check] [--stdout] [--help]

Synthesizes the stacks for the config ($MESH_CONFIG, or mesh.config.yaml) into a temporary
directory and writes docs/architecture.md: a Mermaid diagram of what they build.

  --check    write nothing; exit 1 when docs/architecture.md is not up to date
  --stdout   print the markdown instead of writing it
  --help     print this help`;

/** The markdown for a config file's stacks, synthesized on a fresh app in a temporary directory. */
export function renderArchitectureDoc(env: NodeJS.ProcessEnv = process.env): string {
  const config = loadConfigFromEnvironment(env);
  const configFile = env.MESH_CONFIG ? path.resolve(env.MESH_CONFIG) : DEFAULT_CONFIG_FILE;
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'asm-diagram-'));
  try {
    const app = new App({ outdir });
    const built = buildApp(app, config);
    const stacks: Record<string, SynthesizedStack> = {};
    for (const stack of [built.platform, built.mesh, built.workloads]) {
      stacks[stack.node.id] = JSON.parse(Testing.synth(stack)) as SynthesizedStack;
    }
    return architectureMarkdown(stacks, { configName: path.relative(APP_ROOT, configFile).split(path.sep).join('/') });
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function main(argv: readonly string[]): number {
  const flags = new Set(argv);
  for (const flag of flags) {
    if (!['--check', '--stdout', '--help', '-h'].includes(flag)) {
      console.error(`diagram: unknown argument ${flag}\n\n${USAGE}`);
      return 2;
    }
  }
  if (flags.has('--help') || flags.has('-h')) {
    console.log(USAGE);
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
  if (flags.has('--stdout')) {
    process.stdout.write(markdown);
    return 0;
  }
  const current = fs.existsSync(ARCHITECTURE_DOC) ? fs.readFileSync(ARCHITECTURE_DOC, 'utf8') : undefined;
  if (flags.has('--check')) {
    if (current === markdown) return 0;
    console.error(`${relative} is stale: run npm run diagram`);
    return 1;
  }
  fs.mkdirSync(path.dirname(ARCHITECTURE_DOC), { recursive: true });
  fs.writeFileSync(ARCHITECTURE_DOC, markdown);
  console.log(`${current === markdown ? 'unchanged' : 'wrote'} ${relative}`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
