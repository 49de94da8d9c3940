import * as fs from 'fs';
import * as path from 'path';
import { type App, TerraformStack } from 'cdktf';
import { type CrossStackReference, crossStackReferences } from '../../lib/core/stack-references';
import type { TerraformJson } from '../../lib/core/synthesized-stack';

/** A stack refers to something of another stack's, or to an address several stacks declare differently. */
export class CrossStackReferenceError extends Error {
  constructor(readonly references: readonly CrossStackReference[]) {
    super(
      `${references.length === 1 ? '1 reference' : `${references.length} references`} across stacks:\n` +
        references.map((reference) => `  - stack ${reference.stack}, ${reference.from}: ${reference.address}: ${reference.reason}`).join('\n') +
        '\nStacks hand each other only names from the config and read what another stack created through a data source;' +
        ' a block two stacks declare under one name, other than the same data source, needs another construct ID in one of them.',
    );
    this.name = 'CrossStackReferenceError';
  }
}

/**
 * Writes every stack of `app` as `app.synth()` does (the same files, byte for byte), without
 * cdktf's preparing pass, and returns each stack's JSON as written.
 *
 * `app.synth()` first resolves every element of every stack once in full, only to find
 * references from one stack to another and wire them through outputs and remote state
 * (cdktf 0.21 `TerraformStack.prepareStack`). This app's stacks never refer to each other: they
 * share names from the config and read the rest through data sources (src/stacks/app.ts). So
 * that pass (about 5 % of a default synth's instructions) finds nothing; the stacks are written
 * without it and then checked (lib/core/stack-references.ts): a reference to another stack's
 * block, variable or local, or to an address two stacks declare other than as the same data
 * source, is refused where `app.synth()` would have wired it. Only public cdktf API is used, in
 * the order `App.synth` uses it; a test compares the output with `app.synth()`'s for every
 * shipped config. One difference, by design: aspects run before any element is resolved, so an
 * aspect that overrides a logical ID takes effect (the preparing pass would have fixed the old
 * one first). The checks read JSON, so cdktf's HCL output (`cdktf synth --hcl`) is refused.
 */
export function synthesizeSelfContainedStacks(app: App): Map<TerraformStack, TerraformJson> {
  // cdktf writes HCL when the app asks or SYNTH_HCL_OUTPUT is "true" (the stacks also take "1").
  if (app.hclOutput || ['true', '1'].includes(process.env.SYNTH_HCL_OUTPUT ?? '')) {
    throw new Error('HCL output (cdktf synth --hcl, SYNTH_HCL_OUTPUT) is not supported: the policy and cross-stack checks read the stacks as JSON');
  }
  const stacks = app.node.findAll().filter((construct): construct is TerraformStack => TerraformStack.isStack(construct));
  // The one part of the preparing pass that is not resolving: a stack without a backend gets a local one.
  for (const stack of stacks) stack.ensureBackendExists();
  const session = { outdir: app.outdir, skipValidation: app.skipValidation, manifest: app.manifest };
  for (const stack of stacks) stack.synthesizer.synthesize(session);
  if (!app.skipValidation) {
    const problems = app.node.validate();
    if (problems.length > 0) throw new Error(`App-level validation failed with the following errors:\n  ${problems.join('\n  ')}`);
  }
  app.manifest.writeToFile();

  const written = new Map<TerraformStack, TerraformJson>();
  for (const stack of stacks) {
    const manifest = app.manifest.stacks[stack.node.id];
    written.set(stack, JSON.parse(fs.readFileSync(path.join(app.outdir, manifest.synthesizedStackPath), 'utf8')) as TerraformJson);
  }
  const references = crossStackReferences(new Map([...written].map(([stack, json]) => [stack.node.id, json])));
  if (references.length > 0) throw new CrossStackReferenceError(references);
  return written;
}
