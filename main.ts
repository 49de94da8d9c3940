import * as fs from 'fs';
import { App } from 'cdktf';
import { PolicyChecks } from './lib/policy/policy-checks';
import { loadConfigFromEnvironment } from './src/config/load';
import { withUnformattedStackTraces } from './src/runtime/creation-stacks';
import { describeFailure } from './src/runtime/failure';
import { synthesizeSelfContainedStacks } from './src/runtime/synthesize';
import { buildApp } from './src/stacks/app';
import { clearSynthOutput } from './src/tools/synth-output';

// cdktf's App creates its output folders up front; a refused synth must not leave them behind.
const outdir = process.env.CDKTF_OUTDIR || 'cdktf.out';
const outdirExisted = fs.existsSync(outdir);
try {
  // An earlier synth's stacks must not outlive a refusal, nor its assets another config's synth.
  clearSynthOutput(outdir);
  // The whole config is validated before any stack exists. The stacks are written without
  // cdktf's cross-stack pass (they never refer to each other, and a reference across them is
  // refused), and the policy checks read them as written; any refusal leaves nothing behind (below).
  const config = loadConfigFromEnvironment();
  withUnformattedStackTraces(() => {
    const app = new App({ outdir });
    buildApp(app, config);
    const written = synthesizeSelfContainedStacks(app);
    new PolicyChecks({ waivers: config.policy.waivers }).enforceWritten(written);
  });
} catch (error) {
  if (outdirExisted) clearSynthOutput(outdir);
  else fs.rmSync(outdir, { recursive: true, force: true });
  process.stderr.write(`${describeFailure(error, process.env)}\nNothing was synthesized.\n`);
  process.exit(1);
}
// Nothing is pending after a synchronous synth, and its output is written: a natural exit would
// first tear down Node's environment and V8's heap, about 20 ms of a default synth (measured).
process.exit(0);
