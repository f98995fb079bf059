#!/usr/bin/env node
// Runs lit-analyzer (template and binding checks of the Lit elements). lit-analyzer needs the
// TypeScript *JavaScript* compiler API, which the project's TypeScript 7 (the native compiler)
// does not ship; web-component-analyzer brings its own TypeScript 5 as a dependency, so every
// `require('typescript')` made by the analyzer is pointed at that copy.
const Module = require('node:module');
const path = require('node:path');

const analyzer = path.join(path.dirname(require.resolve('lit-analyzer/cli.js')), '..', 'web-component-analyzer');
const typescript5 = require.resolve('typescript', { paths: [analyzer] });
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'typescript' ? typescript5 : resolve.call(this, request, ...rest);
};
process.argv.splice(2, 0, ...(process.argv.length > 2 ? [] : ['src/**/*.ts']));
require('lit-analyzer/cli.js');
