// `npm run graph`: the deployment's critical path and what runs in parallel, from the
// synthesized stacks in cdktf.out (run `npx cdktf synth` first). See src/tools/deploy-graph.ts.
// Exit codes: 0 printed; 1 nothing synthesized or the graph is invalid (a cycle); 2 bad flags.
import * as path from 'path';
import { buildDeployGraph, DeployGraphError, formatDeployReport, readSynthesizedApp } from '../src/tools/deploy-graph';

const USAGE = `Usage: npm run graph -- [--outdir DIR] [--help]

Reads the stacks \`npx cdktf synth\` wrote (manifest.json and every cdk.tf.json), builds the
dependency graph across them (depends_on, references, provider configs, stack order) and prints
the critical path weighted by typical creation times, and what can run in parallel.

  --outdir DIR   the cdktf output directory (default: cdktf.out)
  --help         print this help`;

function main(argv: readonly string[]): number {
  let outdir = 'cdktf.out';
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      return 0;
    }
    if (arg === '--outdir' && argv[index + 1] !== undefined) {
      outdir = argv[++index];
    } else if (arg.startsWith('--outdir=')) {
      outdir = arg.slice('--outdir='.length);
    } else {
      console.error(`graph: unknown argument ${arg}\n\n${USAGE}`);
      return 2;
    }
  }
  try {
    const app = readSynthesizedApp(path.resolve(outdir));
    process.stdout.write(formatDeployReport(buildDeployGraph(app.stacks, app.dependencies)));
    return 0;
  } catch (error) {
    if (error instanceof DeployGraphError) {
      console.error(`graph: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));
