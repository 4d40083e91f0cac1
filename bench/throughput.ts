/**
 * `validateManifests` alone, in objects per second, on the output of N web services (the library
 * workload's objects, parsed from the YAML it writes), with the default window (both of its ends).
 *
 *   node .bench/build/bench/throughput.js N YAML-FILE      (bench/run.ts runs it as part `validator`)
 *
 * Prints one JSON line: the cold call (loading the validator, reading the schemas and compiling the
 * validators the objects need, as a synth pays it) and the median of three warm calls, in wall and
 * CPU time. CPU time moves less than wall time when the machine is shared.
 */
import * as fs from 'fs';
import { parseAllDocuments } from 'yaml';

export interface ThroughputSample {
  readonly objects: number;
  readonly findings: number;
  readonly coldMs: number;
  readonly coldCpuMs: number;
  readonly warmMs: number;
  readonly warmCpuMs: number;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

function main(): void {
  const file = process.argv[3];
  const manifests = parseAllDocuments(fs.readFileSync(file, 'utf8'), { version: '1.1' }).map((d) => d.toJS());
  let cpu = process.cpuUsage();
  let t = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- timed: the module's load time is part of the first call
  const { validateManifests } = require('../lib/validation') as typeof import('../lib/validation');
  const findings = validateManifests(manifests);
  const coldMs = performance.now() - t;
  const coldCpuMs = cpuMs(cpu);
  const warm: [number, number][] = [];
  for (let i = 0; i < 3; i++) {
    cpu = process.cpuUsage();
    t = performance.now();
    validateManifests(manifests);
    warm.push([performance.now() - t, cpuMs(cpu)]);
  }
  warm.sort((a, b) => a[0] - b[0]);
  const sample: ThroughputSample = {
    objects: manifests.length, findings: findings.length, coldMs, coldCpuMs, warmMs: warm[1][0], warmCpuMs: warm[1][1],
  };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

main();
