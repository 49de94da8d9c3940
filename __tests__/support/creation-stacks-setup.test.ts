import * as fs from 'fs';
import { Lazy } from 'cdktf';
import { STACK_TRACE_VARIABLE } from '../../src/runtime/creation-stacks';

describe("the tests' stack formatting (creation-stacks-setup.ts)", () => {
  it(`leaves cdktf's token creation stacks unformatted, as a synth does (formatted with ${STACK_TRACE_VARIABLE}=1)`, () => {
    const { creationStack } = Lazy.anyValue({ produce: () => 'x' }) as unknown as { creationStack: string[] };
    if (process.env[STACK_TRACE_VARIABLE] === '1') expect(creationStack.length).toBeGreaterThan(0);
    else expect(creationStack).toEqual([]);
  });

  it('keeps an error its stack, with frames pointing at the TypeScript source', () => {
    const stack = new Error('kept').stack ?? '';
    expect(stack).toMatch(/^Error: kept\n\s+at /);
    expect(stack).toContain('creation-stacks-setup.test.ts:');
  });

  it('keeps the stack of an error from another realm (Node core builds its errors outside the sandbox)', () => {
    let stack = '';
    try {
      fs.readFileSync('/nonexistent/mesh-test');
    } catch (error) {
      stack = (error as Error).stack ?? '';
    }
    expect(stack).toMatch(/ENOENT[^\n]*\n\s+at /);
  });
});
