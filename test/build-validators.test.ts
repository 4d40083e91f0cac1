/**
 * schemas/validators/ is generated (npm run build:validators) from the vendored schemas and the way
 * lib/validation/schema-store.ts turns them into units. These tests keep it up to date, and check that its code
 * finds exactly what compiling the schemas at run time finds.
 */
import * as fs from 'fs';
import * as path from 'path';
import { generatedValidators } from '../scripts/build-validators';
import type { validateManifests as ValidateManifests } from '../lib/validation';
import { goodApp, loadFixture } from './fixtures/validation';

const ROOT = path.join(__dirname, '..');

test('schemas/validators/ is exactly what npm run build:validators generates', () => {
  // This file's module registry is fresh: nothing has been validated (generatedValidators needs that).
  const generated = generatedValidators();
  expect(Object.keys(generated).sort()).toEqual(['schemas/validators/tables.json', 'schemas/validators/units.js', 'schemas/validators/units.json']);
  for (const [file, text] of Object.entries(generated)) {
    const committed = fs.readFileSync(path.join(ROOT, file), 'utf8');
    // Compared as a whole: a failing toEqual on megabytes would print all of it.
    expect({ file, length: text.length, same: text === committed }).toEqual({ file, length: committed.length, same: true });
  }
}, 300_000);

/** validateManifests of a fresh copy of the validator, with or without the generated code. */
function validator(generated: boolean): typeof ValidateManifests {
  let validate: typeof ValidateManifests | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a second, isolated copy of the module state
    if (!generated) (require('../lib/validation/generated') as typeof import('../lib/validation/generated')).ignoreGenerated();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- as above
    validate = (require('../lib/validation') as typeof import('../lib/validation')).validateManifests;
  });
  return validate!;
}

test('the generated code finds what a runtime compile finds, in every version, on broken manifests', () => {
  const [generated, compiled] = [validator(true), validator(false)];
  const broken = goodApp();
  // Something wrong in many places: unknown fields, wrong types, a missing required field, bad enums, nulls.
  const walk = (value: any, depth: number): void => {
    if (Array.isArray(value)) value.forEach((v) => walk(v, depth + 1));
    else if (value && typeof value === 'object') {
      const keys = Object.keys(value);
      keys.forEach((k, i) => {
        if (k === 'apiVersion' || k === 'kind') return;
        if (i % 3 === depth % 3 && typeof value[k] === 'string') value[k] = 7;
        else if (i % 5 === depth % 5 && typeof value[k] === 'number') value[k] = `${value[k]}`;
        else walk(value[k], depth + 1);
      });
      if (depth % 2 === 0) value.bogus = { nested: true };
      if (depth === 4) delete value[keys[0]];
    }
  };
  walk(broken, 0);
  const manifests = [...broken, ...loadFixture('example-app.yaml')];
  for (const kubernetesVersions of [undefined, ['1.27', '1.32', '1.35', '1.36'], ['1.27'], ['1.35', '1.36']] as const) {
    const options = kubernetesVersions ? { kubernetesVersions: [...kubernetesVersions] } : {};
    const expected = compiled(manifests, options);
    expect(expected.length).toBeGreaterThan(100);
    expect(generated(manifests, options)).toEqual(expected);
  }
}, 120_000);

test('tables.json locates each unit\'s factory in units.js, which the validator reads one unit at a time', () => {
  const tables = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas/validators/tables.json'), 'utf8')) as { count: number; code: [number, number][] };
  const code = fs.readFileSync(path.join(ROOT, 'schemas/validators/units.js'), 'latin1');
  expect(tables.code).toHaveLength(tables.count);
  const misplaced = tables.code
    .map(([start, end], id) => ({ id, source: code.slice(start, end) }))
    .filter(({ id, source }) => !source.startsWith('function (rt) {') || !source.endsWith(`return validate${id};}`));
  expect(misplaced.map(({ id }) => id)).toEqual([]);
});
