import { Lazy } from 'cdktf';
import { config, TWO_CLUSTERS } from '../../helpers';
import { STACK_TRACE_VARIABLE, withoutStackCapture } from '../../../src/runtime/creation-stacks';
import { synthesizeApp } from '../../../src/tools/synthesized-app';

/** Where cdktf records a token's creation site: `creationStack` of the Lazy (cdktf/lib/tokens/lazy.js). */
function creationStackOfNewToken(): string[] {
  return (Lazy.anyValue({ produce: () => 'x' }) as unknown as { creationStack: string[] }).creationStack;
}

describe('withoutStackCapture', () => {
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

  it('captures no token creation stacks while the app is built, although cdktf raises the limit for each', () => {
    expect(creationStackOfNewToken().length).toBeGreaterThan(0);
    expect(withoutStackCapture(() => creationStackOfNewToken(), {})).toEqual([]);
  });

  it('makes Error.stackTraceLimit read 0 and ignore writes while the app is built', () => {
    const seen = withoutStackCapture(() => {
      Error.stackTraceLimit = Number.MAX_SAFE_INTEGER; // what cdktf's captureStackTrace does
      return [Error.stackTraceLimit, new Error('built').stack];
    }, {});
    expect(seen).toEqual([0, undefined]);
  });

  it(`captures them as usual with ${STACK_TRACE_VARIABLE}=1`, () => {
    expect(withoutStackCapture(() => creationStackOfNewToken(), { [STACK_TRACE_VARIABLE]: '1' }).length).toBeGreaterThan(0);
    expect(withoutStackCapture(() => new Error('built').stack, { [STACK_TRACE_VARIABLE]: '1' })).toMatch(/built\n\s+at /);
  });

  it('puts the property back as it was, also when the build throws', () => {
    const before = Object.getOwnPropertyDescriptor(Error, 'stackTraceLimit');
    expect(() =>
      withoutStackCapture(() => {
        throw new Error('refused');
      }, {}),
    ).toThrow('refused');
    expect(Object.getOwnPropertyDescriptor(Error, 'stackTraceLimit')).toEqual(before);
    expect(new Error('after').stack).toMatch(/after\n\s+at /);
  });

  it('returns what the build returns', () => {
    expect(withoutStackCapture(() => 42, {})).toBe(42);
  });

  it('changes nothing in the synthesized stacks', () => {
    const mesh = config(TWO_CLUSTERS);
    const json = (stacks: ReturnType<typeof synthesizeApp>) => Object.values(stacks.stacks).map((stack) => JSON.stringify(stack.json));
    expect(withoutStackCapture(() => json(synthesizeApp(mesh)), {})).toEqual(json(synthesizeApp(mesh)));
  });

  // Last: it freezes the property for the rest of this file (jest gives each file its own realm).
  it('leaves a frozen limit alone (node --frozen-intrinsics)', () => {
    Object.defineProperty(Error, 'stackTraceLimit', { writable: false, configurable: false });
    const frozen = Object.getOwnPropertyDescriptor(Error, 'stackTraceLimit');
    expect(withoutStackCapture(() => new Error('built').stack, {})).toMatch(/built\n\s+at /);
    expect(Object.getOwnPropertyDescriptor(Error, 'stackTraceLimit')).toEqual(frozen);
  });
});
