// What a user sees when their app has a mistake: the report, one line per problem, and exit code 1;
// no stack trace (unless DEBUG is set) and no try/catch in their main.ts.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { appCommand } from './cli-project';
import { Problem, PropsError } from '../lib/errors';

let workdir: string;
beforeEach(() => {
  workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-patterns-report-'));
  // Where SafeApp keeps its copy of the last good output (node_modules/.cache), so it goes with workdir.
  fs.mkdirSync(path.join(workdir, 'node_modules'));
});
afterEach(() => fs.rmSync(workdir, { recursive: true, force: true }));

/** `node -r tsx test/fixtures/<fixture>`, run on its own (no CLI) in an empty folder. */
function run(fixture: string, env: Record<string, string> = {}) {
  const { DEBUG, CDK8S_OUTDIR, ...inherited } = process.env;
  return spawnSync('sh', ['-c', appCommand(fixture)], { cwd: workdir, encoding: 'utf8', env: { ...inherited, ...env } });
}

test('a SafeApp of three statements prints only the report, one line per problem, and exits 1', () => {
  const result = run('synth-app.ts', { BREAK: '1', CHARTS: '2' });
  expect(result.status).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr).toBe([
    'Validation failed with the following errors:',
    '  [shop/web] replicas (-1) must be a whole number of pods; use 0 or more',
    '  [shop-staging/web] replicas (-1) must be a whole number of pods; use 0 or more',
    '',
  ].join('\n'));
  expect(fs.readdirSync(workdir)).toEqual(['node_modules']);
}, 60_000);

test('in an async main, the unhandled rejection prints the same report alone', () => {
  const result = run('async-app.ts');
  expect(result.status).toBe(1);
  expect(result.stderr).toBe([
    'Validation failed with the following errors:',
    '  [shop/web] replicas (-1) must be a whole number of pods; use 0 or more',
    '',
  ].join('\n'));
}, 60_000);

test('with DEBUG set, the report comes with its stack trace', () => {
  const result = run('synth-app.ts', { BREAK: '1', DEBUG: '1' });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('SynthError: Validation failed with the following errors:\n  [shop/web] replicas (-1) must be a whole number');
  expect(result.stderr).toMatch(/\n {4}at .*lib[/\\]app\.ts:\d+/);
}, 60_000);

test('a good SafeApp run on its own writes dist/ and prints nothing', () => {
  const result = run('synth-app.ts');
  expect(result.status).toBe(0);
  expect(result.stderr).toBe('');
  expect(fs.readdirSync(path.join(workdir, 'dist'))).toEqual(['shop.k8s.yaml']);
}, 60_000);

test('a plain cdk8s App gets each message once: the problems array is not printed with the error', () => {
  const result = run('plain-app.ts');
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('PropsError: [shop/web] replicas (-1) must be a whole number of pods; use 0 or more');
  expect(result.stderr).not.toContain('problems');
  expect(result.stderr.split('replicas (-1)')).toHaveLength(2);
}, 60_000);

test('PropsError keeps its problems, as a property that is not enumerable', () => {
  const problem: Problem = {
    source: 'props', rule: 'example', severity: 'error', constructPath: 'a', prop: 'x', value: 1, message: 'bad', fix: 'fix it',
    text: '[a] x (1) bad; fix it',
  };
  const error = new PropsError([problem]);
  expect(error.problems).toEqual([problem]);
  expect(Object.keys(error)).not.toContain('problems');
});
