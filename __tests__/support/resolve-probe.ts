// Resolves edge cases with cdktf's token resolver, as main.ts loads it (src/runtime/cdktf-resolve.ts
// first), and prints each result or error: src/runtime/cdktf-resolve.test.ts compares MESH_SYNTH_CDKTF_AS_IS=1.
import '../../src/runtime/cdktf-resolve';
import { App, DefaultTokenResolver, Fn, Lazy, StringConcat, TerraformStack, Token, Tokenization } from 'cdktf';
import * as privateResolve from 'cdktf/lib/tokens/private/resolve';

const stack = new TerraformStack(new App(), 'probe');
const lazy = (value: string) => Token.asString(Lazy.stringValue({ produce: () => value }));
const nested = (depth: number): unknown => (depth === 0 ? 'leaf' : { level: nested(depth - 1) });
const nestedList = (depth: number): unknown => (depth === 0 ? ['leaf', 1, true] : [nestedList(depth - 1)]);

const cases: Record<string, () => unknown> = {
  plain: () => ({ a: 'x', b: 1.5, c: true, d: null, e: undefined, f: [1, 'two', false, null, undefined, -0], g: {}, h: [] }),
  'number-like strings': () => ['1e5', '-e2', 'x1e-5y', '2E+3', '.e.', 'e'],
  'numbers near the token range': () => [Number.MAX_VALUE, -1.8881545897087626e289, Token.NUMBER_MAP_TOKEN_VALUE + 1],
  'map token number value': () => ({ n: Token.NUMBER_MAP_TOKEN_VALUE }),
  'map token string value': () => ({ s: Token.STRING_MAP_TOKEN_VALUE }),
  'tokens in keys, values and lists': () => ({
    [lazy('key')]: lazy('value'),
    n: Token.asNumber(Lazy.numberValue({ produce: () => 42 })),
    l: Token.asList(Lazy.listValue({ produce: () => ['a', 'b'] })),
    m: Token.asStringMap(Lazy.anyValue({ produce: () => ({ a: 'b' }) })),
    mixed: [`pre-${lazy('mid')}-post`, Token.asNumber(Lazy.numberValue({ produce: () => 7 })), Fn.upper(lazy('up'))],
  }),
  'escaped and literal markers': () => ({ dollar: '${not.a.token}', brace: '{TfToken[not-registered]}', partial: 'TfToken[' }),
  'a list token with another element': () => ({ l: ['first', ...Token.asList(Lazy.listValue({ produce: () => ['a'] }))] }),
  'a map token with another key': () => ({ m: { other: 'v', ...Token.asStringMap(Lazy.anyValue({ produce: () => ({ a: 'b' }) })) } }),
  'list token in a string': () => ({ s: `x${Token.asList(Lazy.listValue({ produce: () => ['a'] }))[0]}` }),
  'a function': () => ({ at: { fn: () => 1 } }),
  'a construct': () => ({ at: { scope: stack } }),
  'a key that resolves to a number': () => ({ at: { [Token.asString(Lazy.anyValue({ produce: () => 42 }))]: 'v' } }),
  '199 levels': () => nested(199),
  '200 levels': () => nested(200),
  '201 levels': () => nested(201),
  '199 levels of lists': () => nestedList(199),
  '201 levels of lists': () => nestedList(201),
};

const resolver = new DefaultTokenResolver(new StringConcat());
for (const [name, value] of Object.entries(cases)) {
  let result: string;
  try {
    result = JSON.stringify(Tokenization.resolve(value(), { scope: stack, preparing: false, resolver }));
  } catch (error) {
    result = `error: ${(error as Error).message}`;
  }
  console.log(`${name}: ${result.length > 300 ? `${result.slice(0, 150)}…${result.slice(-150)}` : result}`);
}
// Whether the resolver running is the one src/runtime/cdktf-resolve.ts loads.
console.log(`patched: ${String(privateResolve.resolve).includes('isPlain(')}`);
