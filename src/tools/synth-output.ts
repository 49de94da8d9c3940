import * as fs from 'fs';
import * as path from 'path';

/** What Terraform keeps in a stack's folder between runs: providers, modules, the lock file. */
const TERRAFORM_WORKING_FILES = new Set(['.terraform', '.terraform.lock.hcl']);

/**
 * Removes what a synth wrote to `outdir`: the manifest, every stack's cdk.tf.json and assets (an
 * earlier config's overlays too), and a stack folder left empty, keeping Terraform's working
 * files. Run before each synth, so a refused one leaves no stacks that look current for graph,
 * diagram or the scanners, and after a refused one, whose stacks were written before the policy
 * checks read them. State is never here: local state lives beside `outdir` (src/config/resolve.ts,
 * localStateFile).
 */
export function clearSynthOutput(outdir: string): void {
  fs.rmSync(path.join(outdir, 'manifest.json'), { force: true });
  const stacksDir = path.join(outdir, 'stacks');
  if (!fs.existsSync(stacksDir)) return;
  for (const stack of fs.readdirSync(stacksDir)) {
    const stackDir = path.join(stacksDir, stack);
    if (!fs.statSync(stackDir).isDirectory()) continue;
    const entries = fs.readdirSync(stackDir);
    for (const entry of entries) {
      if (!TERRAFORM_WORKING_FILES.has(entry)) fs.rmSync(path.join(stackDir, entry), { recursive: true, force: true });
    }
    if (!entries.some((entry) => TERRAFORM_WORKING_FILES.has(entry))) fs.rmdirSync(stackDir);
  }
}
