// First, before anything loads cdktf: its token resolver, with plain values passed through.
import './lib/cdktf-resolve';
import * as fs from 'fs';
import { App } from 'cdktf';
import { skipDiscardedArgumentResolution } from './lib/expression-resolution';
import { PolicyChecks, PolicyViolationError } from './lib/policy-checks';
import { ConfigError, loadConfigFromEnvironment } from './src/config/load';
import { buildApp } from './src/stacks/app';
import { skipTokenCreationStacks } from './src/stacks/token-stacks';

// Validate the whole config before any stack exists, so a bad config writes nothing.
let config;
try {
  config = loadConfigFromEnvironment();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\nNothing was synthesized.\n`);
    process.exit(1);
  }
  throw error;
}

skipTokenCreationStacks();
skipDiscardedArgumentResolution();

// cdktf's App creates its output folders up front; a refused synth must not leave them behind.
const outdir = process.env.CDKTF_OUTDIR || 'cdktf.out';
const outdirExisted = fs.existsSync(outdir);
const app = new App({ outdir });
buildApp(app, config);
// The policy aspect visits the whole app before any stack is written, so a violation writes nothing.
try {
  new PolicyChecks({ waivers: config.policy.waivers }).enforce(app);
} catch (error) {
  if (error instanceof PolicyViolationError) {
    if (!outdirExisted && !containsFiles(app.outdir)) fs.rmSync(app.outdir, { recursive: true, force: true });
    process.stderr.write(`${error.message}\nNothing was synthesized.\n`);
    process.exit(1);
  }
  throw error;
}
app.synth();

function containsFiles(dir: string): boolean {
  return fs.readdirSync(dir, { withFileTypes: true }).some((entry) => !entry.isDirectory() || containsFiles(`${dir}/${entry.name}`));
}
