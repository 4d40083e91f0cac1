/**
 * What `validateManifests` adds to one `cdk8s synth`, measured the way a synth pays it: in a
 * fresh process, cold (loading Ajv and the schemas, compiling the validators it needs).
 *
 *   npx ts-node --transpile-only bench/validation.ts [runs=7]
 *
 * The manifests: the example restaurant app (main.ts) plus test/fixtures/validation/good-app.yaml
 * (which adds VPA, Gateway and HTTPRoute custom resources), ~23 objects. The code is compiled
 * with tsc into .bench/ first, so ts-node's own transpiling is not counted. Budget: 300 ms.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

interface Sample {
  readonly objects: number;
  readonly findings: number;
  readonly synthMs: number;
  readonly requireMs: number;
  readonly firstMs: number;
  readonly secondMs: number;
}

const BUDGET_MS = 300;

/** Runs in a fresh process from the compiled copy in `root` (.bench/build). */
function child(root: string): void {
  const { App } = require('cdk8s') as typeof import('cdk8s');
  const { parseAllDocuments } = require('yaml') as typeof import('yaml');
  let t = performance.now();
  const { RestaurantChart } = require(path.join(root, 'main')) as typeof import('../main');
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'bench-')) });
  new RestaurantChart(app, 'restaurant', { namespace: 'restaurant' });
  const restaurant = app.charts.flatMap((c) => c.toJson());
  const synthMs = performance.now() - t;
  const fixture = fs.readFileSync(path.resolve(root, '..', '..', 'test', 'fixtures', 'validation', 'good-app.yaml'), 'utf8');
  const manifests = [...restaurant, ...parseAllDocuments(fixture).map((d) => d.toJS())];

  t = performance.now();
  const { validateManifests } = require(path.join(root, 'lib', 'validation')) as typeof import('../lib/validation');
  const requireMs = performance.now() - t;
  t = performance.now();
  const findings = validateManifests(manifests);
  const firstMs = performance.now() - t;
  t = performance.now();
  validateManifests(manifests);
  const secondMs = performance.now() - t;
  const sample: Sample = { objects: manifests.length, findings: findings.length, synthMs, requireMs, firstMs, secondMs };
  process.stdout.write(JSON.stringify(sample));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function main(): void {
  const repo = path.resolve(__dirname, '..');
  const out = path.join(repo, '.bench', 'build');
  execFileSync(path.join(repo, 'node_modules', '.bin', 'tsc'), [
    '--outDir', out, '--rootDir', repo, '--module', 'commonjs', '--target', 'ES2020', '--esModuleInterop',
    '--resolveJsonModule', '--skipLibCheck', '--types', 'node', path.join(repo, 'bench', 'validation.ts'),
  ], { stdio: 'inherit' });
  const runs = Number(process.argv[2] ?? 7);
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    const output = execFileSync(process.execPath, [path.join(out, 'bench', 'validation.js'), '--child', out], { encoding: 'utf8' });
    samples.push(JSON.parse(output) as Sample);
  }
  const pick = (key: keyof Sample): number => median(samples.map((s) => s[key]));
  const added = median(samples.map((s) => s.requireMs + s.firstMs));
  const fmt = (n: number): string => `${n.toFixed(1)} ms`;
  process.stdout.write([
    `${samples[0].objects} objects, ${samples[0].findings} findings; median of ${runs} fresh processes`,
    `  synth of the example app:           ${fmt(pick('synthMs'))}`,
    `  require lib/validation (Ajv incl.): ${fmt(pick('requireMs'))}`,
    `  first validateManifests (cold):     ${fmt(pick('firstMs'))}`,
    `  second validateManifests (warm):    ${fmt(pick('secondMs'))}`,
    `  added to a synth (require + first): ${fmt(added)} (budget ${BUDGET_MS} ms, worst run ${fmt(Math.max(...samples.map((s) => s.requireMs + s.firstMs)))})`,
    '',
  ].join('\n'));
  if (added > BUDGET_MS) process.exitCode = 1;
}

if (process.argv[2] === '--child') child(process.argv[3]);
else main();
