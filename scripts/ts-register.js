'use strict';
/**
 * The synth runner's TypeScript hook. sucrase strips types without checking them (`npm test`
 * runs tsc) and keeps every line where it was, so stack traces point at the TypeScript without
 * source maps. Each transform is cached on disk, keyed by sucrase's version and the file's path
 * and content, so a synth only transpiles the files that changed since the last one; V8's
 * compiled code is cached too (Node 20 has no built-in module compile cache), since compiling
 * the provider bindings is most of a synth.
 */
require('v8-compile-cache');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { addHook } = require('pirates');
const { transform } = require('sucrase');

const SUCRASE_VERSION = require('sucrase/package.json').version;
const CACHE_DIR = path.join(__dirname, '..', 'node_modules', '.cache', 'ts-register');

function compile(code, filePath) {
  const key = crypto.createHash('sha256').update(`${SUCRASE_VERSION}\0${filePath}\0${code}`).digest('hex');
  const cached = path.join(CACHE_DIR, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    // Not cached yet.
  }
  const output = transform(code, { transforms: ['typescript', 'imports'], filePath }).code;
  try {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    // Write then rename, so a concurrent synth never reads half a file.
    const temporary = `${cached}.${process.pid}`;
    fs.writeFileSync(temporary, output);
    fs.renameSync(temporary, cached);
  } catch {
    // A read-only checkout still synthesizes, just without the cache.
  }
  return output;
}

addHook(compile, { exts: ['.ts'], ignoreNodeModules: true });
