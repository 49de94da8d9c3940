import { Testing, type TerraformStack } from 'cdktf';
import { SynthesizedStack } from '../../lib/core/synthesized-stack';

/**
 * One stack's Terraform JSON as `cdktf synth` writes it (aspects applied), without cdktf's `//`
 * metadata. Apart from synthesized-app.ts so a caller with one stack does not load the whole app.
 */
export function synthesizeStack(stack: TerraformStack): SynthesizedStack {
  return SynthesizedStack.parse(Testing.synth(stack));
}
