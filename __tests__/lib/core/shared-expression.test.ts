import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { App, Fn, Lazy, TerraformOutput, TerraformStack } from 'cdktf';
import { sharedExpression } from '../../../lib/core/shared-expression';
import { synth, synthAppFiles } from '../../helpers';

/**
 * One expression over a local and a remote (cross-stack) attribute, used three times in one
 * stack and once in another, either shared or built anew for every use.
 */
function uses(share: boolean) {
  return (app: App): void => {
    const origin = new TerraformStack(app, 'origin');
    new GoogleProvider(origin, 'google', { project: 'p-123456', region: 'us-central1' });
    const remote = new ComputeNetwork(origin, 'network', { name: 'remote', autoCreateSubnetworks: false });
    const consumer = new TerraformStack(app, 'consumer');
    new GoogleProvider(consumer, 'google', { project: 'p-123456', region: 'us-central1' });
    const local = new ComputeNetwork(consumer, 'network', { name: 'local', autoCreateSubnetworks: false });
    const build = () => Fn.yamlencode({ clusters: [{ server: `https://${remote.id}`, origin: remote.name }], literal: 'x' });
    const expression = () => (share ? sharedExpression(`test ${remote.id}`, build) : build());
    for (const id of ['a', 'b', 'c']) new TerraformOutput(consumer, id, { value: expression(), sensitive: true });
    new TerraformOutput(consumer, 'inside-a-string', { value: `${local.name}: ${expression()}` });
    new TerraformOutput(origin, 'in-its-own-stack', { value: expression() });
  };
}

describe('sharedExpression', () => {
  it('writes what building the expression for every use writes, cross-stack references included', () => {
    const shared = synthAppFiles(uses(true));
    expect(shared).toEqual(synthAppFiles(uses(false)));
    expect(shared['stacks/origin/cdk.tf.json']).toContain('"cross-stack-output-google_compute_networknetworkid"');
    expect(shared['stacks/consumer/cdk.tf.json']).toContain(
      '"value": "${yamlencode({\\"clusters\\" = [{\\"server\\" = \\"https://${data.terraform_remote_state.cross-stack-reference-input-origin.outputs.cross-stack-output-google_compute_networknetworkid}\\"',
    );
  });

  it('builds once per key and resolves once per stack', () => {
    let built = 0;
    let produced = 0;
    const lazy = Lazy.stringValue({ produce: () => `v${++produced}` });
    const key = `count ${Math.random()}`;
    const token = () =>
      sharedExpression(key, () => {
        built++;
        return Fn.upper(lazy);
      });
    const first = new TerraformStack(new App(), 'first');
    for (const id of ['a', 'b', 'c']) new TerraformOutput(first, id, { value: token() });
    const second = new TerraformStack(new App(), 'second');
    new TerraformOutput(second, 'a', { value: token() });
    const json = [synth(first), synth(second)];
    expect(built).toBe(1);
    expect(json[0].output).toEqual({ a: { value: '${upper(v1)}' }, b: { value: '${upper(v1)}' }, c: { value: '${upper(v1)}' } });
    expect(json[1].output).toEqual({ a: { value: '${upper(v2)}' } });
    expect(produced).toBe(2); // once per stack (Testing.synth has no preparing pass), not once per use
  });
});
