#!/usr/bin/env node
'use strict';
/**
 * `node scripts/run-ts.js main.ts [args...]`: runs a TypeScript app, as `node -r tsx/cjs main.ts` does, from one
 * esbuild bundle of its own files (npm packages stay `require`s), kept in node_modules/.cache/cdk8s-patterns/run-ts/
 * (or RUN_TS_CACHE) until one of the files in it changes. It is the `app:` command of cdk8s.yaml.
 *
 * Why not tsx: tsx runs each loaded module through its own loader: it lexes every file's source for ES module syntax
 * (cdk8s and its dependencies included), hashes each TypeScript file to find its cached transpile, and has Node read
 * each module's inline source map. For the example app (113 TypeScript files, 2.5 MB with the 1.4 MB generated
 * bindings) that was about half of `cdk8s synth` beyond the CLI's own time (docs/performance.md). A cached bundle
 * is one file to compile and no loader hooks; a changed file costs one esbuild build (~0.3 s).
 *
 * What differs from tsx (neither checks types: `npm test` runs tsc):
 * - `__dirname` and `__filename` in every bundled file are the entry's; a `require` of a computed relative path
 *   would start from the cache folder (npm packages resolve from the app's folder);
 * - stack traces name the cached bundle's file and lines, unless Node runs with source maps (`node
 *   --enable-source-maps scripts/run-ts.js main.ts`, or in NODE_OPTIONS): then the bundle has an inline source map,
 *   and traces name the TypeScript files and lines, as under tsx;
 * - a file is stale when its modification time or size changes; a change that only alters how an import resolves
 *   (a new file shadowing the one bundled) is not seen until a bundled file changes: delete the cache folder then.
 */
const crypto = require('crypto');
const fs = require('fs');
const Module = require('module');
const path = require('path');

function usage() {
  process.stderr.write('usage: node scripts/run-ts.js <app.ts> [args...]\n');
  process.exit(2);
}

const entryArg = process.argv[2];
if (!entryArg) usage();
const entry = path.resolve(entryArg);
const sourceMaps = Boolean(process.sourceMapsEnabled);

// esbuild is resolved from the app's folder, as tsx would be: it is a devDependency of this repository.
const esbuildPath = require.resolve('esbuild', { paths: [path.dirname(entry), __dirname] });
const esbuildVersion = JSON.parse(fs.readFileSync(path.join(path.dirname(esbuildPath), '..', 'package.json'), 'utf8')).version;
const options = {
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: `node${process.versions.node.split('.')[0]}`,
  packages: 'external',
  // Class and function names as written (cdk8s and error messages read them); a bundle would rename clashes.
  keepNames: true,
  // Every bundled file's `__dirname` and `__filename` are the app's (the module itself is the bundle file).
  define: { __dirname: JSON.stringify(path.dirname(entry)), __filename: JSON.stringify(entry) },
  sourcemap: sourceMaps ? 'inline' : false,
  write: false,
  metafile: true,
  logLevel: 'warning',
};

// RUN_TS_CACHE: another folder (the tests use a temporary one).
const cacheDir = process.env.RUN_TS_CACHE || path.join(__dirname, '..', 'node_modules', '.cache', 'cdk8s-patterns', 'run-ts');
const key = crypto.createHash('sha1').update(JSON.stringify([entry, esbuildVersion, options])).digest('hex').slice(0, 16);
const bundleFile = path.join(cacheDir, `${key}.js`);
const inputsFile = path.join(cacheDir, `${key}.json`);
// Where the bundle is written (esbuild writes nothing itself): a source map's paths are relative to it.
options.outfile = bundleFile;

/** The stat that decides whether a bundled file changed. */
function stamp(file) {
  const stat = fs.statSync(file);
  return [stat.mtimeMs, stat.size];
}

/** The cached bundle, if every file in it is as it was when it was built. */
function cachedBundle() {
  let inputs;
  try {
    inputs = JSON.parse(fs.readFileSync(inputsFile, 'utf8'));
    for (const [file, [mtimeMs, size]] of Object.entries(inputs)) {
      const [nowMtimeMs, nowSize] = stamp(file);
      if (nowMtimeMs !== mtimeMs || nowSize !== size) return undefined;
    }
    return fs.readFileSync(bundleFile, 'utf8');
  } catch {
    return undefined; // no cache yet, or a bundled file is gone
  }
}

/** Writes `text` so that a concurrent run reads the old file or the new one, never half of one. */
function writeAtomically(file, text) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}

function build() {
  const esbuild = require(esbuildPath);
  let result;
  try {
    result = esbuild.buildSync(options);
  } catch {
    // esbuild has printed the errors with their locations (logLevel); its exception repeats them.
    process.exit(1);
  }
  const code = result.outputFiles[0].text;
  const inputs = {};
  // The files esbuild read, and the tsconfig.json next to the app (its settings shape the output).
  const files = Object.keys(result.metafile.inputs).map((f) => path.resolve(f));
  const tsconfig = path.join(path.dirname(entry), 'tsconfig.json');
  if (fs.existsSync(tsconfig)) files.push(tsconfig);
  for (const file of files) inputs[file] = stamp(file);
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    writeAtomically(bundleFile, code);
    writeAtomically(inputsFile, JSON.stringify(inputs));
  } catch (e) {
    // A read-only node_modules: run without a cache.
    process.emitWarning(`run-ts: could not cache the bundle in ${cacheDir}: ${e.message}`);
  }
  return code;
}

const code = cachedBundle() ?? build();

// Run the bundle as the main module, as `node main.ts` would run the app: `require.main === module` holds, npm
// packages resolve from the app's folder, and `process.argv[1]` is the app. Its file name is the bundle's, so that a
// stack trace's line numbers are lines of a file that has them.
const main = new Module(bundleFile, null);
main.id = '.';
main.filename = bundleFile;
main.paths = Module._nodeModulePaths(path.dirname(entry));
process.mainModule = main;
process.argv.splice(1, 2, entry);
main._compile(code, bundleFile);
main.loaded = true;
