/** The record-and-precondition pattern both locks share: its refusals, and one precondition per locked fact. */
import { RecordedFactLock, type RecordedFactLockProps } from '../../../lib/core/recorded-fact-lock';
import { resourceAt, scope, synth, testStack } from '../../helpers';

const GOOD: RecordedFactLockProps = {
  record: { cluster: 'alpha', size: 'large', colour: 'blue' },
  locked: [
    { key: 'size', errorMessage: (recorded) => `size was ${recorded('size')}` },
    { key: 'colour', errorMessage: () => 'colour changed' },
  ],
};

describe('RecordedFactLock', () => {
  it('records everything once and guards each locked fact with its own precondition', () => {
    const stack = testStack();
    new RecordedFactLock(stack, 'lock', GOOD);
    const json = synth(stack);
    expect(resourceAt(json, 'terraform_data', 'lock/record')).toEqual({
      input: { cluster: 'alpha', size: 'large', colour: 'blue' },
      lifecycle: { ignore_changes: ['input'] },
    });
    const guard = resourceAt(json, 'terraform_data', 'lock/guard') as {
      input: unknown;
      lifecycle: { precondition: { condition: string; error_message: string }[] };
    };
    expect(guard.input).toEqual({ size: 'large', colour: 'blue' });
    expect(guard.lifecycle.precondition.map((p) => p.condition)).toEqual([
      expect.stringMatching(/^\$\{terraform_data\.lock_record_\w+\.output\.size == "large"\}$/),
      expect.stringMatching(/^\$\{terraform_data\.lock_record_\w+\.output\.colour == "blue"\}$/),
    ]);
    expect(guard.lifecycle.precondition[0].error_message).toMatch(/^size was \$\{terraform_data\.lock_record_\w+\.output\.size\}$/);
  });

  it.each([
    [
      { ...GOOD, record: { ...GOOD.record, size: 'x"y' } },
      'RecordedFactLock: props.record.size must not hold quotes, backslashes, $, % or newlines, got "x\\"y"',
    ],
    [
      { ...GOOD, record: { ...GOOD.record, size: '${evil}' } },
      'RecordedFactLock: props.record.size must not hold quotes, backslashes, $, % or newlines, got "${evil}"',
    ],
    [{ ...GOOD, locked: [] }, 'RecordedFactLock: props.locked must name at least one fact'],
    [{ ...GOOD, locked: [{ key: 'shape', errorMessage: () => '' }] }, 'RecordedFactLock: props.locked names "shape", which is not a key of record'],
    [{ ...GOOD, constructName: 'SomeLock', locked: [] }, 'SomeLock: props.locked must name at least one fact'],
  ])('refuses bad props (%#)', (props, message) => {
    expect(() => new RecordedFactLock(scope(), 'lock', props)).toThrow(new Error(message));
  });

  it('accepts good props', () => {
    expect(() => new RecordedFactLock(scope(), 'lock', GOOD)).not.toThrow();
  });
});
