// scripts/run-ts.js, the `app:` command of cdk8s.yaml: runs a TypeScript app as `node -r tsx/cjs` does, from a
// cached esbuild bundle that is rebuilt when a file in it changes.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const RUNNER = path.join(__dirname, '..', 'scripts', 'run-ts.js');

let dir: string;
let cache: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-ts-'));
  cache = path.join(dir, '.cache');
  // The app's npm packages, as in a project: the repository's.
  fs.symlinkSync(path.join(__dirname, '..', 'node_modules'), path.join(dir, 'node_modules'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(file: string, text: string): void {
  fs.writeFileSync(path.join(dir, file), text);
}

function run(args: string[], nodeOptions: string[] = []) {
  const { NODE_OPTIONS, ...env } = process.env;
  return spawnSync(process.execPath, [...nodeOptions, RUNNER, ...args], { cwd: dir, encoding: 'utf8', env: { ...env, RUN_TS_CACHE: cache } });
}

/** The bundles in the cache folder and their modification times. */
function bundles(): Record<string, number> {
  return Object.fromEntries(fs.readdirSync(cache).filter((f) => f.endsWith('.js')).map((f) => [f, fs.statSync(path.join(cache, f)).mtimeMs]));
}

const APP = `
import { greeting } from './greeting';
import { stringify } from 'yaml';
class Kitchen { public readonly id = 'k'; }
process.stdout.write(stringify({
  greeting: greeting(process.argv[2]),
  isMain: require.main === module,
  filename: __filename,
  argv1: process.argv[1],
  className: Kitchen.name,
}));
`;

test('runs the app as the main module at its own path, with its arguments, its imports and npm packages', () => {
  write('app.ts', APP);
  write('greeting.ts', 'export function greeting(name: string): string { return `hello ${name}`; }\n');
  const result = run(['app.ts', 'chef']);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(result.stdout).toBe([
    'greeting: hello chef', 'isMain: true', `filename: ${path.join(dir, 'app.ts')}`, `argv1: ${path.join(dir, 'app.ts')}`, 'className: Kitchen', '',
  ].join('\n'));
});

test('a second run uses the cached bundle; changing a bundled file rebuilds it', () => {
  write('app.ts', APP);
  write('greeting.ts', 'export function greeting(name: string): string { return `hello ${name}`; }\n');
  expect(run(['app.ts', 'chef']).status).toBe(0);
  const first = bundles();
  expect(Object.keys(first)).toHaveLength(1);

  expect(run(['app.ts', 'waiter']).stdout).toContain('greeting: hello waiter');
  expect(bundles()).toEqual(first);

  write('greeting.ts', 'export function greeting(name: string): string { return `good evening, ${name}`; }\n');
  expect(run(['app.ts', 'waiter']).stdout).toContain('greeting: good evening, waiter');
  expect(Object.keys(bundles())).toEqual(Object.keys(first));
  expect(Object.values(bundles())[0]).toBeGreaterThan(Object.values(first)[0]);
});

test('a bundled file that is gone rebuilds the bundle, which then fails like the import', () => {
  write('app.ts', APP);
  write('greeting.ts', 'export function greeting(name: string): string { return name; }\n');
  expect(run(['app.ts', 'x']).status).toBe(0);
  fs.rmSync(path.join(dir, 'greeting.ts'));
  const result = run(['app.ts', 'x']);
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('Could not resolve "./greeting"');
});

test('a syntax error: esbuild\'s message with the file and line, exit code 1, nothing cached', () => {
  write('app.ts', 'const x: number = ;\n');
  const result = run(['app.ts']);
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('app.ts:1:18');
  expect(fs.existsSync(cache) ? bundles() : {}).toEqual({});
});

test('an error the app throws exits 1; with --enable-source-maps its stack names the TypeScript file and line', () => {
  write('app.ts', 'import { fail } from \'./fail\';\nfail();\n');
  write('fail.ts', '// line 1\nexport function fail(): never {\n  throw new Error(\'the oven is cold\');\n}\n');
  const plain = run(['app.ts']);
  expect(plain.status).toBe(1);
  expect(plain.stderr).toContain('Error: the oven is cold');
  // Without source maps, the lines are the bundle's, and the trace names it.
  expect(plain.stderr).toMatch(new RegExp(`at fail \\(${cache.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/[0-9a-f]{16}\\.js:\\d+:\\d+\\)`));
  const mapped = run(['app.ts'], ['--enable-source-maps']);
  expect(mapped.status).toBe(1);
  expect(mapped.stderr).toContain(`${path.join(dir, 'fail.ts')}:3:9`);
});

test('without an app: the usage, exit code 2', () => {
  const result = run([]);
  expect(result.stderr).toBe('usage: node scripts/run-ts.js <app.ts> [args...]\n');
  expect(result.status).toBe(2);
});
