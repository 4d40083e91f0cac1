import { ApiObject, ApiObjectMetadataDefinition, App, ImplicitTokenResolver, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import * as k8s from '../../imports/k8s';

/*
 * `object.toJson()` for the core L1 bindings (imports/k8s.ts), the same JSON, built in about a third of
 * the time. An L1's `toJson()` is cdk8s's `ApiObject.toJson()` (node_modules/cdk8s/lib/api-object.js,
 * 2.70: resolve every value through the app's resolvers, then sanitize: sort keys, drop null and
 * undefined), then the generated conversion of its props (`toJson_KubeDeploymentProps`). Resolving is
 * where the time goes: cdk8s makes a context object, runs three resolvers and copies the key path for
 * every value, then walks the tree again to sanitize it. `apiObjectJson` does both in one walk with the
 * same three rules, in the same order, and still runs the generated conversion, which renames
 * (`clusterIp` to `clusterIP`), unwraps IntOrString and Quantity, and drops fields the schema does not
 * have. Anything it does not handle exactly as cdk8s does goes to `object.toJson()`: JSON patches,
 * an app with resolvers of its own, `CDK8S_DISABLE_SORT`, a value cdk8s refuses to render, an error.
 * test/object-json.test.ts compares both on every object of the example and the benchmark workload.
 */

type Converter = (props: any) => Record<string, any> | undefined;

interface L1Class {
  readonly GVK: { readonly apiVersion: string; readonly kind: string };
}

let converters: Map<unknown, Converter> | undefined;

/** Each L1 class of imports/k8s.ts whose `toJson()` is the generated one, and its generated conversion. */
function converterOf(type: unknown): Converter | undefined {
  converters ??= new Map(Object.entries(k8s).flatMap(([name, value]) => {
    const convert = (k8s as Record<string, unknown>)[`toJson_${name}Props`];
    return typeof value === 'function' && typeof convert === 'function' && Object.prototype.hasOwnProperty.call(value.prototype, 'toJson')
      ? [[value, convert as Converter]] : [];
  }));
  return converters.get(type);
}

/** Thrown inside the walk when a value needs cdk8s's own `toJson()`. */
const FALLBACK = Symbol('fallback');

/** What `object.toJson()` returns. */
export function apiObjectJson(object: ApiObject): any {
  const type = object.constructor;
  const convert = converterOf(type);
  const { props, patches } = object as unknown as { props?: unknown; patches?: unknown };
  if (!convert || !Array.isArray(patches) || patches.length > 0 || !defaultResolvers(App.of(object)) || process.env.CDK8S_DISABLE_SORT) {
    return object.toJson();
  }
  let json: Record<string, unknown>;
  try {
    json = wire({ ...props as object, metadata: metadataJson(object.metadata) }) as Record<string, unknown>;
  } catch {
    // FALLBACK, or an error: cdk8s's own walk throws it with its own message, which names the object's path.
    return object.toJson();
  }
  // ApiObject.toJson() puts these three first; the conversion then writes apiVersion and kind first.
  const ordered: Record<string, unknown> = {};
  for (const key of ['apiVersion', 'kind', 'metadata', ...Object.keys(json)]) if (key in json) ordered[key] = json[key];
  return { ...(type as unknown as L1Class).GVK, ...convert(ordered) };
}

/**
 * `metadata.toJson()` (cdk8s lib/metadata.js, 2.70): the attributes it was made with, then name, namespace,
 * annotations, finalizers, owner references and labels, resolved and sanitized without empty arrays or objects.
 * cdk8s resolves them with its slow general walk, a fifth of the objects' JSON time. It reads fields that are
 * private in cdk8s's types; if they are not there as expected, cdk8s's own `toJson()` answers.
 */
function metadataJson(metadata: ApiObjectMetadataDefinition): unknown {
  const own = metadata as unknown as {
    _additionalAttributes?: unknown; labels?: unknown; annotations?: unknown; finalizers?: unknown; ownerReferences?: unknown;
  };
  const { _additionalAttributes: attributes, labels, annotations, finalizers, ownerReferences } = own;
  if (!isPlainObject(attributes) || !isPlainObject(labels) || !isPlainObject(annotations) || !Array.isArray(finalizers)
    || !Array.isArray(ownerReferences)) {
    return metadata.toJson();
  }
  return withoutEmpty(wire({ ...attributes, name: metadata.name, namespace: metadata.namespace, annotations, finalizers, ownerReferences, labels }));
}

function isPlainObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && (value as object).constructor === Object;
}

/** sanitizeValue's `filterEmptyArrays` and `filterEmptyObjects`, on a value `wire` has already sanitized. */
function withoutEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(withoutEmpty);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  let empty = true;
  for (const [key, item] of Object.entries(value)) {
    const kept = withoutEmpty(item);
    if (kept !== undefined) {
      out[key] = kept;
      empty = false;
    }
  }
  return empty ? undefined : out;
}

/** An app whose resolvers are cdk8s's defaults, in their order: `apiObjectJson` applies exactly those. */
function defaultResolvers(app: App): boolean {
  const r = app.resolvers;
  return r.length === 3 && r[0] instanceof LazyResolver && r[1] instanceof ImplicitTokenResolver && r[2] instanceof NumberStringUnionResolver;
}

/**
 * cdk8s's `sanitizeValue(resolve([], value), { sortKeys: true })` (lib/resolve.js, lib/_util.js) in one walk:
 * a `Lazy` is produced, a value with a `resolve()` method resolved, an IntOrString or Quantity (a class
 * instance with a string or number `value`) becomes `{ value }`, each in that order and again on the result;
 * objects get sorted keys without null or undefined values.
 */
function wire(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  const v = value as { resolve?: unknown; value?: unknown; constructor?: unknown };
  if (value instanceof Lazy) return wire(value.produce());
  if (typeof v.resolve === 'function') return wire((v.resolve as () => unknown).call(value));
  if (typeof value !== 'object') {
    // A function is returned as it is by resolve and by sanitize alike, and then nothing knows how to write it.
    if (typeof value === 'function') throw FALLBACK;
    return value;
  }
  if (Array.isArray(value)) return value.map(wire);
  if (v.constructor !== Object) {
    if (typeof v.value === 'number' || typeof v.value === 'string') return { value: v.value };
    // Any other class instance, or an object without a prototype: sanitize refuses it with cdk8s's message.
    throw FALLBACK;
  }
  // Resolved in the object's own order, as cdk8s does (a Lazy may have side effects), then sorted: copied once more
  // only when its keys were not in order already.
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  let sorted = true;
  let previous: string | undefined;
  for (const key of Object.keys(source)) {
    if (previous !== undefined && key < previous) sorted = false;
    previous = key;
    const item = wire(source[key]);
    if (item !== undefined) out[key] = item;
  }
  if (sorted) return out;
  const ordered: Record<string, unknown> = {};
  for (const key of Object.keys(out).sort()) ordered[key] = out[key];
  return ordered;
}
