import { TeardownStep, type TeardownStepProps } from '../../../lib/core/teardown-step';
import { resources, synth, testStack } from '../../helpers';

const PEERING: TeardownStepProps = { step: 'service-peering', input: { network: 'projects/p/global/networks/mesh', network_project: 'p' } };

function build(props: TeardownStepProps) {
  const stack = testStack();
  new TeardownStep(stack, 'step', props);
  return synth(stack);
}

describe('TeardownStep', () => {
  it('is a terraform_data whose only provisioner runs the step at destroy, reading its input from self', () => {
    const [resource] = resources(build(PEERING), 'terraform_data');
    expect(resource.input).toEqual(PEERING.input);
    expect(resource.triggers_replace).toBeUndefined();
    const provisioners = resource.provisioner as { 'local-exec': Record<string, unknown> }[];
    expect(provisioners).toHaveLength(1);
    expect(provisioners[0]['local-exec']).toEqual({
      when: 'destroy',
      command: expect.stringMatching(/^bash assets\/step_script_[0-9A-F]+\/[0-9A-F]+\/teardown\.sh service-peering$/),
      environment: { TD_NETWORK: '${self.input.network}', TD_NETWORK_PROJECT: '${self.input.network_project}' },
    });
  });

  it('accepts each step with exactly its keys', () => {
    expect(() => build({ step: 'network-clean', input: { network: 'mesh', network_project: 'p', projects: 'p q' } })).not.toThrow();
    expect(() =>
      build({
        step: 'managed-mesh',
        input: { fleet_project: 'f', membership: 'm', membership_location: 'global', project: 'p', cluster: 'c', location: 'l', private_endpoint: 'false' },
      }),
    ).not.toThrow();
  });

  it('refuses an unknown step, a missing or extra key and an empty value, naming the prop', () => {
    expect(() => build({ ...PEERING, step: 'vpc' as TeardownStepProps['step'] })).toThrow(
      /TeardownStep: props\.step must be one of network-clean, service-peering, managed-mesh, got "vpc"/,
    );
    expect(() => build({ ...PEERING, input: { network: 'mesh' } })).toThrow(
      /TeardownStep: props\.input for step service-peering must have exactly the keys network, network_project, got network$/,
    );
    expect(() => build({ ...PEERING, input: { ...PEERING.input, extra: 'x' } })).toThrow(/props\.input for step service-peering must have exactly the keys/);
    expect(() => build({ ...PEERING, input: { ...PEERING.input, network_project: '' } })).toThrow(
      /TeardownStep: props\.input\.network_project must not be empty/,
    );
  });
});
