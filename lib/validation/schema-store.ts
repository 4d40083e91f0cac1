import type Ajv from 'ajv';
import type { ErrorObject, Format, ValidateFunction } from 'ajv';
import type { DataValidateFunction, DataValidationCxt } from 'ajv/dist/types';
import { createHash } from 'crypto';
import { GeneratedBinding, GeneratedTables, generatedTables, generatedUnit, generatedUnitSchema } from './generated';
import { isSchema, JsonSchema, mapSchema } from './schema-walk';
import { KUBERNETES_VERSIONS, KubernetesVersion } from './types';
import { kindTable, kubernetesSchemas, NEWEST_VERSION, vendoredCrds } from './vendored';

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const LAZY = 'x-cdk8s-lazy';
const FOLDED = 'x-cdk8s-folded';

export interface SchemaError extends ErrorObject {
  /** The schema node whose keyword failed (`properties` lists the known fields). */
  readonly node?: JsonSchema;
  /** The OpenAPI definition that node is, when it is the root of one. */
  readonly definition?: string;
  /** The versions (of those validated) whose schemas report this error; undefined: all of them. */
  readonly versions?: readonly KubernetesVersion[];
}

export interface CompiledSchema {
  /**
   * Validates against the schemas of each of `versions` in one pass: what their schemas have alike is checked
   * once. Returns the errors (each naming its versions when not all report it), or an empty list.
   */
  validate(object: unknown, versions: readonly KubernetesVersion[]): SchemaError[];
}

/*
 * Compile cost is what the synth-time budget is spent on, so nothing is compiled before data
 * reaches it. Every object schema (a definition, or an inline object of a CRD) and every
 * property schema becomes a "unit", keyed by its content, and every reference to one is a lazy
 * keyword. Eagerly compiling a Deployment pulls in ~150 definitions (~170 ms per Kubernetes
 * version); this way a Deployment compiles the few dozen small units its data reaches.
 * Definition references name no version: they resolve against `active`, the versions of one
 * validate call, so a definition that is identical in 1.27 and 1.35 (most are) is compiled once
 * for both, and checked once for both: a reference splits the pass by version only where the
 * versions bind it to different units (see runRef).
 */
const units: JsonSchema[] = [];
const unitByContent = new Map<string, number>();
const unitDefinition = new Map<number, string>();
const compiledUnits = new Map<number, ValidateFunction>();

/** Versions checked together, interned so that plans can be cached by identity. */
interface VersionSet {
  readonly list: readonly KubernetesVersion[];
}

const versionSets = new Map<string, VersionSet>();

function versionSet(list: readonly KubernetesVersion[]): VersionSet {
  const key = list.join(',');
  let set = versionSets.get(key);
  if (!set) {
    set = { list: [...list] };
    versionSets.set(key, set);
  }
  return set;
}

let active: VersionSet = versionSet([NEWEST_VERSION]);

interface TaggedError extends ErrorObject {
  /** The unit whose code reported the error, and the keyword's path in it (Ajv rewrites schemaPath). */
  unit?: number;
  unitPath?: string;
  /** The versions that report it, when the pass was split (the innermost split sets it); undefined: all. */
  versions?: readonly KubernetesVersion[];
  /**
   * The definition that `unit` was reached as, if any. Not the unit's: definitions alike (RollingUpdateDeployment,
   * RollingUpdateDaemonSet) share one unit.
   */
  refDefinition?: string;
}

function registerUnit(node: JsonSchema): number {
  const key = JSON.stringify(node);
  let id = unitByContent.get(key);
  if (id === undefined) {
    id = Math.max(units.length, generatedTables()?.count ?? 0);
    units[id] = node;
    unitByContent.set(key, id);
  }
  return id;
}

/**
 * A definition that is a plain value (Quantity, IntOrString, Time): inlined where it is used,
 * since a unit of its own would cost a compile and a call for one type check.
 */
function isPrimitive(schema: JsonSchema | undefined): schema is JsonSchema {
  return schema !== undefined && schema.properties === undefined && !JSON.stringify(schema).includes('"$ref"');
}

/**
 * Makes a vendored schema strict and lazy: `$ref` → lazy definition reference; objects with
 * `properties` reject unknown fields (kubeconform -strict; for CRDs this is what structural
 * pruning would silently drop) and become units; int-or-string and `oneOf` of plain types
 * become a type list, for one clear error instead of one per branch. `version` only picks the
 * primitive definitions to inline. (Compiling small objects with their parent instead was
 * measured slower: most go unused, but get compiled.)
 */
function unitFor(schema: JsonSchema, version: KubernetesVersion): number {
  const transform = (node: JsonSchema): JsonSchema => {
    let out: JsonSchema = { ...node };
    if (typeof out.$ref === 'string') {
      const name = out.$ref.replace('#/definitions/', '');
      delete out.$ref;
      const target = kubernetesSchemas(version).definitions[name];
      if (isPrimitive(target)) return mapSchema({ ...target, ...out }, transform);
      out[LAZY] = `d:${name}`;
    }
    for (const key of ['oneOf', 'anyOf']) {
      const branches = out[key];
      if (Array.isArray(branches) && branches.every((b) => isSchema(b) && Object.keys(b).length === 1 && typeof b.type === 'string')) {
        const { [key]: _branches, ...rest } = out;
        out = { ...rest, type: branches.map((b: JsonSchema) => b.type) };
      }
    }
    if (out['x-kubernetes-int-or-string'] === true && out.type === undefined) {
      out.type = ['integer', 'string'];
    }
    if (!isSchema(out.properties)) return out;
    if (out.additionalProperties === undefined && out['x-kubernetes-preserve-unknown-fields'] !== true) {
      out.additionalProperties = false;
    }
    foldProperties(out);
    return { [LAZY]: `u:${registerUnit(out)}` };
  };
  const top = mapSchema(schema, transform);
  const lazy = top[LAZY];
  return Object.keys(top).length === 1 && typeof lazy === 'string' && lazy.startsWith('u:')
    ? Number(lazy.slice(2))
    : registerUnit(top);
}

function lazyRef(schema: unknown): string | undefined {
  return isSchema(schema) && Object.keys(schema).length === 1 && typeof schema[LAZY] === 'string' ? schema[LAZY] : undefined;
}

/**
 * Moves the validation of every property into one FOLDED keyword that calls a separately
 * compiled unit per property: the property's own schema (`{type: string}`, an enum, an array
 * check...) and, for references, the referenced unit (`x: Ref`, `x: Ref[]`, `x: {[k]: Ref}`).
 * Property schemas repeat across definitions and are keyed by content, so each distinct one is
 * compiled once per process, and only when data has the property; an object's own unit is
 * left with its type, required fields and known-field list. Ajv's compile time grows with the
 * properties it generates code for (PodSpec has 40+, mostly unused), so this keeps it small.
 */
function foldProperties(node: JsonSchema): void {
  const properties: JsonSchema = {};
  const folded: Record<string, string[]> = {};
  for (const [name, child] of Object.entries(node.properties as JsonSchema)) {
    properties[name] = {};
    if (!isSchema(child) || Object.keys(child).length === 0) continue;
    const direct = lazyRef(child);
    const item = lazyRef(child.items);
    const value = lazyRef(child.additionalProperties);
    let own: JsonSchema = {};
    const refs: string[] = [];
    if (direct) {
      refs.push(direct);
    } else if (item) {
      const { items: _items, ...rest } = child;
      own = rest;
      refs.push(`[]${item}`);
    } else if (value) {
      const { additionalProperties: _values, ...rest } = child;
      own = rest;
      refs.push(`{}${value}`);
    } else {
      own = child;
    }
    if (Object.keys(own).length > 0) refs.unshift(`u:${registerUnit(own)}`);
    folded[name] = refs;
  }
  node.properties = properties;
  if (Object.keys(folded).length > 0) node[FOLDED] = folded;
}

/**
 * How a definition of one version is validated: by its own unit, or — when the newest version's
 * definition only adds fields to it (PodSpec, Container, SecurityContext... gained fields since
 * 1.27) — by the newest unit plus a check that none of the added fields is used. That compiles
 * one unit for both versions instead of two.
 */
interface Binding {
  readonly unit: number;
  /** Fields of the shared unit that this version does not have. */
  readonly absent?: readonly string[];
  /** This version's own (uncompiled) unit: named in messages about `absent` fields. */
  readonly own?: number;
}

const bindings = new Map<string, Binding>();

function binding(version: KubernetesVersion, name: string): Binding {
  const key = `${version}#${name}`;
  const cached = bindings.get(key);
  if (cached) return cached;
  const generated = generatedTables()?.bindings[version][name];
  if (generated) {
    const [unit, absent, own] = generated;
    const result: Binding = absent ? { unit, absent, own } : { unit };
    bindings.set(key, result);
    return result;
  }
  const schema = kubernetesSchemas(version).definitions[name];
  if (!schema) {
    // Only reachable through a field this version lacks (a shared newest unit descends into it, e.g. 1.27's
    // lifecycle.preStop.sleep): that field is reported as unknown by its parent, so check its value as the newest does.
    if (version === NEWEST_VERSION) throw new Error(`cdk8s-patterns: the ${version} schema references a missing definition ${name}`);
    const newest = binding(NEWEST_VERSION, name);
    bindings.set(key, newest);
    return newest;
  }
  const newest = version === NEWEST_VERSION ? undefined : kubernetesSchemas(NEWEST_VERSION).definitions[name];
  const added = newest ? addedFields(schema, newest) : undefined;
  const result: Binding = added?.length
    ? { unit: binding(NEWEST_VERSION, name).unit, absent: added, own: unitFor(schema, version) }
    : { unit: unitFor(schema, version) };
  for (const unit of [result.unit, result.own]) {
    if (unit !== undefined && !unitDefinition.has(unit)) unitDefinition.set(unit, name);
  }
  bindings.set(key, result);
  return result;
}

/** The fields `newer` adds to `older`, if it differs from it in nothing else; else undefined. */
function addedFields(older: JsonSchema, newer: JsonSchema): string[] | undefined {
  const { properties: oldProperties, ...oldRest } = older;
  const { properties: newProperties, ...newRest } = newer;
  if (!isSchema(oldProperties) || !isSchema(newProperties) || JSON.stringify(oldRest) !== JSON.stringify(newRest)) return undefined;
  for (const [field, schema] of Object.entries(oldProperties)) {
    if (JSON.stringify(schema) !== JSON.stringify(newProperties[field])) return undefined;
  }
  return Object.keys(newProperties).filter((field) => !(field in oldProperties));
}

function compiledUnit(id: number): ValidateFunction {
  let fn = compiledUnits.get(id);
  if (!fn) {
    fn = id < (generatedTables()?.count ?? 0) ? generatedUnit(id, GENERATED_RUNTIME) as ValidateFunction : ajv().compile(units[id]);
    compiledUnits.set(id, fn);
  }
  return fn;
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function context(
  instancePath: string, parentData: unknown, parentDataProperty: string | number, rootData: unknown,
): DataValidationCxt {
  return { instancePath, parentData, parentDataProperty, rootData, dynamicAnchors: {} } as DataValidationCxt;
}

/** The versions that bind a reference to one unit: checked by one run of it, then each version's absent fields. */
interface PlanGroup {
  readonly unit: number;
  /** undefined when the group is all the active versions (no split). */
  readonly versions?: VersionSet;
  readonly absent: readonly { readonly version: KubernetesVersion; readonly binding: Binding }[];
}

/**
 * A lazy reference (`d:Definition` or `u:unit`), parsed once where the keyword is compiled: a unit is
 * fixed, a definition's plan is worked out once per set of versions (this runs for every object and field).
 */
interface Ref {
  readonly fixed?: readonly PlanGroup[];
  readonly definition?: string;
  readonly plans: Map<VersionSet, readonly PlanGroup[]>;
}

function prepareRef(ref: string): Ref {
  return ref.startsWith('u:')
    ? { fixed: [{ unit: Number(ref.slice(2)), absent: [] }], plans: new Map() }
    : { definition: ref.slice(2), plans: new Map() };
}

/** Groups the active versions by the unit they bind a definition to, in version order. */
function plan(definition: string, versions: VersionSet): readonly PlanGroup[] {
  const byUnit = new Map<number, { version: KubernetesVersion; binding: Binding }[]>();
  for (const version of versions.list) {
    const bound = binding(version, definition);
    const list = byUnit.get(bound.unit) ?? [];
    list.push({ version, binding: bound });
    byUnit.set(bound.unit, list);
  }
  return [...byUnit].map(([unit, list]) => ({
    unit,
    versions: byUnit.size === 1 ? undefined : versionSet(list.map((b) => b.version)),
    absent: list.filter((b) => b.binding.absent),
  }));
}

/** Validates `data` against a lazy reference; undefined when valid. */
function runRef(ref: Ref, data: unknown, cxt: DataValidationCxt): ErrorObject[] | undefined {
  let groups = ref.fixed ?? ref.plans.get(active);
  if (!groups) {
    groups = plan(ref.definition!, active);
    ref.plans.set(active, groups);
  }
  if (groups.length === 1 && groups[0].absent.length === 0) {
    const target = compiledUnit(groups[0].unit);
    return target(data, cxt) ? undefined : tag(target.errors, groups[0].unit, ref.definition);
  }
  let errors: ErrorObject[] | undefined;
  for (const group of groups) {
    const found = group.versions ? runSplit(group.unit, group.versions, data, cxt, ref.definition) : runUnit(group.unit, data, cxt, ref.definition);
    if (found) errors = errors ? errors.concat(found) : found;
    if (!isSchema(data)) continue;
    for (const { version, binding: bound } of group.absent) {
      for (const field of bound.absent!) {
        if (data[field] === undefined) continue;
        const error: TaggedError = {
          instancePath: cxt.instancePath, schemaPath: '#/additionalProperties', keyword: 'additionalProperties',
          params: { additionalProperty: field }, unit: bound.own, unitPath: '#/additionalProperties', refDefinition: ref.definition,
          versions: active.list.length > 1 ? [version] : undefined,
        };
        errors = errors ? errors.concat(error) : [error];
      }
    }
  }
  return errors;
}

function runUnit(unit: number, data: unknown, cxt: DataValidationCxt, definition: string | undefined): ErrorObject[] | undefined {
  const target = compiledUnit(unit);
  return target(data, cxt) ? undefined : tag(target.errors, unit, definition);
}

/** Runs a unit for some of the active versions only, and marks what it finds with them. */
function runSplit(
  unit: number, versions: VersionSet, data: unknown, cxt: DataValidationCxt, definition: string | undefined,
): ErrorObject[] | undefined {
  const previous = active;
  active = versions;
  try {
    const errors = runUnit(unit, data, cxt, definition) as TaggedError[] | undefined;
    for (const e of errors ?? []) e.versions ??= versions.list;
    return errors;
  } finally {
    active = previous;
  }
}

/** Marks each error with the unit it came from (the innermost unit tags it first). */
function tag(errors: ErrorObject[] | null | undefined, unit: number, definition: string | undefined): ErrorObject[] | undefined {
  if (!errors) return undefined;
  for (const e of errors as TaggedError[]) {
    if (e.unit !== undefined) continue;
    e.unit = unit;
    e.unitPath = e.schemaPath;
    e.refDefinition = definition;
  }
  return errors;
}

/** The schema node whose keyword reported an error, and its definition's name if it is one. */
function origin(e: TaggedError): { node?: JsonSchema; definition?: string } {
  if (e.unit === undefined) return {};
  let node: unknown = units[e.unit] ?? generatedUnitSchema(e.unit);
  const segments = (e.unitPath ?? '#').split('/').slice(1, -1); // drop '#' and the keyword
  for (const segment of segments) node = isSchema(node) ? node[segment.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  if (!isSchema(node)) return {};
  if (segments.length > 0) return { node };
  return { node, definition: e.refDefinition ?? unitDefinition.get(e.unit) ?? generatedTables()?.definitions[e.unit] };
}

/** The formats of the vendored schemas; the generated code reads them from its runtime (`formats`). */
const FORMATS: Record<string, Format> = {
  'int32': { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647 },
  'int64': { type: 'number', validate: (n: number) => Number.isInteger(n) },
  'date-time': /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/,
  ...Object.fromEntries(['byte', 'double', 'float', 'ipv4', 'ipv6', 'hostname', 'uri', 'email', 'password'].map((f) => [f, true])),
};

/** `x-cdk8s-lazy`: validates with the unit a reference names (see runRef). */
function lazyKeyword(source: string): DataValidateFunction {
  const ref = prepareRef(source);
  const lazy: DataValidateFunction = (data, cxt) => {
    const errors = runRef(ref, data, cxt ?? context('', undefined, '', data));
    lazy.errors = errors;
    return errors === undefined;
  };
  return lazy;
}

/** `x-cdk8s-folded`: validates each present property with its own units (see foldProperties). */
function foldedKeyword(folded: Record<string, string[]>): DataValidateFunction {
  const entries = Object.entries(folded).flatMap(([name, refs]) => refs.map((ref) => ({
    name,
    pointer: `/${escapePointer(name)}`,
    shape: ref.slice(0, 2),
    ref: prepareRef(ref.startsWith('[]') || ref.startsWith('{}') ? ref.slice(2) : ref),
  })));
  const folder: DataValidateFunction = (data, cxt) => {
    if (!isSchema(data)) return true; // `type: object` reports it
    const rootData = (cxt ?? context('', undefined, '', data)).rootData;
    const base = cxt?.instancePath ?? '';
    let errors: ErrorObject[] | undefined;
    for (let e = 0; e < entries.length; e++) {
      const { name, pointer, shape, ref } = entries[e];
      const value = data[name];
      if (value === undefined) continue;
      const at = base + pointer;
      let found: ErrorObject[] | undefined;
      if (shape === '[]') {
        if (!Array.isArray(value)) continue;
        for (let i = 0; i < value.length; i++) {
          const more = runRef(ref, value[i], context(`${at}/${i}`, value, i, rootData));
          if (more) found = found ? found.concat(more) : more;
        }
      } else if (shape === '{}') {
        if (!isSchema(value)) continue;
        for (const k in value) {
          const more = runRef(ref, value[k], context(`${at}/${escapePointer(k)}`, value, k, rootData));
          if (more) found = found ? found.concat(more) : more;
        }
      } else {
        found = runRef(ref, value, context(at, data, name, rootData));
      }
      if (found) errors = errors ? errors.concat(found) : found;
    }
    folder.errors = errors;
    return errors === undefined;
  };
  return folder;
}

/**
 * Where the generated code of a custom keyword gets its function: the same keyword functions as a runtime compile,
 * made by the generated module's `rt` argument (set by scripts/build-validators.ts through `keywordCode`).
 */
const keywordSources = new WeakMap<DataValidateFunction, { kind: 'lazy' | 'folded'; schema: unknown }>();

/** Ajv with the validator's keywords and formats; `standalone` makes it keep the source of what it compiles. */
export function newAjv(standalone = false): Ajv {
  // Required here, not imported: importing the library (or the validator) must not load Ajv until a check needs it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose, see above
  const ajvModule = require('ajv') as typeof import('ajv');
  const instance = new ajvModule.default({
    strict: false, // vendored OpenAPI carries x-kubernetes-* keywords and formats Ajv does not know
    allErrors: true,
    messages: false, // findings build their own messages
    validateSchema: false,
    addUsedSchema: false,
    logger: false,
    formats: FORMATS,
    // Generated code is written once and loaded often: optimized; a runtime compile is paid at every synth: not.
    code: standalone
      ? { optimize: true, source: true, lines: false, formats: ajvModule._`rt.formats` }
      : { optimize: false, source: false, lines: false },
  });
  const keyword = (kind: 'lazy' | 'folded', make: (schema: any) => DataValidateFunction) => (schema: any): DataValidateFunction => {
    const fn = make(schema);
    if (standalone) keywordSources.set(fn, { kind, schema });
    return fn;
  };
  instance.addKeyword({ keyword: LAZY, schemaType: 'string', errors: 'full', compile: keyword('lazy', lazyKeyword) });
  instance.addKeyword({ keyword: FOLDED, schemaType: 'object', errors: 'full', compile: keyword('folded', foldedKeyword) });
  return instance;
}

/** The generated module's call that makes a keyword function (`rt.lazy("d:...")`), for a function `newAjv(true)` made. */
export function keywordCall(fn: unknown): string | undefined {
  const source = typeof fn === 'function' ? keywordSources.get(fn as DataValidateFunction) : undefined;
  return source && `rt.${source.kind}(${JSON.stringify(source.schema)})`;
}

/** What the generated module (schemas/validators/units.js) is given: the same keyword functions and formats. */
export const GENERATED_RUNTIME = { lazy: lazyKeyword, folded: foldedKeyword, formats: FORMATS };

let ajvInstance: Ajv | undefined;

function ajv(): Ajv {
  return (ajvInstance ??= newAjv());
}

function compiledSchema(source: string): CompiledSchema {
  const ref = prepareRef(source);
  return {
    validate(object, versions) {
      const previous = active;
      active = versionSet(versions);
      try {
        const errors = (runRef(ref, object, context('', undefined, '', object)) ?? []) as TaggedError[];
        return errors.map((e) => ({ ...e, ...origin(e) }));
      } finally {
        active = previous;
      }
    },
  };
}

const kubernetesValidators = new Map<string, CompiledSchema>();

/** The validator of a Kubernetes definition, e.g. `io.k8s.api.apps.v1.Deployment` (one object per definition). */
export function kubernetesValidator(definition: string): CompiledSchema {
  let compiled = kubernetesValidators.get(definition);
  if (!compiled) {
    compiled = compiledSchema(`d:${definition}`);
    kubernetesValidators.set(definition, compiled);
  }
  return compiled;
}

const crdValidators = new WeakMap<JsonSchema, CompiledSchema>();

/**
 * A CRD's openAPIV3Schema (cached per schema object). `apiVersion`, `kind` and `metadata` are
 * validated as the API server does for every object (metadata as ObjectMeta), whatever the
 * CRD says about them.
 */
export function crdValidator(schema: JsonSchema): CompiledSchema {
  let compiled = crdValidators.get(schema);
  if (!compiled) {
    const generated = generatedTables()?.crds[crdKey(schema)];
    compiled = compiledSchema(`u:${generated ?? crdUnit(schema)}`);
    crdValidators.set(schema, compiled);
  }
  return compiled;
}

function crdUnit(schema: JsonSchema): number {
  const properties = isSchema(schema.properties) ? schema.properties : {};
  return unitFor({
    ...schema,
    properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, ...properties, metadata: { $ref: `#/definitions/${OBJECT_META}` } },
  }, NEWEST_VERSION);
}

function crdKey(schema: JsonSchema): string {
  return createHash('sha256').update(JSON.stringify(schema)).digest('hex');
}

/**
 * Registers every unit of the vendored schemas, in a fixed order (each version's definitions by name, oldest version
 * first, then the vendored CRDs): what scripts/build-validators.ts generates code for. Needs `ignoreGenerated()` first.
 */
export function vendoredUnits(): { tables: Omit<GeneratedTables, 'code'>; units: readonly JsonSchema[] } {
  if (units.length > 0 || generatedTables()) throw new Error('vendoredUnits: call ignoreGenerated() first, before any validation');
  const byVersion: Record<string, Record<string, GeneratedBinding>> = {};
  for (const version of KUBERNETES_VERSIONS) {
    const table: Record<string, GeneratedBinding> = (byVersion[version] = {});
    for (const name of Object.keys(kubernetesSchemas(version).definitions).sort()) {
      const { unit, absent, own } = binding(version, name);
      table[name] = absent ? [unit, absent, own!] : [unit];
    }
  }
  const crds: Record<string, number> = {};
  const vendored = vendoredCrds();
  for (const key of Object.keys(vendored).sort()) {
    const schema = vendored[key].schema;
    if (schema) crds[crdKey(schema)] = crdUnit(schema);
  }
  return {
    tables: {
      count: units.length,
      bindings: byVersion as GeneratedTables['bindings'],
      definitions: Object.fromEntries([...unitDefinition].sort((a, b) => a[0] - b[0]).map(([unit, name]) => [String(unit), name])),
      crds,
      kinds: Object.fromEntries(KUBERNETES_VERSIONS.map((version) => [version, kindTable(kubernetesSchemas(version).definitions)])) as
        GeneratedTables['kinds'],
    },
    units,
  };
}
