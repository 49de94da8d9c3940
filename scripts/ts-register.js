'use strict';
/**
 * The runner's TypeScript hook, for the app and every script: `node --require ./scripts/ts-register.js file.ts`.
 *
 * - sucrase strips types without checking them (`npm test` runs tsc) and keeps every line where
 *   it was, so stack traces point at the TypeScript without source maps. Each transform is cached
 *   on disk, keyed by sucrase's version and the file's path and content; sucrase itself loads only
 *   when a file has no cached transform.
 * - V8's compiled code is cached too (Node 20 has no built-in module compile cache), since
 *   compiling the provider bindings is most of a synth. One cache file per entry script holds the
 *   code of every module it loaded, written after the run, so it includes the functions the run
 *   compiled lazily, and written only when a module was missing from it. A module's cached code is
 *   used only for the same path, length and CRC-32 of its source, on the same Node and V8 (V8
 *   rejects code from another version or other flags itself). TS_REGISTER_NO_CODE_CACHE=1 turns it off.
 */
const { Buffer } = require('buffer');
const crypto = require('crypto');
const fs = require('fs');
const Module = require('module');
const path = require('path');
const vm = require('vm');
const zlib = require('zlib');
const { addHook } = require('pirates');

const CACHE_DIR = path.join(__dirname, '..', 'node_modules', '.cache', 'ts-register');

/** Write then rename, so a concurrent run never reads half a file. Best effort: a read-only checkout still runs. */
function writeAtomically(file, data) {
  const temporary = `${file}.${process.pid}`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temporary, data);
    fs.renameSync(temporary, file);
  } catch {
    // Not cached, then.
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // Nothing was written.
    }
  }
}

// --- TypeScript: sucrase, cached by content -------------------------------------------------

const SUCRASE_VERSION = require('sucrase/package.json').version;

function compileTypeScript(code, filePath) {
  const key = crypto.createHash('sha256').update(`${SUCRASE_VERSION}\0${filePath}\0${code}`).digest('hex');
  const cached = path.join(CACHE_DIR, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    // Not cached yet.
  }
  const output = require('sucrase').transform(code, { transforms: ['typescript', 'imports'], filePath }).code;
  writeAtomically(cached, output);
  return output;
}

addHook(compileTypeScript, { exts: ['.ts'], ignoreNodeModules: true });

// --- V8 code cache, one file per entry script -----------------------------------------------

/** zlib.crc32 is Node >= 20.15; sha1 otherwise. */
const sourceHash = typeof zlib.crc32 === 'function' ? (source) => zlib.crc32(source) : (source) => crypto.createHash('sha1').update(source).digest('hex');

/**
 * The cache file: a 4-byte header length, the JSON header `{ node, v8, entries: { path: [hash,
 * source length, offset, size] } }`, then the cached code of each module back to back.
 */
function loadCodeCache(file) {
  try {
    const blob = fs.readFileSync(file);
    const headerLength = blob.readUInt32LE(0);
    const header = JSON.parse(blob.toString('utf8', 4, 4 + headerLength));
    if (header.node !== process.version || header.v8 !== process.versions.v8) return new Map();
    const body = blob.subarray(4 + headerLength);
    return new Map(
      Object.entries(header.entries).map(([filename, [hash, length, offset, size]]) => [
        filename,
        { hash, length, data: body.subarray(offset, offset + size) },
      ]),
    );
  } catch {
    return new Map();
  }
}

function saveCodeCache(file, entries) {
  const header = { node: process.version, v8: process.versions.v8, entries: {} };
  const buffers = [];
  let offset = 0;
  for (const [filename, entry] of entries) {
    const data = entry.script ? entry.script.createCachedData() : entry.data;
    header.entries[filename] = [entry.hash, entry.length, offset, data.length];
    buffers.push(data);
    offset += data.length;
  }
  const headerBuffer = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerBuffer.length);
  writeAtomically(file, Buffer.concat([length, headerBuffer, ...buffers]));
}

function installCodeCache(entryScript) {
  const name = crypto
    .createHash('sha256')
    .update(`${entryScript}\0${process.execArgv.join(' ')}`)
    .digest('hex')
    .slice(0, 16);
  const file = path.join(CACHE_DIR, 'v8', `${path.basename(entryScript)}-${name}.bin`);
  const entries = loadCodeCache(file);
  let dirty = false;

  // What Node's own Module.prototype._compile does for CommonJS, with cachedData; ES modules stay Node's.
  const nodeCompile = Module.prototype._compile;
  Module.prototype._compile = function _compile(content, filename, format) {
    if (format === 'module') return nodeCompile.call(this, content, filename, format);
    const hash = sourceHash(content);
    const cached = entries.get(filename);
    const usable = cached !== undefined && cached.hash === hash && cached.length === content.length;
    const script = new vm.Script(Module.wrap(content), { filename, cachedData: usable ? cached.data : undefined });
    if (!usable || script.cachedDataRejected) {
      // Serialized at exit, with whatever the run compiled lazily.
      entries.set(filename, { hash, length: content.length, script });
      dirty = true;
    }
    const require = (id) => this.require(id);
    require.resolve = (request, options) => Module._resolveFilename(request, this, false, options);
    require.resolve.paths = (request) => Module._resolveLookupPaths(request, this);
    require.main = process.mainModule;
    require.extensions = Module._extensions;
    require.cache = Module._cache;
    const wrapper = script.runInThisContext({ displayErrors: true });
    return Reflect.apply(wrapper, this.exports, [this.exports, require, this, filename, path.dirname(filename)]);
  };

  process.once('exit', () => {
    if (dirty) saveCodeCache(file, entries);
  });
}

// `node --require ./scripts/ts-register.js <script>`: argv[1] is the script; without one (-e, a REPL), no code cache.
if (process.argv[1] && !process.env.TS_REGISTER_NO_CODE_CACHE) installCodeCache(path.resolve(process.argv[1]));
