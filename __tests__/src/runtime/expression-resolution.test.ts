import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { App, conditional, Fn, Lazy, Op, propertyAccess, TerraformOutput, TerraformStack, Token } from 'cdktf';
import { skipDiscardedArgumentResolution } from '../../../src/runtime/expression-resolution';
import { synth, synthAppFiles } from '../../helpers';

/** Function calls, operators, conditions and property access over nested arguments, one of them across stacks. */
function expressions(app: App): void {
  const origin = new TerraformStack(app, 'origin');
  new GoogleProvider(origin, 'google', { project: 'p-123456', region: 'us-central1' });
  const remote = new ComputeNetwork(origin, 'network', { name: 'remote', autoCreateSubnetworks: false });
  const consumer = new TerraformStack(app, 'consumer');
  new GoogleProvider(consumer, 'google', { project: 'p-123456', region: 'us-central1' });
  const local = new ComputeNetwork(consumer, 'network', { name: 'local', autoCreateSubnetworks: false, mtu: 1460 });
  new TerraformOutput(consumer, 'nested', {
    value: Fn.yamlencode({ clusters: [{ name: 'a', cluster: { server: `https://${local.id}`, mtu: local.mtu } }], flags: [1, true, null], empty: {} }),
  });
  new TerraformOutput(consumer, 'cross-stack', { value: Fn.jsonencode({ network: { id: remote.id, names: [remote.name, local.name] } }) });
  new TerraformOutput(consumer, 'operators', { value: Op.add(local.mtu, Op.mul(2, Token.asNumber(Fn.lengthOf([local.id, remote.id])))) });
  new TerraformOutput(consumer, 'conditional', { value: conditional(Op.eq(local.name, 'local'), { yes: [local.id] }, { no: remote.selfLink }) });
  new TerraformOutput(consumer, 'access', { value: propertyAccess(Fn.tolist([{ id: local.id }]), [0, 'id']) });
}

describe('skipDiscardedArgumentResolution', () => {
  it('writes the same Terraform, cross-stack references included', () => {
    const plain = synthAppFiles(expressions);
    const restore = skipDiscardedArgumentResolution();
    let fast: Record<string, string>;
    try {
      fast = synthAppFiles(expressions);
    } finally {
      restore();
    }
    expect(Object.keys(fast)).toEqual(['stacks/consumer/cdk.tf.json', 'stacks/origin/cdk.tf.json']);
    expect(fast).toEqual(plain);
    expect(fast['stacks/origin/cdk.tf.json']).toContain('cross-stack-output-google_compute_networknetworkid');
    expect(fast['stacks/consumer/cdk.tf.json']).toContain(
      'yamlencode({\\"clusters\\" = [{\\"name\\" = \\"a\\", \\"cluster\\" = {\\"server\\" = \\"https://${google_compute_network.network.id}\\"',
    );
  });

  it('resolves a nested argument fewer times', () => {
    const resolutions = () => {
      let produced = 0;
      const stack = new TerraformStack(new App(), 'count');
      const leaf = Lazy.stringValue({ produce: () => `leaf-${++produced}` });
      new TerraformOutput(stack, 'nested', { value: Fn.yamlencode({ a: { b: { c: leaf } } }) });
      synth(stack);
      return produced;
    };
    const plain = resolutions();
    const restore = skipDiscardedArgumentResolution();
    try {
      expect(resolutions()).toBeLessThan(plain);
    } finally {
      restore();
    }
    expect(resolutions()).toBe(plain);
    skipDiscardedArgumentResolution({ MESH_SYNTH_CDKTF_AS_IS: '1' })();
    expect(resolutions()).toBe(plain);
    const leftAsIs = skipDiscardedArgumentResolution({ MESH_SYNTH_CDKTF_AS_IS: '1' });
    expect(resolutions()).toBe(plain);
    leftAsIs();
  });
});
