import * as fs from 'fs';
import type { JsonSchema } from './schema-walk';
import type { KubernetesVersion } from './types';
import { packagePath, readJson } from './vendored';

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
let factories: ((rt: object) => UnitFunction)[] | undefined;

/** The generated validate function of unit `id` (< count), made at each call; `runtime` is what its code calls back. */
export function generatedUnit(id: number, runtime: object): UnitFunction {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- generated JavaScript, found beside the schemas at run time
  factories ??= require(packagePath(GENERATED_FILES.code)) as (typeof factories & object);
  return factories[id](runtime);
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
}
