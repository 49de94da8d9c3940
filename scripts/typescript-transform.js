'use strict';
/**
 * The project's one TypeScript transform: the synth runner's hook (ts-register.js) and jest
 * (jest-transform.js) run the same JavaScript. sucrase strips types without checking them
 * (`npm test` runs tsc) and keeps every line where it was, so stack traces point at the
 * TypeScript without source maps. sucrase loads only when something is transformed: the hook
 * serves most files from its cache.
 */
const crypto = require('crypto');
const fs = require('fs');

const TRANSFORMS = ['typescript', 'imports'];

/**
 * Names the transform's output, from sucrase's version and this file (its options): a cache keyed
 * by it and a file's path and content is never stale, whatever changes here.
 */
const TRANSFORM_ID = `sucrase ${require('sucrase/package.json').version} ${crypto.createHash('sha256').update(fs.readFileSync(__filename)).digest('hex')}`;

/** `extraTransforms`: jest's adds sucrase's `jest` transform (which hoists jest.mock calls). */
function transformTypeScript(code, filePath, extraTransforms = []) {
  return require('sucrase').transform(code, { transforms: [...TRANSFORMS, ...extraTransforms], filePath }).code;
}

module.exports = { TRANSFORM_ID, transformTypeScript };
