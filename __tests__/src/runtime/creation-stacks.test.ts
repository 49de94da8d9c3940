import { Lazy } from 'cdktf';
import { config, TWO_CLUSTERS } from '../../helpers';
import { withUnformattedStackTraces } from '../../../src/runtime/creation-stacks';
import { STACK_TRACE_VARIABLE } from '../../../src/runtime/creation-stacks';
import { synthesizeApp } from '../../../src/tools/synthesized-app';

/** Where cdktf records a token's creation site: `creationStack` of the Lazy (cdktf/lib/tokens/lazy.js). */
function creationStackOfNewToken(): string[] {
  return (Lazy.anyValue({ produce: () => 'x' }) as unknown as { creationStack: string[] }).creationStack;
}

describe('withUnformattedStackTraces', () => {
  // Outside a build, stacks format as in a plain `node` run (V8's own formatter), not as the
  // tests' setup formats them (support/creation-stacks-setup.ts leaves cdktf's unformatted).
  let testsFormatter: typeof Error.prepareStackTrace;
  beforeAll(() => {
    testsFormatter = Error.prepareStackTrace;
    Reflect.deleteProperty(Error, 'prepareStackTrace');
  });
  afterAll(() => {
    Error.prepareStackTrace = testsFormatter;
  });

  it("leaves cdktf's token creation stacks unformatted while the app is built", () => {
    expect(creationStackOfNewToken().length).toBeGreaterThan(0);
    expect(withUnformattedStackTraces(() => creationStackOfNewToken(), {})).toEqual([]);
  });

  it(`formats them as usual with ${STACK_TRACE_VARIABLE}=1`, () => {
    expect(withUnformattedStackTraces(() => creationStackOfNewToken(), { [STACK_TRACE_VARIABLE]: '1' }).length).toBeGreaterThan(0);
  });

  it('puts the previous formatter back, also when the build throws, so the error keeps its stack', () => {
    const before = Error.prepareStackTrace;
    let thrown: Error | undefined;
    try {
      withUnformattedStackTraces(() => {
        throw new Error('refused');
      }, {});
    } catch (error) {
      thrown = error as Error;
    }
    expect(Error.prepareStackTrace).toBe(before);
    expect(thrown?.stack).toMatch(/refused\n\s+at /);
  });

  it('returns what the build returns', () => {
    expect(withUnformattedStackTraces(() => 42, {})).toBe(42);
  });

  it('changes nothing in the synthesized stacks', () => {
    const mesh = config(TWO_CLUSTERS);
    const json = (stacks: ReturnType<typeof synthesizeApp>) => Object.values(stacks.stacks).map((stack) => JSON.stringify(stack.json));
    expect(withUnformattedStackTraces(() => json(synthesizeApp(mesh)), {})).toEqual(json(synthesizeApp(mesh)));
  });
});
