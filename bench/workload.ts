/**
 * The shared part of the in-process workloads (bench/library.ts, bench/cdk8s-plus.ts, bench/plain.ts):
 * what one web service is, and the child-process harness that builds, synthesizes and reports.
 *
 * A workload runs as `node .bench/build/bench/<variant>.js <N> <outdir> [--no-validate]` in a fresh
 * process (bench/run.ts starts it) and prints one JSON line: the phase times measured inside the
 * process, peak RSS, and what it wrote. Node start-up and exit are in the parent's wall time.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';

/** The numbers that vary between services, so no two objects are the same. */
export interface WebService {
  readonly name: string;
  readonly host: string;
  readonly image: string;
  readonly containerPort: number;
  readonly cpuMillis: number;
  readonly memoryMiB: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly cpuPercent: number;
}

export function service(i: number): WebService {
  const name = `web-${String(i).padStart(4, '0')}`;
  return {
    name,
    host: `${name}.apps.example.com`,
    image: `registry.example.com/shop/${name}:1.${i % 7}.0`,
    containerPort: 8080,
    cpuMillis: 100 + (i % 4) * 50,
    memoryMiB: 128 * (1 + (i % 2)),
    minReplicas: 2,
    maxReplicas: 10 + (i % 3) * 5,
    cpuPercent: 70,
  };
}

/** What a child reports; times in ms from `performance.timeOrigin` (the process start). */
export interface WorkloadSample {
  readonly n: number;
  /** Node start-up plus loading every module the workload imports. */
  readonly loadedMs: number;
  /** Constructs built (the chart's constructor code). */
  readonly builtMs: number;
  /** `app.synth()` done: construct validations (the manifest checks among them), YAML written. */
  readonly synthesizedMs: number;
  /**
   * Time spent inside `validateManifests` during the synth, when it ran and could be timed (the
   * tsc output; tsx's module exports cannot be wrapped). Not counted: loading the validator, which
   * lib/index does at import.
   */
  readonly validateMs?: number;
  readonly validateCalls?: number;
  readonly objects: number;
  readonly bytes: number;
  readonly files: number;
  /** Peak resident set size of the process, in bytes. */
  readonly maxRssBytes: number;
}

/**
 * Builds the workload into a new app writing to `outdir` and returns the app. `validate: false`
 * is `--no-validate`: the workload turns off the library's synth-time manifest checks.
 */
export type Build = (n: number, outdir: string, validate: boolean) => App;

/** An app (a plain cdk8s App unless `makeApp` says otherwise) with N web services in one chart, `services`, in namespace `shop`. */
export function oneChart(build: (chart: Chart, n: number) => void,
  makeApp: (outdir: string, validate: boolean) => App = (outdir) => new App({ outdir })): Build {
  return (n, outdir, validate) => {
    const app = makeApp(outdir, validate);
    build(new Chart(app, 'services', { namespace: 'shop' }), n);
    return app;
  };
}

/** Wraps `validateManifests` of an already loaded lib/validation, to time it inside the synth. */
function timeValidation(): { ms: number; calls: number } | undefined {
  const id = Object.keys(require.cache).find((k) => /[\\/]lib[\\/]validation[\\/]index\.(js|ts)$/.test(k));
  const exports = id ? require.cache[id]?.exports : undefined;
  if (!exports || typeof exports.validateManifests !== 'function') return undefined;
  const timing = { ms: 0, calls: 0 };
  const original = exports.validateManifests as (...args: unknown[]) => unknown;
  try {
    exports.validateManifests = (...args: unknown[]) => {
      const t = performance.now();
      try {
        return original(...args);
      } finally {
        timing.ms += performance.now() - t;
        timing.calls++;
      }
    };
  } catch {
    return undefined;
  }
  return exports.validateManifests === original ? undefined : timing;
}

export function runWorkload(build: Build): void {
  const loadedMs = performance.now();
  const [nArg, outdir] = process.argv.slice(2);
  const n = Number(nArg);
  if (!Number.isInteger(n) || n < 1 || !outdir) throw new Error('usage: <workload>.js N OUTDIR [--no-validate]');
  const app = build(n, outdir, !process.argv.includes('--no-validate'));
  const builtMs = performance.now();
  const timing = timeValidation();
  app.synth();
  const synthesizedMs = performance.now();
  const files = fs.readdirSync(outdir).map((f) => fs.readFileSync(path.join(outdir, f), 'utf8'));
  const sample: WorkloadSample = {
    n,
    loadedMs,
    builtMs,
    synthesizedMs,
    validateMs: timing && timing.calls > 0 ? timing.ms : undefined,
    validateCalls: timing?.calls,
    objects: files.reduce((sum, text) => sum + (text.match(/^---$/gm)?.length ?? 0) + 1, 0),
    bytes: files.reduce((sum, text) => sum + Buffer.byteLength(text), 0),
    files: files.length,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}
