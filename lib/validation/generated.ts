import * as fs from 'fs';
import type { JsonSchema } from './schema-walk';
import type { KubernetesVersion } from './types';
import { kindIndex, KubernetesKinds, kindTable, kubernetesSchemas, packagePath, readJson } from './vendored';

/*
 * The validators of the vendored schemas, generated at build time (scripts/build-validators.ts, `npm run
 * build:validators`) as Ajv standalone code, so that a synth compiles nothing and loads no Ajv for them.
 * Committed, like imports/k8s.ts: a fresh clone needs no build step; a test fails when they are stale.
 */
export const GENERATED_DIR = 'schemas/validators';
export const GENERATED_FILES = { tables: `${GENERATED_DIR}/tables.json`, code: `${GENERATED_DIR}/units.js`, units: `${GENERATED_DIR}/units.json` };

/** A definition's binding (see schema-store.ts): its unit, and the fields of that unit this version lacks with its own unit. */
export type GeneratedBinding = readonly [unit: number, absent?: readonly string[], own?: number];

export interface GeneratedTables {
  /** Units 0 to count - 1 are generated; a runtime compile (a CRD of the manifests) numbers its units from count on. */
  readonly count: number;
  readonly bindings: Readonly<Record<KubernetesVersion, Readonly<Record<string, GeneratedBinding>>>>;
  /** unit → the definition it is the root of (for messages). */
  readonly definitions: Readonly<Record<string, string>>;
  /** sha256 of a vendored CRD's openAPIV3Schema (as JSON) → its unit. */
  readonly crds: Readonly<Record<string, number>>;
  /** Each version's `group/version/Kind` → definition (see kindTable). */
  readonly kinds: Readonly<Record<KubernetesVersion, Readonly<Record<string, string>>>>;
  /** unit → where its factory's source is in units.js: [start, end) in bytes (the file is ASCII). */
  readonly code: readonly (readonly [start: number, end: number])[];
}

let tables: GeneratedTables | null | undefined;

/** The generated tables, or undefined when there are none (the build script itself, before it writes them). */
export function generatedTables(): GeneratedTables | undefined {
  if (tables === undefined) {
    tables = useGenerated && fs.existsSync(packagePath(GENERATED_FILES.tables)) ? readJson(GENERATED_FILES.tables) as GeneratedTables : null;
  }
  return tables ?? undefined;
}

type UnitFunction = ((data: unknown, cxt?: unknown) => boolean) & { errors?: unknown };

/**
 * The generated validate function of unit `id` (< count), made at each call; `runtime` is what its code calls back.
 * Only the unit's own source is read and compiled: a synth uses a few hundred of the 1200 units, and reading and
 * parsing all of units.js cost more than the rest of the first validation's set-up.
 */
export function generatedUnit(id: number, runtime: object): UnitFunction {
  const [start, end] = generatedTables()!.code[id];
  const file = packagePath(GENERATED_FILES.code);
  const source = Buffer.alloc(end - start);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, source, 0, source.length, start);
  } finally {
    fs.closeSync(fd);
  }
  // units.js defines `self` once for all of them (see scripts/build-validators.ts), and some units require Ajv's
  // runtime (`ajv/dist/runtime/ucs2length`): here both are parameters. `Function`, not `vm`: the code must belong to
  // the caller's realm (a test runner's sandbox), or a stack overflow in it throws a RangeError that `instanceof` there
  // does not recognise (schema.ts `safely`).
  const code = source.toString('latin1');
  if (!code.startsWith('function (rt) {')) {
    throw new Error(`cdk8s-patterns: ${GENERATED_FILES.code} does not match ${GENERATED_FILES.tables} (unit ${id}); run npm run build:validators`);
  }
  const make = new Function('self', 'require', `"use strict";return ${code};`) as (self: undefined, req: NodeRequire) => unknown;
  const factory = make(undefined, require);
  return (factory as (rt: object) => UnitFunction)(runtime);
}

const kinds = new Map<KubernetesVersion, KubernetesKinds>();

/** The kinds `version` serves: from the generated tables, so that no schema file is read for them. */
export function kubernetesKinds(version: KubernetesVersion): KubernetesKinds {
  let index = kinds.get(version);
  if (!index) {
    index = kindIndex(generatedTables()?.kinds[version] ?? kindTable(kubernetesSchemas(version).definitions));
    kinds.set(version, index);
  }
  return index;
}

let unitSchemas: JsonSchema[] | undefined;

/** The (strict, lazy) schema of generated unit `id`: read only to word an error. */
export function generatedUnitSchema(id: number): JsonSchema {
  return (unitSchemas ??= readJson(GENERATED_FILES.units) as JsonSchema[])[id];
}

let useGenerated = true;

/** Compile every schema at run time instead (the build script; a test comparing the two). Call before any validation. */
export function ignoreGenerated(): void {
  useGenerated = false;
  tables = undefined;
  kinds.clear();
}
