import { Testing } from 'cdktf';
import { MeshNetwork } from '../../../lib/network/mesh-network';
import { PolicyViolationError } from '../../../lib/policy/policy-checks';
import { PropsError } from '../../../lib/core/validate';
import { ConfigError } from '../../../src/config/messages';
import { describeFailure } from '../../../src/runtime/failure';

function constructError(): PropsError {
  const stack = Testing.stubVersion(Testing.app()).node.root;
  try {
    new MeshNetwork(stack, 'network', {
      project: 'p-123456',
      name: 'mesh',
      subnets: [{ name: 's', region: 'moon', cidr: '10.0.0.0/20', podCidr: '10.64.0.0/14', serviceCidr: '10.4.0.0/20' }],
    });
  } catch (error) {
    return error as PropsError;
  }
  throw new Error('MeshNetwork accepted the region "moon"');
}

describe('describeFailure', () => {
  it('turns a construct refusing its props into one line naming the construct and the prop', () => {
    const error = constructError();
    expect(error).toBeInstanceOf(PropsError);
    expect(describeFailure(error)).toBe(
      'synth failed: MeshNetwork: props.subnets[0].region must be a region such as us-central1, got "moon" (set MESH_SYNTH_STACK_TRACES=1 for the stack trace)',
    );
  });

  it('adds the stack trace only when asked', () => {
    const described = describeFailure(constructError(), { MESH_SYNTH_STACK_TRACES: '1' });
    expect(described.split('\n')[0]).toBe('synth failed: MeshNetwork: props.subnets[0].region must be a region such as us-central1, got "moon"');
    expect(described).toMatch(/\n\s+at /);
  });

  it('keeps config problems and policy findings as their lists', () => {
    const config = new ConfigError('mesh.config.yaml', [{ path: 'project', message: 'is required' }]);
    expect(describeFailure(config)).toBe('mesh.config.yaml: 1 problem:\n  - project: is required');
    const policy = new PolicyViolationError([]);
    expect(describeFailure(policy)).toBe(policy.message);
  });

  it('takes the first line of any other error, and something that is not an Error', () => {
    expect(describeFailure(new Error('first\nsecond'))).toBe('synth failed: first (set MESH_SYNTH_STACK_TRACES=1 for the stack trace)');
    expect(describeFailure('plain')).toBe('synth failed: plain (set MESH_SYNTH_STACK_TRACES=1 for the stack trace)');
  });
});
