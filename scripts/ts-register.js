'use strict';
/**
 * The runner's TypeScript hook, for the app and every script: `node --require ./scripts/ts-register.js file.ts`.
 * Through pirates' public hook only; nothing of Node's or a dependency's internals is replaced.
 *
 * The transform is typescript-transform.js's, the one jest runs too. Each transform is cached on
 * disk, keyed by the transform (sucrase's version and typescript-transform.js) and the file's
 * path and content, and sucrase itself loads only when a file has no cached transform: most of
 * what the hook saves on a synth.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { addHook } = require('pirates');
const { TRANSFORM_ID, transformTypeScript } = require('./typescript-transform');

const CACHE_DIR = path.join(__dirname, '..', 'node_modules', '.cache', 'ts-register');

/** Write then rename, so a concurrent run never reads half a file. Best effort: a read-only checkout still runs. */
function writeAtomically(file, data) {
  const temporary = `${file}.${process.pid}`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temporary, data);
    fs.renameSync(temporary, file);
  } catch {
    fs.rmSync(temporary, { force: true }); // not cached, then
  }
}

function compileTypeScript(code, filePath) {
  const key = crypto.createHash('sha256').update(`${TRANSFORM_ID}\0${filePath}\0${code}`).digest('hex');
  const cached = path.join(CACHE_DIR, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    // Not cached yet.
  }
  const output = transformTypeScript(code, filePath);
  writeAtomically(cached, output);
  return output;
}

addHook(compileTypeScript, { exts: ['.ts'], ignoreNodeModules: true });
