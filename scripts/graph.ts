// `npm run graph`: the deployment's critical path and what runs in parallel, from the stacks
// synthesized in memory for the config ($MESH_CONFIG, or mesh.config.yaml), or read from a cdktf
// output directory. See src/tools/graph/.
// Exit codes: 0 printed; 1 a bad config, nothing synthesized in --outdir, or the graph is invalid (a cycle); 2 bad flags.
import * as path from 'path';
import { loadConfigFromEnvironment } from '../src/config/load';
import { ConfigError } from '../src/config/messages';
import { buildDeployGraph } from '../src/tools/graph/from-stacks';
import { DeployGraphError } from '../src/tools/graph/graph';
import { formatDeployReport } from '../src/tools/graph/report';
import { parseScriptArgs, USAGE_ERROR } from '../src/tools/script-args';
import type { SynthesizedStack } from '../lib/core/synthesized-stack';
import { STATE_STACK } from '../src/stacks/state-backend';
import { readSynthesizedApp, SynthesisMissingError, synthesizeApp } from '../src/tools/synthesized-app';

const USAGE = `Usage: npm run graph -- [--outdir DIR] [--help]

Synthesizes the stacks for the config ($MESH_CONFIG, or mesh.config.yaml) in memory, builds the
dependency graph across them (depends_on, references, provider configs, stack order) and prints
the critical path weighted by typical creation times, and what can run in parallel.

  --outdir DIR   read the stacks \`npx cdktf synth\` wrote to DIR (manifest.json and every
                 cdk.tf.json) instead of synthesizing
  --help         print this help`;

/** The exit code; `env` names the config ($MESH_CONFIG). */
export function main(argv: string[], env: NodeJS.ProcessEnv = process.env): number {
  const flags = parseScriptArgs('graph', USAGE, argv, { outdir: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (!flags) return USAGE_ERROR;
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    const app = flags.outdir ? readSynthesizedApp(path.resolve(flags.outdir)) : synthesizeApp(loadConfigFromEnvironment(env));
    // The state bucket is bootstrapped on its own, before any other stack is deployed (README).
    const { [STATE_STACK]: bootstrap, ...stacks } = app.stacks as Record<string, SynthesizedStack>;
    if (bootstrap) console.log(`The ${STATE_STACK} stack is deployed once on its own, before these (README: remote state); it is not in the graph.\n`);
    process.stdout.write(formatDeployReport(buildDeployGraph(stacks, app.dependencies)));
    return 0;
  } catch (error) {
    if (error instanceof DeployGraphError || error instanceof SynthesisMissingError || error instanceof ConfigError) {
      console.error(`graph: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

// Run as a script; the tests call main in-process too.
if (require.main === module) process.exitCode = main(process.argv.slice(2));
