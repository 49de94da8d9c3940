/**
 * Loads cdktf's token resolver (cdktf/lib/tokens/private/resolve.js) with plain values passed
 * through. cdktf's resolve() builds a resolution context and recurses into every object key,
 * object value and list element, and the recursion finds most of them to be plain: a string
 * without a token marker or an encoded number, a number that is not an encoded token, a boolean,
 * null or undefined, which it returns unchanged. Returning those values without the recursion
 * changes no output (a test synthesizes the example configs both ways) and is a sixth of a synth.
 * The path that names where a resolution failed is joined only when it fails.
 *
 * Only on import, and before anything loads cdktf: main.ts imports this first. Each change must
 * match cdktf 0.21.0's file exactly once (it is the final release, and pinned); otherwise the file
 * loads unchanged. MESH_SYNTH_CDKTF_AS_IS=1 loads it unchanged too.
 */
import * as fs from 'fs';
import Module from 'module';
import * as path from 'path';

/**
 * The recursive calls that can skip a plain value; the path for error messages, which every call
 * joined whether it threw or not, now joined when one is thrown; and the searches for list and map
 * markers, now made only where a marker's prefix occurs.
 */
const CHANGES: readonly (readonly [string, string])[] = [
  ['const pathName = "/" + prefix.join("/");', 'const pathName = () => "/" + prefix.join("/");'],
  ['unableToResolveCircularReference)(pathName);', 'unableToResolveCircularReference)(pathName());'],
  ['cannotResolveFunction)(pathName, obj);', 'cannotResolveFunction)(pathName(), obj);'],
  ['constructsCannotBeResolved)(pathName);', 'constructsCannotBeResolved)(pathName());'],
  ['mapKeyMustResolveToString)(pathName, key, resolvedKey);', 'mapKeyMustResolveToString)(pathName(), key, resolvedKey);'],
  ['const resolvedKey = makeContext()[0].resolve(key);', 'const resolvedKey = isPlain(key, prefix) ? key : makeContext()[0].resolve(key);'],
  ['const value = makeContext(key)[0].resolve(obj[key]);', 'const value = isPlain(obj[key], prefix) ? obj[key] : makeContext(key)[0].resolve(obj[key]);'],
  ['.map((x, i) => makeContext(`${i}`)[0].resolve(x))', '.map((x, i) => (isPlain(x, prefix) ? x : makeContext(`${i}`)[0].resolve(x)))'],
  // A list or map marker is looked for with a regular expression per element or key; without its prefix there is none.
  [
    'if ((0, encoding_1.containsStringListTokenElement)(obj)) {',
    'if (obj.some((x) => typeof x === "string" && x.includes("#{TfToken[")) && (0, encoding_1.containsStringListTokenElement)(obj)) {',
  ],
  [
    'if ((0, encoding_1.containsMapToken)(obj)) {',
    'if (Object.keys(obj).some((key) => key.includes("&{TfToken[")) && (0, encoding_1.containsMapToken)(obj)) {',
  ],
];

/**
 * What resolve() returns unchanged without resolving anything, at a depth where it would not
 * throw its circular-reference error (more than 200 levels). Uses resolve.js's own imports.
 */
const IS_PLAIN = `
function isPlain(x, prefix) {
    if (prefix.length >= 200) return false;
    if (x === undefined || x === null || typeof x === "boolean") return true;
    if (typeof x === "number") return x !== token_1.Token.NUMBER_MAP_TOKEN_VALUE && (0, encoding_1.extractTokenDouble)(x, false) === undefined;
    return typeof x === "string" && !x.includes("{TfToken[") && x !== token_1.Token.STRING_MAP_TOKEN_VALUE && x !== token_1.Token.ANY_MAP_TOKEN_VALUE && !encoding_1.TokenString.forNumbers(x).test();
}
`;

/** cdktf's resolve.js source with the changes, or undefined when any of them does not match exactly once. */
export function fastResolveSource(source: string): string | undefined {
  let changed = source;
  for (const [from, to] of CHANGES) {
    if (changed.split(from).length !== 2) return undefined;
    changed = changed.replace(from, () => to);
  }
  return `${changed}\n${IS_PLAIN}`;
}

interface CompilableModule extends Module {
  _compile(content: string, filename: string): void;
}

function load(): void {
  if (process.env.MESH_SYNTH_CDKTF_AS_IS === '1') return;
  const filename = require.resolve('cdktf/lib/tokens/private/resolve.js');
  if (require.cache[filename]) return; // already loaded as it is
  const source = fastResolveSource(fs.readFileSync(filename, 'utf8'));
  if (source === undefined) return;
  const resolveModule = new Module(filename, module) as CompilableModule;
  resolveModule.filename = filename;
  resolveModule.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(filename));
  require.cache[filename] = resolveModule;
  try {
    resolveModule._compile(source, filename);
    resolveModule.loaded = true;
  } catch (error) {
    delete require.cache[filename];
    throw error;
  }
}

load();
