// `npm run diagram`: regenerates docs/architecture.md, the Mermaid architecture diagram, from the
// stacks synthesized for the config ($MESH_CONFIG, or mesh.config.yaml). See src/tools/diagram/.
// Exit codes: 0 written (or up to date with --check); 1 stale (--check) or a bad config; 2 bad flags.
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_CONFIG_FILE, loadConfigFromEnvironment } from '../src/config/load';
import { ConfigError } from '../src/config/messages';
import { APP_ROOT } from '../src/config/resolve';
import { architectureMarkdown } from '../src/tools/diagram/markdown';
import { parseScriptArgs, USAGE_ERROR } from '../src/tools/script-args';
import { synthesizeApp } from '../src/tools/synthesized-app';

export const ARCHITECTURE_DOC = path.join(APP_ROOT, 'docs', 'architecture.md');

const USAGE = `Usage: npm run diagram -- [--check] [--stdout] [--help]

Synthesizes the stacks for the config ($MESH_CONFIG, or mesh.config.yaml) in memory and writes
docs/architecture.md: a Mermaid diagram of what they build.

  --check    write nothing; exit 1 when docs/architecture.md is not up to date
  --stdout   print the markdown instead of writing it
  --help     print this help`;

/** The markdown for a config file's stacks. */
export function renderArchitectureDoc(env: NodeJS.ProcessEnv = process.env): string {
  const { stacks } = synthesizeApp(loadConfigFromEnvironment(env));
  const configFile = env.MESH_CONFIG ? path.resolve(env.MESH_CONFIG) : DEFAULT_CONFIG_FILE;
  return architectureMarkdown(stacks, { configName: path.relative(APP_ROOT, configFile).split(path.sep).join('/') });
}

function main(argv: string[]): number {
  const flags = parseScriptArgs('diagram', USAGE, argv, {
    check: { type: 'boolean' },
    stdout: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (!flags) return USAGE_ERROR;
  if (flags.help) {
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

if (require.main === module) process.exitCode = main(process.argv.slice(2));
