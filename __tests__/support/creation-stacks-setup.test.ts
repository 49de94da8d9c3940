import * as fs from 'fs';
import { Lazy } from 'cdktf';

describe("the tests' stack formatting (creation-stacks-setup.ts)", () => {
  it("leaves cdktf's token creation stacks unformatted, as a synth does", () => {
    expect((Lazy.anyValue({ produce: () => 'x' }) as unknown as { creationStack: string[] }).creationStack).toEqual([]);
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
