/**
 * The shared part of the in-process workloads (bench/library.ts, bench/cdk8s-plus.ts, bench/plain.ts):
 * what one web service is, and the child-process harness that builds, synthesizes and reports.
 *
 * A workload runs as `node .bench/build/bench/<variant>.js <N> <outdir> [--validate]` in a fresh
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
  /** Validation done (equal to builtMs when not validating). */
  readonly validatedMs: number;
  /** YAML written (app.synth()). */
  readonly synthesizedMs: number;
  readonly objects: number;
  readonly findings?: number;
  readonly bytes: number;
  readonly files: number;
  /** Peak resident set size of the process, in bytes. */
  readonly maxRssBytes: number;
}

/** Builds the workload's constructs into `app`: N services in one chart, or the charts of an app. */
export type Build = (app: App, n: number) => Chart[];

/** Builds N web services into one chart, `services`, in namespace `shop`. */
export function oneChart(build: (chart: Chart, n: number) => void): Build {
  return (app, n) => {
    const chart = new Chart(app, 'services', { namespace: 'shop' });
    build(chart, n);
    return [chart];
  };
}

/**
 * With `--validate`, the manifests go through `validateManifests` before they are written. The
 * validator needs them before `app.synth()` writes them, so that phase includes one extra
 * `chart.toJson()` per chart.
 */
export function runWorkload(build: Build): void {
  const loadedMs = performance.now();
  const [nArg, outdir] = process.argv.slice(2);
  const n = Number(nArg);
  if (!Number.isInteger(n) || n < 1 || !outdir) throw new Error('usage: <workload>.js N OUTDIR [--validate]');
  const validate = process.argv.includes('--validate');
  const app = new App({ outdir });
  const charts = build(app, n);
  const builtMs = performance.now();
  let findings: number | undefined;
  if (validate) {
    // Loaded here, not at the top: the unvalidated run must not pay for the validator's modules.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { validateManifests } = require('../lib/validation') as typeof import('../lib/validation');
    findings = validateManifests(charts.flatMap((c) => c.toJson())).length;
  }
  const validatedMs = performance.now();
  app.synth();
  const synthesizedMs = performance.now();
  const files = fs.readdirSync(outdir).map((f) => fs.readFileSync(path.join(outdir, f), 'utf8'));
  const sample: WorkloadSample = {
    n,
    loadedMs,
    builtMs,
    validatedMs,
    synthesizedMs,
    objects: files.reduce((sum, text) => sum + (text.match(/^---$/gm)?.length ?? 0) + 1, 0),
    findings,
    bytes: files.reduce((sum, text) => sum + Buffer.byteLength(text), 0),
    files: files.length,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}
