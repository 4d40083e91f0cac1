/**
 * Process-level measuring for bench/run.ts: every sample is one fresh process, so start-up,
 * module loading and peak memory are part of what is measured, and no run warms the next.
 */
import { spawnSync, SpawnSyncOptions } from 'child_process';
import * as os from 'os';

export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly samples: number[];
}

export function spread(samples: number[]): Spread {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], samples };
}

export interface Timed {
  readonly wallMs: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion and returns its wall time; throws with its output if it fails. */
export function timed(command: string, args: string[], options: SpawnSyncOptions = {}): Timed {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const stdout = String(result.stdout ?? '');
  const stderr = String(result.stderr ?? '');
  if (result.error || result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed `
      + `(${result.error?.message ?? `exit ${result.status}`}):\n${stderr.slice(-2000)}${stdout.slice(-2000)}`);
  }
  return { wallMs, stdout, stderr };
}

/** The 1-minute load average, and how many cores there are to share it. */
export function load(): { readonly loadavg1: number; readonly cpus: number } {
  return { loadavg1: Number(os.loadavg()[0].toFixed(2)), cpus: os.cpus().length };
}

export const ms = (value: number): string => (value >= 10000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`);
export const mb = (bytes: number): string => `${Math.round(bytes / 2 ** 20)} MB`;
export const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;

/** `median [min–max]`, with a unit formatter. */
export function show(s: Spread, unit: (n: number) => string = ms): string {
  return `${unit(s.median)} [${unit(s.min)}–${unit(s.max)}]`;
}

/** Left-aligned first column, right-aligned others. */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')).join('\n');
}
