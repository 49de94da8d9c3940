'use strict';
/**
 * jest's transform for `.ts` files: the synth runner's (typescript-transform.js), so the tests run
 * the JavaScript a synth runs. Pure JavaScript, about a tenth of a cold `npm test` faster than
 * ts-jest, which loaded the TypeScript compiler into every worker. Keyed by the transform, this
 * file and the source, so jest's cache (which outlives `npm ci`) is never stale.
 */
const crypto = require('crypto');
const fs = require('fs');
const { TRANSFORM_ID, transformTypeScript } = require('./typescript-transform');

const SELF = fs.readFileSync(__filename, 'utf8');

module.exports = {
  process(sourceText, sourcePath) {
    return { code: transformTypeScript(sourceText, sourcePath, ['jest']) };
  },
  getCacheKey(sourceText, sourcePath) {
    return crypto.createHash('sha256').update(`${TRANSFORM_ID}\0${SELF}\0${sourcePath}\0${sourceText}`).digest('hex');
  },
};
