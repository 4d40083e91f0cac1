/**
 * `npm run bench`: the numbers behind the README's "Performance" section, in one run.
 *
 *   npm run bench                         # everything (~8 min on 2 cores)
 *   npm run bench -- --quick              # one run each of N = 100 and 1000, for a smoke test
 *   npm run bench -- --runs 7 --sizes 1000 --skip cli,runners
 *   npm run bench -- --only runners       # compare the candidate `app:` commands for cdk8s.yaml
 *
 * Parts: `example` (the example app with and without validation: what validation adds to a synth),
 * `synth` (in-process synth of N web services, three ways, each run a fresh `node` process of
 * the tsc output in .bench/build), `cli` (`npx cdk8s synth` of the example app against the CLI floor),
 * `validator` (`validateManifests` alone on the N = 1000 output, in objects/s; needs that size in the
 * synth part), `require` (what loading each module costs), and `runners` (the app-command options; not in the
 * default run). Prints medians with [min–max] and ratios; writes .bench/results-<git sha>.json.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliRow, requireRows, RequireRow, runnerRows, synthRows } from './cli';
import { load, mb, ms, ratio, show, Spread, spread, table, timed } from './measure';
import { parseAllDocuments } from 'yaml';
import { ThroughputSample } from './throughput';
import { WorkloadSample } from './workload';

const REPO = path.resolve(__dirname, '..');
const BUILD = path.join(REPO, '.bench', 'build');
const OUT = path.join(REPO, '.bench', 'out');

interface Variant {
  readonly name: string;
  readonly script: string;
  readonly args: string[];
  /** Run the TypeScript source through tsx, as the `app:` command of cdk8s.yaml does, instead of the tsc output. */
  readonly tsx?: boolean;
}

const VARIANTS: Variant[] = [
  { name: 'plain ApiObject (floor)', script: 'plain', args: [] },
  { name: 'cdk8s-plus-27 by hand', script: 'cdk8s-plus', args: [] },
  // The library's default: a SafeApp; each chart checks its manifests at synth, the app all of them.
  { name: 'cdk8s-patterns', script: 'library', args: [] },
  // A plain cdk8s App: the chart's own check, cdk8s's synth and YAML writer.
  { name: 'cdk8s-patterns, plain App', script: 'library', args: ['--app'] },
  { name: 'cdk8s-patterns, checks off', script: 'library', args: ['--app', '--no-validate'] },
];
const LIBRARY = 'cdk8s-patterns';
const LIBRARY_UNCHECKED = 'cdk8s-patterns, checks off';
/** The size whose plain output the `validator` part validates. */
const VALIDATOR_N = 1000;

interface ThroughputResult {
  readonly objects: number;
  readonly coldMs: Spread;
  readonly coldCpuMs: Spread;
  readonly warmMs: Spread;
  readonly warmCpuMs: Spread;
}

function throughputBench(runs: number): ThroughputResult | undefined {
  const input = path.join(REPO, '.bench', `validator-input-${VALIDATOR_N}.yaml`);
  if (!fs.existsSync(input)) return undefined;
  const samples: ThroughputSample[] = [];
  for (let i = 0; i < runs; i++) {
    const run = timed(process.execPath, [path.join(BUILD, 'bench', 'throughput.js'), String(VALIDATOR_N), input], { cwd: REPO });
    samples.push(JSON.parse(run.stdout.trim()) as ThroughputSample);
  }
  const pick = (f: (x: ThroughputSample) => number) => spread(samples.map(f));
  return { objects: samples[0].objects, coldMs: pick((x) => x.coldMs), coldCpuMs: pick((x) => x.coldCpuMs), warmMs: pick((x) => x.warmMs),
    warmCpuMs: pick((x) => x.warmCpuMs) };
}

function printThroughput(r: ThroughputResult): string[] {
  const rate = (ms: number): string => `${Math.round(r.objects / (ms / 1000)).toLocaleString('en-US')} objects/s`;
  return [`\nvalidateManifests alone on the N = ${VALIDATOR_N} output (${r.objects} objects, default window: both ends), `
    + `fresh process, median [min–max] of ${r.warmMs.samples.length}`,
    table([['call', 'wall', 'CPU', 'rate (wall)', 'rate (CPU)'],
      ['first (loads the validator, compiles)', show(r.coldMs), show(r.coldCpuMs), rate(r.coldMs.median), rate(r.coldCpuMs.median)],
      ['warm (median of 3 in the process)', show(r.warmMs), show(r.warmCpuMs), rate(r.warmMs.median), rate(r.warmCpuMs.median)]])];
}

interface SynthResult {
  readonly variant: string;
  readonly n: number;
  readonly wallMs: Spread;
  readonly loadMs: Spread;
  readonly buildMs: Spread;
  /** Inside validateManifests, when timed (see WorkloadSample.validateMs). */
  readonly validateMs?: Spread;
  readonly validateCalls?: number;
  /** The rest of app.synth(): construct validations, resolving, YAML. */
  readonly synthMs: Spread;
  readonly maxRssBytes: Spread;
  readonly bytes: number;
  readonly objects: number;
  readonly outputSha256: string;
  /** The written objects as parsed (YAML 1.1), hashed: equal across variants that write the same objects. */
  readonly objectsSha256: string;
  /** `kind/namespace/name` of every written object, sorted and hashed: what the cdk8s-plus variant must match. */
  readonly identitiesSha256: string;
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function compile(): void {
  // tsc writes its JS even when another engineer's unfinished file has a type error; say so, go on.
  const result = spawnSync(path.join(REPO, 'node_modules', '.bin', 'tsc'), ['-p', path.join(REPO, 'bench', 'tsconfig.json')], { encoding: 'utf8' });
  if (result.status !== 0) {
    const errors = result.stdout.split('\n').filter((l) => l.includes('error TS'));
    if (!fs.existsSync(path.join(BUILD, 'bench', 'library.js'))) throw new Error(result.stdout);
    process.stderr.write(`note: tsc reported ${errors.length} type error(s), JS emitted anyway:\n${errors.slice(0, 5).join('\n')}\n`);
  }
}

/** The objects under `dir` as parsed, and their identities, each hashed. */
function objectsOfDir(dir: string): { objects: string; identities: string } {
  const docs = fs.readdirSync(dir).sort()
    .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf8'), { version: '1.1' }).map((d) => d.toJS()));
  const hash = (value: unknown) => crypto.createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
  return { objects: hash(docs), identities: hash(docs.map((d) => `${d.kind}/${d.metadata?.namespace}/${d.metadata?.name}`).sort()) };
}

function sha256OfDir(dir: string): string {
  const hash = crypto.createHash('sha256');
  for (const f of fs.readdirSync(dir).sort()) hash.update(f).update(fs.readFileSync(path.join(dir, f)));
  return hash.digest('hex').slice(0, 16);
}

const EXAMPLE: Variant[] = [
  { name: 'example, checks off', script: 'example', args: ['--no-validate'] },
  { name: 'example, chart checks only', script: 'example', args: ['--chart-checks-only'] },
  { name: 'example, as main.ts (chart + app checks)', script: 'example', args: [] },
  { name: 'example, checks off (tsx)', script: 'example', args: ['--no-validate'], tsx: true },
  { name: 'example, as main.ts (tsx)', script: 'example', args: [], tsx: true },
];

function synthBench(variants: Variant[], sizes: number[], runsFor: (n: number) => number): SynthResult[] {
  const results: SynthResult[] = [];
  for (const n of sizes) {
    const samples = variants.map(() => [] as (WorkloadSample & { wallMs: number })[]);
    const shas = variants.map(() => '');
    const parsed = variants.map(() => ({ objects: '', identities: '' }));
    // Variants take turns within each repetition, so a change of machine load hits all of them alike.
    for (let rep = 0; rep < runsFor(n); rep++) {
      variants.forEach((v, i) => {
        const outdir = path.join(OUT, `${v.script}${v.args.join('')}-${n}`);
        fs.rmSync(outdir, { recursive: true, force: true });
        const script = v.tsx ? ['-r', 'tsx/cjs', path.join(REPO, 'bench', `${v.script}.ts`)] : [path.join(BUILD, 'bench', `${v.script}.js`)];
        const run = timed(process.execPath, [...script, String(n), outdir, ...v.args], { cwd: REPO });
        samples[i].push({ ...(JSON.parse(run.stdout.trim().split('\n').pop()!) as WorkloadSample), wallMs: run.wallMs });
        shas[i] = sha256OfDir(outdir);
        // Parsing costs seconds at N = 3000: once per variant and size is enough to compare what they wrote.
        if (rep === 0) parsed[i] = objectsOfDir(outdir);
        if (rep === 0 && v.script === 'plain' && n === VALIDATOR_N) {
          fs.copyFileSync(path.join(outdir, fs.readdirSync(outdir)[0]), path.join(path.dirname(OUT), `validator-input-${n}.yaml`));
        }
        fs.rmSync(outdir, { recursive: true, force: true });
      });
      process.stderr.write('.');
    }
    variants.forEach((v, i) => {
      const s = samples[i];
      const pick = (f: (x: WorkloadSample & { wallMs: number }) => number) => spread(s.map(f));
      results.push({
        variant: v.name,
        n,
        wallMs: pick((x) => x.wallMs),
        loadMs: pick((x) => x.loadedMs),
        buildMs: pick((x) => x.builtMs - x.loadedMs),
        validateMs: s.every((x) => x.validateMs !== undefined) ? pick((x) => x.validateMs!) : undefined,
        validateCalls: s[0].validateCalls,
        synthMs: pick((x) => x.synthesizedMs - x.builtMs - (x.validateMs ?? 0)),
        maxRssBytes: pick((x) => x.maxRssBytes),
        bytes: s[0].bytes,
        objects: s[0].objects,
        outputSha256: shas[i],
        objectsSha256: parsed[i].objects,
        identitiesSha256: parsed[i].identities,
      });
    });
  }
  process.stderr.write('\n');
  return results;
}

function phaseTable(rows: SynthResult[]): string {
  return table([
    ['variant', 'wall', 'load', 'build', 'validateManifests', 'rest of synth', 'peak RSS', 'bytes'],
    ...rows.map((r) => [r.variant, show(r.wallMs), ms(r.loadMs.median), ms(r.buildMs.median),
      r.validateMs ? `${ms(r.validateMs.median)} (${r.validateCalls}×)` : '–', ms(r.synthMs.median), show(r.maxRssBytes, mb), String(r.bytes)]),
  ]);
}

function printExample(results: SynthResult[]): string[] {
  const added = (off: SynthResult, on: SynthResult): string => {
    const extra = on.wallMs.median - off.wallMs.median;
    return `${ms(extra)} (budget 300 ms: ${extra <= 300 ? 'met' : `MISSED by ${ms(extra - 300)}`})`;
  };
  const [off, chartOnly, main, offTsx, mainTsx] = results;
  return [`\nThe example app (main.ts, ${off.objects} objects), built, checked and published in a fresh process, median [min–max] of `
    + `${off.wallMs.samples.length}`,
    phaseTable(results),
    `  checks add, tsc output: ${added(off, main)}; the charts' own checks alone: ${ms(chartOnly.wallMs.median - off.wallMs.median)}`,
    ...(mainTsx ? [`  checks add under tsx (as cdk8s synth runs the app): ${added(offTsx, mainTsx)}`] : [])];
}

function printSynth(results: SynthResult[], sizes: number[]): string[] {
  const lines: string[] = [];
  for (const n of sizes) {
    const rows = results.filter((r) => r.n === n);
    lines.push(`\nIn-process synth of N = ${n} web services (${rows[0].objects} objects), fresh process per run, median [min–max] of `
      + `${rows[0].wallMs.samples.length}`);
    lines.push(phaseTable(rows));
    const lib = rows.find((r) => r.variant === LIBRARY)!;
    const unchecked = rows.find((r) => r.variant === LIBRARY_UNCHECKED)!;
    const plus = rows.find((r) => r.variant === 'cdk8s-plus-27 by hand')!;
    const plain = rows.find((r) => r.variant === 'plain ApiObject (floor)')!;
    const same = lib.outputSha256 === plain.outputSha256 && unchecked.outputSha256 === plain.outputSha256;
    // Every variant must write the same objects: byte for byte is not required (a writer may quote differently).
    const equivalent = rows.every((r) => (r === plus
      ? r.identitiesSha256 === plain.identitiesSha256
      : r.objectsSha256 === plain.objectsSha256));
    if (!equivalent) process.exitCode = 1;
    lines.push(`  cdk8s-patterns / cdk8s-plus-27: ${ratio(lib.wallMs.median, plus.wallMs.median)} wall, `
      + `${ratio(lib.maxRssBytes.median, plus.maxRssBytes.median)} RSS`
      + ` (checks off: ${ratio(unchecked.wallMs.median, plus.wallMs.median)} wall) · / plain: ${ratio(lib.wallMs.median, plain.wallMs.median)} wall`
      + ` · the checks add ${ms(lib.wallMs.median - unchecked.wallMs.median)} · library output ${same ? '==' : '!='} plain output (bytes)`);
    lines.push(`  objects written: `
      + (equivalent
        ? 'the same in every variant (cdk8s-plus-27: the same kinds, namespaces and names)'
        : 'DIFFER between variants: see objectsSha256 in the JSON'));
  }
  if (sizes.includes(1000) && sizes.includes(3000)) {
    lines.push('\nGrowth N = 3000 / N = 1000 (target ≤ 3.1× in time and in peak RSS)');
    for (const v of VARIANTS) {
      const [a, b] = [1000, 3000].map((n) => results.find((r) => r.n === n && r.variant === v.name)!);
      lines.push(`  ${v.name.padEnd(36)} wall ${ratio(b.wallMs.median, a.wallMs.median)}  RSS ${ratio(b.maxRssBytes.median, a.maxRssBytes.median)}`);
    }
  }
  return lines;
}

function printCli(title: string, rows: CliRow[]): string[] {
  return [`\n${title}, median [min–max] of ${rows[0]?.wallMs.samples.length ?? 0}`,
    table([['', 'wall'], ...rows.map((r) => [r.label, show(r.wallMs)])])];
}

function printRequire(rows: RequireRow[]): string[] {
  return ['\nModule load cost (compiled JS, fresh process, each on top of the previous row), median [min–max]',
    table([['module', 'require'], ...rows.map((r) => [r.module, show(r.ms)])])];
}

function main(): void {
  const quick = process.argv.includes('--quick');
  const sizes = (option('sizes') ?? (quick ? '100,1000' : '100,1000,3000')).split(',').map(Number);
  const runsOption = option('runs');
  const runsFor = (n: number): number => (runsOption ? Number(runsOption) : quick ? 1 : n >= 3000 ? 3 : 5);
  const only = option('only')?.split(',');
  const skip = option('skip')?.split(',') ?? [];
  const wanted = (part: string): boolean => (only ? only.includes(part) : part !== 'runners' && !skip.includes(part));
  const before = load();
  const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
  const dirty = execFileSync('git', ['status', '--porcelain', '--', 'lib', 'main.ts', 'imports', 'package.json', 'cdk8s.yaml'],
    { cwd: REPO, encoding: 'utf8' }).trim() !== '';
  const lines = [`cdk8s-patterns bench @ ${sha}${dirty ? ' (uncommitted changes)' : ''} · node ${process.version} · ${before.cpus} cores · load `
    + `${before.loadavg1} at start`];
  process.stderr.write('compiling lib/, main.ts and bench/ with tsc into .bench/build ...\n');
  compile();

  const json: Record<string, unknown> = { sha, dirty, node: process.version, cpus: before.cpus, cpuModel: os.cpus()[0]?.model,
    date: new Date().toISOString(), loadAtStart: before.loadavg1 };
  if (wanted('example')) {
    const results = synthBench(EXAMPLE, [1], () => (runsOption ? Number(runsOption) : quick ? 1 : 9));
    json.example = results;
    lines.push(...printExample(results));
  }
  if (wanted('synth')) {
    const results = synthBench(VARIANTS, sizes, runsFor);
    json.synth = results;
    lines.push(...printSynth(results, sizes));
  }
  if (wanted('validator')) {
    const result = throughputBench(runsOption ? Number(runsOption) : quick ? 1 : 5);
    json.validator = result;
    const missing = `\n(validator: no N = ${VALIDATOR_N} output to validate; run the synth part with that size)`;
    lines.push(...(result ? printThroughput(result) : [missing]));
  }
  if (wanted('cli')) {
    const rows = synthRows(REPO, BUILD, runsOption ? Number(runsOption) : quick ? 1 : 7);
    json.cli = rows;
    lines.push(...printCli('End-to-end `npx cdk8s synth` (app command from cdk8s.yaml)', rows));
    lines.push(`  example − floor: ${ms(rows[0].wallMs.median - rows[1].wallMs.median)} (with upgrade check), `
      + `${ms(rows[2].wallMs.median - rows[3].wallMs.median)} (without)`);
  }
  if (wanted('require')) {
    const rows = requireRows(REPO, BUILD, runsOption ? Number(runsOption) : quick ? 1 : 7);
    json.require = rows;
    lines.push(...printRequire(rows));
  }
  if (wanted('runners')) {
    const rows = runnerRows(REPO, BUILD, runsOption ? Number(runsOption) : quick ? 1 : 5);
    json.runners = rows;
    lines.push(...printCli('`cdk8s synth --app <command>` of the example app, by app command (no upgrade check)', rows));
  }
  const after = load();
  json.loadAtEnd = after.loadavg1;
  lines.push(`\nload ${before.loadavg1} at start, ${after.loadavg1} at end (1-min average, ${after.cpus} cores)`);
  const file = path.join(REPO, '.bench', `results-${sha}${dirty ? '-dirty' : ''}.json`);
  fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  lines.push(`wrote ${path.relative(REPO, file)}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
