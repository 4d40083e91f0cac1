/**
 * End-to-end measurements for bench/run.ts: `npx cdk8s synth` of the example app (as a user types
 * it, with the cdk8s.yaml of the repository) against the CLI floor (an app with one empty chart),
 * the app-command options for cdk8s.yaml, and what loading each module costs.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Spread, spread, timed } from './measure';

export interface CliRow {
  readonly label: string;
  readonly command: string;
  readonly cwd: string;
  readonly env?: Record<string, string>;
  readonly wallMs: Spread;
}

/*
 * cdk8s-cli checks npm for a newer version of itself on every command (cached for 30 min in
 * ~/.cdk8s-cli.version, but only once a check succeeded). Without network access the check fails
 * each time and costs a node process and a request (~150–250 ms here), so it is measured both ways.
 */
const NO_UPGRADE_CHECK = { CDK8S_CHECK_UPGRADE: 'false' };

/** Writes the floor app's own project (a cdk8s.yaml next to the compiled empty-app.js). */
function floorProject(buildDir: string): string {
  const dir = path.join(buildDir, '..', 'floor');
  fs.mkdirSync(dir, { recursive: true });
  const app = path.relative(dir, path.join(buildDir, 'bench', 'empty-app.js'));
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), `language: typescript\napp: node ${app}\noutput: dist\n`);
  return dir;
}

function cdk8sSynth(label: string, cwd: string, args: string[], runs: number, env: Record<string, string> = {}): CliRow {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    samples.push(timed('npx', ['cdk8s', 'synth', ...args], { cwd, env: { ...process.env, ...env } }).wallMs);
  }
  return { label, command: ['npx cdk8s synth', ...args.map((a) => (a.includes(' ') ? `"${a}"` : a))].join(' '), cwd, env, wallMs: spread(samples) };
}

/** The example app and the floor, interleaved run by run so that load changes hit both alike. */
export function synthRows(repo: string, buildDir: string, runs: number): CliRow[] {
  const floor = floorProject(buildDir);
  const cases: [string, string, Record<string, string>][] = [
    ['example app (npx cdk8s synth)', repo, {}],
    ['CLI floor (one empty chart)', floor, {}],
    ['example app, no upgrade check', repo, NO_UPGRADE_CHECK],
    ['CLI floor, no upgrade check', floor, NO_UPGRADE_CHECK],
  ];
  const samples = cases.map(() => [] as number[]);
  // One synth first, not counted: the app command's cache (a bundle of the app, or tsx's transpiles) is then as a
  // developer's second synth after an edit finds it.
  cdk8sSynth('', repo, [], 1, NO_UPGRADE_CHECK);
  for (let i = 0; i < runs; i++) {
    cases.forEach(([, cwd, env], c) => samples[c].push(cdk8sSynth('', cwd, [], 1, env).wallMs.samples[0]));
  }
  return cases.map(([label, cwd, env], c) => ({ label, command: 'npx cdk8s synth', cwd, env, wallMs: spread(samples[c]) }));
}

/** Candidate `app:` commands for cdk8s.yaml; those whose tool is not installed are skipped. */
export function runnerRows(repo: string, buildDir: string, runs: number): CliRow[] {
  const installed = (id: string): boolean => {
    try {
      require.resolve(id, { paths: [repo] });
      return true;
    } catch {
      return false;
    }
  };
  const precompiled = path.relative(repo, path.join(buildDir, 'main.js'));
  const candidates: [string, string, string | undefined, Record<string, string>?][] = [
    ['ts-node (type-checks: the cdk8s init default)', 'npx ts-node main.ts', 'ts-node'],
    ['ts-node --transpile-only', 'npx ts-node --transpile-only main.ts', 'ts-node'],
    ['node -r ts-node/register/transpile-only', 'node -r ts-node/register/transpile-only main.ts', 'ts-node'],
    ['ts-node --swc (@swc/core)', 'npx ts-node --swc main.ts', '@swc/core'],
    ['@swc-node/register', 'node -r @swc-node/register main.ts', '@swc-node/register'],
    ['tsx (CLI)', 'npx tsx main.ts', 'tsx'],
    ['node --import tsx', 'node --import tsx main.ts', 'tsx'],
    ['node -r tsx/cjs', 'node -r tsx/cjs main.ts', 'tsx'],
    // The chosen command: a cached esbuild bundle of the app (scripts/run-ts.js).
    ['node scripts/run-ts.js (cached bundle)', 'node scripts/run-ts.js main.ts', 'esbuild'],
    // A cache folder that cannot be made: every run bundles, as the first synth after an edit does.
    ['node scripts/run-ts.js, no cache (each run bundles)', 'node scripts/run-ts.js main.ts', 'esbuild', { RUN_TS_CACHE: '/dev/null/run-ts' }],
    // tsx caches each transpiled file by content; the first synth after a clone or an edit misses.
    ['node -r tsx/cjs, cold cache (TSX_DISABLE_CACHE=1)', 'node -r tsx/cjs main.ts', 'tsx', { TSX_DISABLE_CACHE: '1' }],
    ['precompiled JS (tsc output; goes stale, reference only)', `node ${precompiled}`, undefined],
  ];
  const out = path.join(buildDir, '..', 'runner-out');
  return candidates
    .filter(([, , tool]) => tool === undefined || installed(tool))
    .map(([label, app, , env]) => cdk8sSynth(label, repo, ['--app', app, '--output', out], runs, { ...NO_UPGRADE_CHECK, ...env }));
}

export interface RequireRow {
  readonly module: string;
  /** Time of `require(module)` in a fresh process that has loaded `after` first. */
  readonly ms: Spread;
  readonly after: string;
}

/** What each module adds to start-up, in compiled form, each measured on top of the previous ones. */
export function requireRows(repo: string, buildDir: string, runs: number): RequireRow[] {
  const lib = (file: string) => path.join(buildDir, file);
  const chain: [string, string][] = [
    ['cdk8s (+ constructs)', 'cdk8s'],
    ['imports/k8s (core L1, Kubernetes 1.32)', lib('imports/k8s.js')],
    ['imports/ (CRD bindings: VPA, Gateway API)', lib('imports/httproute-gateway.networking.k8s.io.js')],
    // lib/index re-exports the validator, so it is loaded first to be seen on its own.
    ['lib/validation (incl. ajv)', lib('lib/validation/index.js')],
    ['lib/ (the rest of lib/index)', lib('lib/index.js')],
  ];
  const script = `
    const ids = process.argv.slice(1); const out = [];
    for (const id of ids) { const t = performance.now(); require(id); out.push(performance.now() - t); }
    process.stdout.write(JSON.stringify(out));`;
  const samples = chain.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) {
    const times = JSON.parse(timed(process.execPath, ['-e', script, ...chain.map(([, id]) => id)], { cwd: repo }).stdout) as number[];
    times.forEach((t, j) => samples[j].push(t));
  }
  const full = ['whole cdk8s-plus-27 (for comparison, after cdk8s)', 'cdk8s-plus-27'] as const;
  const plus: number[] = [];
  for (let i = 0; i < runs; i++) {
    plus.push((JSON.parse(timed(process.execPath, ['-e', script, 'cdk8s', full[1]], { cwd: repo }).stdout) as number[])[1]);
  }
  return [
    ...chain.map(([module], j) => ({ module, ms: spread(samples[j]), after: j === 0 ? 'node start-up' : chain[j - 1][0] })),
    { module: full[0], ms: spread(plus), after: chain[0][0] },
  ];
}
