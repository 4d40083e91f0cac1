/**
 * What `validateManifests` adds to one `cdk8s synth`, measured the way a synth pays it: in a
 * fresh process, cold (loading Ajv and the schemas, compiling the validators it needs).
 *
 *   npx ts-node --transpile-only bench/validation.ts [runs=9]
 *
 * The manifests (22 objects): the example restaurant app as synthesized
 * (test/fixtures/validation/example-app.yaml) plus the known-good app of the tests (good-app.yaml:
 * Deployment, Service, Ingress, HPA, PDB, Pod, VPA, Gateway, HTTPRoute...). The validator is
 * compiled with tsc into .bench/ first, so ts-node's own transpiling is not counted, and the
 * YAML is parsed before the clock starts (a synth has objects, not YAML). Budget: 300 ms.
 * Exits non-zero when the median exceeds it.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

interface Sample {
  readonly objects: number;
  readonly findings: number;
  readonly requireMs: number;
  readonly firstMs: number;
  readonly secondMs: number;
  /** CPU time (user + system) of require + first call: steadier than wall time on a busy machine. */
  readonly cpuMs: number;
}

const BUDGET_MS = 300;
const FIXTURES = ['example-app.yaml', 'good-app.yaml'];

/** Runs in a fresh process from the compiled copy under `root` (.bench/build). */
function child(root: string, fixtures: string): void {
  const manifests = FIXTURES.flatMap((file) =>
    parseAllDocuments(fs.readFileSync(path.join(fixtures, file), 'utf8')).map((d) => d.toJS()));
  const cpu = process.cpuUsage();
  let t = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the require itself is what this times, from the compiled copy
  const { validateManifests } = require(path.join(root, 'lib', 'validation')) as typeof import('../lib/validation');
  const requireMs = performance.now() - t;
  t = performance.now();
  const findings = validateManifests(manifests);
  const firstMs = performance.now() - t;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  t = performance.now();
  validateManifests(manifests);
  const secondMs = performance.now() - t;
  const sample: Sample = { objects: manifests.length, findings: findings.length, requireMs, firstMs, secondMs, cpuMs };
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
  const fixtures = path.join(repo, 'test', 'fixtures', 'validation');
  const runs = Number(process.argv[2] ?? 9);
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    const output = execFileSync(process.execPath, [path.join(out, 'bench', 'validation.js'), '--child', out, fixtures], { encoding: 'utf8' });
    samples.push(JSON.parse(output) as Sample);
  }
  const pick = (key: keyof Sample): number => median(samples.map((s) => s[key]));
  const added = samples.map((s) => s.requireMs + s.firstMs);
  const fmt = (n: number): string => `${n.toFixed(1)} ms`;
  process.stdout.write([
    `${samples[0].objects} objects, ${samples[0].findings} findings; median of ${runs} fresh processes`,
    `  require lib/validation (Ajv incl.): ${fmt(pick('requireMs'))}`,
    `  first validateManifests (cold):     ${fmt(pick('firstMs'))}`,
    `  second validateManifests (warm):    ${fmt(pick('secondMs'))}`,
    `  added to a synth (require + first): ${fmt(median(added))} (budget ${BUDGET_MS} ms; best ${fmt(Math.min(...added))}, worst `
      + `${fmt(Math.max(...added))})`,
    `  CPU time of require + first:        ${fmt(pick('cpuMs'))}`,
    '',
  ].join('\n'));
  if (median(added) > BUDGET_MS) process.exitCode = 1;
}

if (process.argv[2] === '--child') child(process.argv[3], process.argv[4]);
else main();
