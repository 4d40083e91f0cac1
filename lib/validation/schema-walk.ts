/** A JSON Schema (OpenAPI v2/v3 flavour) node, as vendored: plain JSON. */
export interface JsonSchema {
  [keyword: string]: unknown;
}

export function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Keys whose values are themselves schemas. Walking only these (and not every nested object)
// matters: a `properties` map can hold a field literally named "description" or "type".
const SCHEMA_MAPS = ['properties', 'patternProperties', 'definitions'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf'];
const SCHEMA_SINGLES = ['additionalProperties', 'items', 'not'];

/**
 * Rebuilds a schema bottom-up: children first, then `fn` on the (copied) node.
 * The input is never mutated, so cached vendored definitions stay pristine.
 */
export function mapSchema(schema: JsonSchema, fn: (node: JsonSchema) => JsonSchema): JsonSchema {
  const out: JsonSchema = { ...schema };
  for (const key of SCHEMA_MAPS) {
    const map = out[key];
    if (isSchema(map)) {
      const mapped: JsonSchema = {};
      for (const [name, child] of Object.entries(map)) {
        mapped[name] = isSchema(child) ? mapSchema(child, fn) : child;
      }
      out[key] = mapped;
    }
  }
  for (const key of SCHEMA_LISTS) {
    const list = out[key];
    if (Array.isArray(list)) {
      out[key] = list.map((child) => (isSchema(child) ? mapSchema(child, fn) : child));
    }
  }
  for (const key of SCHEMA_SINGLES) {
    const child = out[key];
    if (isSchema(child)) {
      out[key] = mapSchema(child, fn);
    } else if (key === 'items' && Array.isArray(child)) {
      out[key] = child.map((c) => (isSchema(c) ? mapSchema(c, fn) : c));
    }
  }
  return fn(out);
}
