// `npm run policy`: the checkov, kics and trivy commands for the stacks of the config ($MESH_CONFIG,
// or mesh.config.yaml), each skipping exactly the IDs its waivers name. docs/policy.md lists the
// shipped examples' commands; this prints the user's own, `state` stack included when it exists.
// Exit codes: 0 printed; 1 a bad config; 2 bad flags.
import { loadConfigFromEnvironment } from '../src/config/load';
import { ConfigError } from '../src/config/messages';
import { checkovCommands, kicsCommands, trivyCommands, waiverReport } from '../src/tools/policy-report';
import { parseScriptArgs, USAGE_ERROR } from '../src/tools/script-args';

const USAGE = `Usage: npm run policy -- [--help]

Prints, for the config ($MESH_CONFIG, or mesh.config.yaml), the scanner commands to run on
cdktf.out after \`npx cdktf synth\`: checkov, kics and trivy for every stack, each skipping
exactly the IDs of the waivers recorded in that stack.

  --help   print this help`;

function main(argv: string[]): number {
  const flags = parseScriptArgs('policy', USAGE, argv, { help: { type: 'boolean', short: 'h' } });
  if (!flags) return USAGE_ERROR;
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    const report = waiverReport([loadConfigFromEnvironment()]);
    console.log([...checkovCommands(report), ...kicsCommands(report), ...trivyCommands(report)].join('\n'));
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));
