'use strict';
/**
 * Jest's TypeScript transform: sucrase, as the app itself runs (scripts/ts-register.js), through
 * Jest's public transformer interface (https://jestjs.io/docs/code-transformation). It strips types
 * without checking them (`npm test` runs tsc once), keeps every line where it was, so stack traces
 * and coverage point at the TypeScript, and hoists `jest.mock` calls as babel-jest does. ts-jest
 * transpiled each file with the TypeScript compiler, several times slower on a cold cache.
 */
const crypto = require('crypto');
const { transform } = require('sucrase');

const SUCRASE_VERSION = require('sucrase/package.json').version;
const TRANSFORMS = ['typescript', 'imports', 'jest'];

module.exports = {
  process(sourceText, sourcePath) {
    return { code: transform(sourceText, { transforms: TRANSFORMS, filePath: sourcePath }).code };
  },
  getCacheKey(sourceText, sourcePath) {
    return crypto.createHash('sha256').update(`${SUCRASE_VERSION}\0${TRANSFORMS.join(',')}\0${sourcePath}\0${sourceText}`).digest('hex');
  },
};
