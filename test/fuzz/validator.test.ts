/**
 * validateManifests on generated hostile input: whatever JSON it is given (arbitrary documents,
 * known kinds with arbitrary specs, the known-good app with one subtree replaced by arbitrary JSON,
 * keys such as "__proto__" included as own keys), it returns findings and never throws.
 */
import * as fc from 'fast-check';
import { Finding, validateManifests } from '../../lib/validation';
import { goodApp } from '../fixtures/validation';
import { fuzzParameters } from './config';

const KINDS: [string, string][] = [
  ['apps/v1', 'Deployment'], ['apps/v1', 'StatefulSet'], ['apps/v1', 'DaemonSet'], ['batch/v1', 'Job'], ['batch/v1', 'CronJob'],
  ['v1', 'Pod'], ['v1', 'Service'], ['v1', 'ReplicationController'], ['v1', 'Namespace'], ['v1', 'ConfigMap'],
  ['networking.k8s.io/v1', 'Ingress'], ['networking.k8s.io/v1', 'NetworkPolicy'], ['autoscaling/v2', 'HorizontalPodAutoscaler'],
  ['policy/v1', 'PodDisruptionBudget'], ['gateway.networking.k8s.io/v1', 'HTTPRoute'], ['apiextensions.k8s.io/v1', 'CustomResourceDefinition'],
];

// Keys that have tripped JavaScript code before, mixed into generated objects as own keys.
const trickyKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'length', '', 'spec', 'containers', 'ports', 'name');
const key = fc.oneof(fc.string({ maxLength: 8 }), trickyKey);
/** Arbitrary JSON, as JSON.parse would build it (so "__proto__" is an own key, not the prototype). */
const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, true, false, 0, -1, 1.5, 65536, 2 ** 31, '', '80', 'http', 'Always', '*', '/', 'a..b'),
    fc.string({ maxLength: 12 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(fc.tuple(key, tie('value')), { maxLength: 5 }).map((entries) => JSON.parse(`{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`)),
  ),
})).value;

if (process.env.FUZZ_RUNS) beforeAll(() => console.log(`fuzz (validator): seed ${fuzzParameters(80).seed}`));

function check(manifests: unknown[]): Finding[] {
  const findings = validateManifests(manifests as any[]);
  expect(Array.isArray(findings)).toBe(true);
  for (const f of findings) expect(typeof f.message).toBe('string');
  expect(({} as any).polluted).toBeUndefined();
  expect(Object.keys(Object.prototype)).toEqual([]);
  return findings;
}

test('arbitrary documents', () => {
  fc.assert(fc.property(fc.array(json, { maxLength: 4 }), (manifests) => { check(manifests); }), fuzzParameters(40));
});

test('known kinds with arbitrary metadata and spec', () => {
  const manifest = fc.record({ kind: fc.constantFrom(...KINDS), metadata: json, spec: json, extra: fc.option(fc.tuple(key, json)) })
    .map(({ kind: [apiVersion, kind], metadata, spec, extra }) => {
      const m: Record<string, unknown> = { apiVersion, kind, metadata, spec };
      if (extra) Object.defineProperty(m, extra[0], { value: extra[1], enumerable: true, writable: true, configurable: true });
      return m;
    });
  fc.assert(fc.property(fc.array(manifest, { minLength: 1, maxLength: 4 }), (manifests) => { check(manifests); }), fuzzParameters(60));
});

/** Every path to a value in the known-good app, to replace one of them. */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

test('the known-good app with one subtree replaced by arbitrary JSON', () => {
  const all = paths(goodApp()).filter((p) => p.length > 0);
  fc.assert(fc.property(fc.nat(all.length - 1), json, (index, replacement) => {
    const manifests = goodApp();
    const path = all[index];
    let node: any = manifests;
    for (const k of path.slice(0, -1)) node = node[k];
    Object.defineProperty(node, path[path.length - 1], { value: replacement, enumerable: true, writable: true, configurable: true });
    check(manifests);
  }), fuzzParameters(100));
});
