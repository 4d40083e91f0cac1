#!/usr/bin/env node
'use strict';
// The published package runs the compiled build/. A checkout (lib/ holds the TypeScript source)
// runs the source through tsx, a devDependency, so that a stale build/ is never what runs.
const fs = require('fs');
const path = require('path');

const source = path.join(__dirname, '..', 'lib', 'cli', 'main.ts');
let cli;
if (fs.existsSync(source)) {
  require('tsx/cjs');
  cli = require(source);
} else {
  cli = require(path.join(__dirname, '..', 'build', 'lib', 'cli', 'main.js'));
}
cli.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
