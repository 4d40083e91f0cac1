import { Testing, Yaml } from 'cdk8s';
import { Document, parseAllDocuments } from 'yaml';
import { restaurantCharts } from '../main';
import { stringifyManifests, YAML_11_OTHER_TYPES } from '../lib/private/yaml-writer';

/** A small deterministic PRNG (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Strings that YAML reads as something else, or that need quotes or an escape, or a block.
const TRICKY = [
  '', ' ', 'yes', 'No', 'on', 'OFF', 'y', 'n', 'true', 'null', '~', 'NULL', '0', '8080', '0755', '0x1F', '0b101', '1_000', '1:20', '1:20.5',
  '1e3', '.5', '-.inf', '.NaN', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '<<', '-', '?', '- a', '? a', 'a: b', 'a:', 'a #b', '#a',
  'a#b', ' a', 'a ', '&a', '*a', '!a', '|a', '>a', "'a'", '"a"', 'a"b', "a'b", 'a"b\'c', '%a', '@a', '`a', ',a', '[a', ']a', '{a', '}a',
  '---', '--- a', '...', 'a\nb', 'a\n', '\na', 'a\tb', '\ta', 'a\\b', 'é', 'a\u0007', '\ud800', '100m', '25%', '/healthz', 'http',
  'registry.example.com/shop/web:1.0.0', 'sh -c "echo $(date) >> /var/log/x"', 'x'.repeat(1100),
];

function randomValue(next: () => number, depth: number): unknown {
  const r = next();
  if (depth > 4 || r < 0.45) {
    const s = next();
    if (s < 0.4) return TRICKY[Math.floor(next() * TRICKY.length)];
    if (s < 0.55) return `name-${Math.floor(next() * 1000)}`;
    if (s < 0.7) return Math.floor(next() * 2000) - 1000;
    if (s < 0.75) return [0.5, -0, 1e21, 1.5e-7, 3.25, Number.MAX_SAFE_INTEGER][Math.floor(next() * 6)];
    if (s < 0.85) return next() < 0.5;
    return null;
  }
  if (r < 0.7) return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
  const out: Record<string, unknown> = {};
  for (let i = Math.floor(next() * 5); i > 0; i--) {
    const key = next() < 0.8 ? `k${Math.floor(next() * 20)}` : TRICKY[Math.floor(next() * TRICKY.length)];
    out[key] = randomValue(next, depth + 1);
  }
  return out;
}

test('writes the bytes cdk8s writes, for 3000 random documents of tricky strings, numbers and nesting', () => {
  const next = random(13);
  const docs = Array.from({ length: 3000 }, () => randomValue(next, 0));
  const shared = { a: 1 };
  docs.push({ first: shared, second: shared }, [], {}, 'a scalar', 42, undefined, { nested: [[], {}, [[1]], [{}]] });
  for (const doc of docs) expect(stringifyManifests([doc])).toBe(Yaml.stringify(doc));
  expect(stringifyManifests(docs)).toBe(Yaml.stringify(...docs));
});

test('writes the example app byte for byte as cdk8s does, and the output parses back to the manifests', () => {
  const manifests = restaurantCharts(Testing.app()).flatMap((chart) => Testing.synth(chart));
  const written = stringifyManifests(manifests);
  expect(written).toBe(Yaml.stringify(...manifests));
  expect(parseAllDocuments(written, { version: '1.1' }).map((d) => d.toJS())).toEqual(manifests);
});

test('the copied YAML 1.1 scalar tests are the installed yaml\'s own, in its order', () => {
  interface ScalarTag { readonly default?: boolean | string; readonly tag: string; readonly test?: RegExp }
  const { tags, compat } = new Document(null, { version: '1.1' }).schema as unknown as { tags: ScalarTag[]; compat?: ScalarTag[] };
  // The selection of yaml's plainString (dist/stringify/stringifyString.js, yaml 2.9).
  const own = [...tags, ...compat ?? []].filter((t) => t.default && t.tag !== 'tag:yaml.org,2002:str' && t.test).map((t) => t.test!);
  expect(YAML_11_OTHER_TYPES.map(String)).toEqual(own.map(String));
});

test('writing JSON manifests does not load the yaml package', () => {
  jest.isolateModules(() => {
    jest.doMock('yaml', () => {
      throw new Error('yaml was loaded');
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh module registry where loading yaml throws
    const writer = require('../lib/private/yaml-writer') as typeof import('../lib/private/yaml-writer');
    expect(writer.stringifyManifests([{ apiVersion: 'v1', kind: 'ConfigMap', data: { on: 'yes', port: '8080' } }]))
      .toBe('apiVersion: v1\nkind: ConfigMap\ndata:\n  "on": "yes"\n  port: "8080"\n');
    expect(() => writer.stringifyManifests([{ text: 'two\nlines' }])).toThrow('yaml was loaded');
  });
  jest.dontMock('yaml');
});
