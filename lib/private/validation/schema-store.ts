import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import type { DataValidateFunction, DataValidationCxt } from 'ajv/dist/types';
import type { KubernetesVersion } from '../../validation';
import { isSchema, JsonSchema, mapSchema } from './schema-walk';

/** The vendored schema file (under schemas/kubernetes) of each supported version. */
const SCHEMA_FILES: Record<KubernetesVersion, string> = { '1.27': 'v1.27.0', '1.35': 'v1.35.0' };

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const LAZY = 'x-cdk8s-lazy';
const FOLDED = 'x-cdk8s-folded';

export interface SchemaError extends ErrorObject {
  /** The schema node whose keyword failed (`properties` lists the known fields). */
  readonly node?: JsonSchema;
  /** The OpenAPI definition that node is, when it is the root of one. */
  readonly definition?: string;
}

export interface CompiledSchema {
  /** Validates against the schemas of `version`; returns the errors, or an empty list. */
  validate(object: unknown, version: KubernetesVersion): SchemaError[];
}

export interface KubernetesSchemas {
  readonly version: KubernetesVersion;
  /** `group/version/Kind` (core group: `/v1/Pod`) → definition name. */
  readonly byGvk: ReadonlyMap<string, string>;
  /** `group/Kind` → every apiVersion this version serves for it. */
  readonly apiVersionsByGroupKind: ReadonlyMap<string, string[]>;
  /** Groups this version serves at all, to tell a removed built-in API from a custom one. */
  readonly groups: ReadonlySet<string>;
  validatorFor(definition: string): CompiledSchema;
}

export interface CrdVersion {
  readonly file: string;
  readonly scope: string;
  readonly served: boolean;
  readonly deprecated?: boolean;
  readonly schema?: JsonSchema;
}

// The package root holds schemas/; lib/ sits one level deeper when run from source (ts-node,
// jest) and two levels deeper when run from build/.
let root: string | undefined;
function packageRoot(): string {
  if (root) return root;
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    if (fs.existsSync(path.join(dir, 'schemas', 'crds.json'))) return (root = dir);
    dir = path.dirname(dir);
  }
  throw new Error(`cdk8s-patterns: cannot find the vendored schemas/ directory above ${__dirname}`);
}

function readJson(relative: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(packageRoot(), relative), 'utf8'));
}

/*
 * Compile cost is what the synth-time budget is spent on, so nothing is compiled before data
 * reaches it. Every object schema (a definition, or an inline object of a CRD) becomes a
 * "unit", keyed by its content, and every reference to one is a lazy keyword. Eagerly
 * compiling a Deployment pulls in ~150 definitions (~170 ms per Kubernetes version); this way a
 * Deployment compiles the dozen it uses. Definition references name no version: they resolve
 * against `activeVersion`, set for the duration of one validate call, so a definition that is
 * identical in 1.27 and 1.35 (most are) is compiled once for both.
 */
const units: JsonSchema[] = [];
const unitByContent = new Map<string, number>();
const unitDefinition = new Map<number, string>();
const compiledUnits = new Map<number, ValidateFunction>();
let activeVersion: KubernetesVersion = '1.35';

interface TaggedError extends ErrorObject {
  unit?: number;
}

function registerUnit(node: JsonSchema): number {
  const key = JSON.stringify(node);
  let id = unitByContent.get(key);
  if (id === undefined) {
    id = units.length;
    units.push(node);
    unitByContent.set(key, id);
  }
  return id;
}

/**
 * Makes a vendored schema strict and lazy: `$ref` → lazy definition reference; objects with
 * `properties` reject unknown fields (kubeconform -strict; for CRDs this is what structural
 * pruning would silently drop) and become units; int-or-string and `oneOf` of plain types
 * become a type list, for one clear error instead of one per branch.
 */
function unitFor(schema: JsonSchema): number {
  const top = mapSchema(schema, (node) => {
    const out: JsonSchema = { ...node };
    if (typeof out.$ref === 'string') {
      out[LAZY] = `d:${out.$ref.replace('#/definitions/', '')}`;
      delete out.$ref;
    }
    for (const key of ['oneOf', 'anyOf']) {
      const branches = out[key];
      if (Array.isArray(branches) && branches.every((b) => isSchema(b) && Object.keys(b).length === 1 && typeof b.type === 'string')) {
        out.type = branches.map((b: JsonSchema) => b.type);
        delete out[key];
      }
    }
    if (out['x-kubernetes-int-or-string'] === true && out.type === undefined) {
      out.type = ['integer', 'string'];
    }
    if (!isSchema(out.properties)) return out;
    if (out.additionalProperties === undefined && out['x-kubernetes-preserve-unknown-fields'] !== true) {
      out.additionalProperties = false;
    }
    foldReferences(out);
    return { [LAZY]: `u:${registerUnit(out)}` };
  });
  const lazy = top[LAZY];
  return Object.keys(top).length === 1 && typeof lazy === 'string' && lazy.startsWith('u:')
    ? Number(lazy.slice(2))
    : registerUnit(top);
}

function lazyRef(schema: unknown): string | undefined {
  return isSchema(schema) && Object.keys(schema).length === 1 && typeof schema[LAZY] === 'string' ? schema[LAZY] : undefined;
}

/**
 * Moves the references of an object's properties (`x: Ref`, `x: Ref[]`, `x: {[k]: Ref}`) into
 * one FOLDED keyword. Ajv then generates one call for the object instead of a call plus
 * error-merging code per property, which roughly halves compile time for PodSpec or Container.
 */
function foldReferences(node: JsonSchema): void {
  const properties = { ...(node.properties as JsonSchema) };
  const folded: Record<string, string> = {};
  for (const [name, child] of Object.entries(properties)) {
    if (!isSchema(child)) continue;
    const direct = lazyRef(child);
    const item = lazyRef(child.items);
    const value = lazyRef(child.additionalProperties);
    if (direct) {
      folded[name] = direct;
      properties[name] = {};
    } else if (item) {
      folded[name] = `[]${item}`;
      const { items: _items, ...rest } = child;
      properties[name] = rest;
    } else if (value) {
      folded[name] = `{}${value}`;
      const { additionalProperties: _values, ...rest } = child;
      properties[name] = rest;
    }
  }
  if (Object.keys(folded).length > 0) {
    node.properties = properties;
    node[FOLDED] = folded;
  }
}

const definitionUnits = new Map<string, number>();

function definitionUnit(version: KubernetesVersion, name: string): number {
  const key = `${version}#${name}`;
  let id = definitionUnits.get(key);
  if (id === undefined) {
    const schema = kubernetesSchemas(version).definition(name);
    if (!schema) throw new Error(`cdk8s-patterns: the ${version} schema references a missing definition ${name}`);
    id = unitFor(schema);
    definitionUnits.set(key, id);
    if (!unitDefinition.has(id)) unitDefinition.set(id, name);
  }
  return id;
}

function compiledUnit(id: number): ValidateFunction {
  let fn = compiledUnits.get(id);
  if (!fn) {
    fn = ajv().compile(units[id]);
    compiledUnits.set(id, fn);
  }
  return fn;
}

function context(
  instancePath: string, parentData: unknown, parentDataProperty: string | number, rootData: unknown,
): DataValidationCxt {
  return { instancePath, parentData, parentDataProperty, rootData, dynamicAnchors: {} } as DataValidationCxt;
}

/** Validates `data` against a lazy reference (`d:Definition` or `u:unit`); undefined when valid. */
function runRef(ref: string, data: unknown, cxt: DataValidationCxt): ErrorObject[] | undefined {
  const unit = ref.startsWith('u:') ? Number(ref.slice(2)) : definitionUnit(activeVersion, ref.slice(2));
  const target = compiledUnit(unit);
  return target(data, cxt) ? undefined : tag(target.errors, unit);
}

/** Marks each error with the unit it came from (the innermost unit tags it first). */
function tag(errors: ErrorObject[] | null | undefined, unit: number): ErrorObject[] | undefined {
  if (!errors) return undefined;
  for (const e of errors as TaggedError[]) e.unit ??= unit;
  return errors;
}

let ajvInstance: Ajv | undefined;

function ajv(): Ajv {
  if (ajvInstance) return ajvInstance;
  const instance = new Ajv({
    strict: false, // vendored OpenAPI carries x-kubernetes-* keywords and formats Ajv does not know
    allErrors: true,
    messages: false, // findings build their own messages
    validateSchema: false,
    addUsedSchema: false,
    logger: false,
    code: { optimize: false, source: false, lines: false },
  });
  instance.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647 });
  instance.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  instance.addFormat('date-time', /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/);
  for (const format of ['byte', 'double', 'float', 'ipv4', 'ipv6', 'hostname', 'uri', 'email', 'password']) {
    instance.addFormat(format, true);
  }
  instance.addKeyword({
    keyword: LAZY,
    schemaType: 'string',
    errors: 'full',
    compile: (ref: string): DataValidateFunction => {
      const lazy: DataValidateFunction = (data, cxt) => {
        const errors = runRef(ref, data, cxt ?? context('', undefined, '', data));
        lazy.errors = errors;
        return errors === undefined;
      };
      return lazy;
    },
  });
  instance.addKeyword({
    keyword: FOLDED,
    schemaType: 'object',
    errors: 'full',
    compile: (folded: Record<string, string>): DataValidateFunction => {
      const entries = Object.entries(folded).map(([name, ref]) => ({
        name,
        pointer: `/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`,
        shape: ref.slice(0, 2),
        ref: ref.startsWith('[]') || ref.startsWith('{}') ? ref.slice(2) : ref,
      }));
      const folder: DataValidateFunction = (data, cxt) => {
        if (!isSchema(data)) return true; // `type: object` reports it
        const base = cxt ?? context('', undefined, '', data);
        let errors: ErrorObject[] | undefined;
        const run = (value: unknown, instancePath: string, parentData: unknown, parentDataProperty: string | number): void => {
          const found = runRef(ref, value, context(instancePath, parentData, parentDataProperty, base.rootData));
          if (found) errors = errors ? errors.concat(found) : found;
        };
        let ref = '';
        for (const entry of entries) {
          const value = data[entry.name];
          if (value === undefined) continue;
          ref = entry.ref;
          const path = base.instancePath + entry.pointer;
          if (entry.shape === '[]') {
            if (Array.isArray(value)) value.forEach((item, i) => run(item, `${path}/${i}`, value, i));
          } else if (entry.shape === '{}') {
            if (isSchema(value)) for (const [k, v] of Object.entries(value)) run(v, `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, value, k);
          } else {
            run(value, path, data, entry.name);
          }
        }
        folder.errors = errors;
        return errors === undefined;
      };
      return folder;
    },
  });
  return (ajvInstance = instance);
}

function compiledSchema(unitOf: (version: KubernetesVersion) => number): CompiledSchema {
  return {
    validate(object, version) {
      const previous = activeVersion;
      activeVersion = version;
      try {
        const unit = unitOf(version);
        const fn = compiledUnit(unit);
        if (fn(object)) return [];
        return (tag(fn.errors, unit) as TaggedError[]).map((e) => {
          const node = e.unit === undefined ? undefined : units[e.unit];
          const definition = e.unit === undefined ? undefined : unitDefinition.get(e.unit);
          return { ...e, node, definition };
        });
      } finally {
        activeVersion = previous;
      }
    },
  };
}

interface LoadedSchemas extends KubernetesSchemas {
  definition(name: string): JsonSchema | undefined;
}

const loaded = new Map<KubernetesVersion, LoadedSchemas>();

export function kubernetesSchemas(version: KubernetesVersion): LoadedSchemas {
  const cached = loaded.get(version);
  if (cached) return cached;
  const file = readJson(`schemas/kubernetes/${SCHEMA_FILES[version]}.json`) as { definitions: Record<string, JsonSchema> };
  const definitions = file.definitions;
  const byGvk = new Map<string, string>();
  const apiVersionsByGroupKind = new Map<string, string[]>();
  const groups = new Set<string>();
  for (const [name, def] of Object.entries(definitions)) {
    const gvks = def['x-kubernetes-group-version-kind'];
    // DeleteOptions, WatchEvent... list every group: they are not objects one applies.
    if (!Array.isArray(gvks) || gvks.length !== 1) continue;
    const { group, version: v, kind } = gvks[0] as { group: string; version: string; kind: string };
    byGvk.set(`${group}/${v}/${kind}`, name);
    groups.add(group);
    const list = apiVersionsByGroupKind.get(`${group}/${kind}`) ?? [];
    list.push(group ? `${group}/${v}` : v);
    apiVersionsByGroupKind.set(`${group}/${kind}`, list);
  }
  const schemas: LoadedSchemas = {
    version,
    byGvk,
    apiVersionsByGroupKind,
    groups,
    definition: (name) => definitions[name],
    validatorFor: (definition) => compiledSchema((v) => definitionUnit(v, definition)),
  };
  loaded.set(version, schemas);
  return schemas;
}

let crds: Record<string, CrdVersion> | undefined;

/** The CRDs vendored from crds/ (see schemas/vendor.ts), keyed by `group/version/Kind`. */
export function vendoredCrds(): Readonly<Record<string, CrdVersion>> {
  return (crds ??= readJson('schemas/crds.json') as Record<string, CrdVersion>);
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
    const properties = isSchema(schema.properties) ? schema.properties : {};
    const unit = unitFor({
      ...schema,
      properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, ...properties, metadata: { $ref: `#/definitions/${OBJECT_META}` } },
    });
    compiled = compiledSchema(() => unit);
    crdValidators.set(schema, compiled);
  }
  return compiled;
}
