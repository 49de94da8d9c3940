import { TerraformOutput } from 'cdktf';
import { TerraformData } from '../../../lib/core/terraform-data';
import { synth, testStack } from '../../helpers';

describe('TerraformData', () => {
  const stack = testStack();
  const data = new TerraformData(stack, 'marker', {
    input: { CLUSTER: 'alpha' },
    triggersReplace: { version: '1.23', overlay: 'abc' },
    provisioners: [{ type: 'local-exec', command: 'echo hi' }],
  });
  new TerraformData(stack, 'bare');
  new TerraformOutput(stack, 'marker_id', { value: data.id });
  const json = synth(stack);

  it('emits the built-in terraform_data resource with input, triggers and provisioners', () => {
    expect(json.resource?.terraform_data?.marker).toEqual({
      input: { CLUSTER: 'alpha' },
      triggers_replace: { version: '1.23', overlay: 'abc' },
      provisioner: [{ 'local-exec': { command: 'echo hi' } }],
    });
  });

  it('emits nothing for omitted attributes', () => {
    expect(json.resource?.terraform_data?.bare).toEqual({});
  });

  it('needs no provider block: terraform_data is built in', () => {
    expect(Object.keys(json.terraform?.required_providers as object)).toEqual(['google']);
  });

  it('references its id as a token', () => {
    expect(json.output?.marker_id.value).toBe('${terraform_data.marker.id}');
  });

  it('runs no validation that needs a terraform binary', () => {
    expect(data.node.validate()).toEqual([]);
  });
});
