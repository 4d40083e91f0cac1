import type * as YamlModule from 'yaml';

/**
 * cdk8s's own YAML options (node_modules/cdk8s/lib/yaml.js, `Yaml.stringify`, cdk8s 2.70): YAML 1.1,
 * so that PyYAML and older parsers read `yes`, `on` and `0755` as strings, and no line folding.
 */
const CDK8S_OPTIONS = { keepUndefined: true, lineWidth: 0, version: '1.1' } as const;

/**
 * The same bytes as cdk8s's `Yaml.stringify(...docs)` (documents joined by `---`), about ten times
 * faster: manifests are JSON, and for JSON the `yaml` package's output is a fixed layout that this
 * writes directly. Any value whose layout is not plainly that (a multi-line or non-ASCII string that
 * needs quotes, an object met twice, which `yaml` would alias) sends its whole document to `yaml`
 * itself, so the output never differs (test/yaml-writer.test.ts compares both on random documents).
 */
export function stringifyManifests(docs: readonly unknown[]): string {
  return docs.map((doc) => (doc === undefined ? '\n' : fastDocument(doc) ?? yaml().stringify(doc, CDK8S_OPTIONS))).join('---\n');
}

/** The `yaml` package, loaded by the first document that needs it (~70 ms of start-up that JSON manifests never need). */
function yaml(): typeof YamlModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose; stringifyManifests is synchronous, so no import()
  return require('yaml') as typeof YamlModule;
}

/** Thrown inside the fast writer when a value needs `yaml` itself. */
const FALLBACK = Symbol('fallback');

function fastDocument(doc: unknown): string | undefined {
  if (!isPlainObject(doc) && !Array.isArray(doc)) return undefined;
  try {
    const seen = new Set<object>();
    if (Array.isArray(doc) ? doc.length === 0 : Object.keys(doc).length === 0) return Array.isArray(doc) ? '[]\n' : '{}\n';
    // Pieces joined once per document: one flat string. Appending with `+=` made a rope of small strings per
    // document, which lived until the file was written and made each young-generation collection copy it (~0.1 s of
    // garbage collection for 4 000 objects).
    const out: string[] = [];
    if (Array.isArray(doc)) sequence(doc, '', '', seen, out);
    else mapping(doc, '', '', seen, out);
    return out.join('');
  } catch (e) {
    if (e === FALLBACK) return undefined;
    throw e;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A non-empty collection, which starts a block; undefined for a value written on the key's line. */
function block(value: unknown, seen: Set<object>): 'map' | 'seq' | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  // `yaml` writes an object met twice as an anchor and an alias.
  if (seen.has(value)) throw FALLBACK;
  seen.add(value);
  if (Array.isArray(value)) return value.length > 0 ? 'seq' : undefined;
  if (!isPlainObject(value)) throw FALLBACK;
  for (const _key in value) return 'map';
  return undefined;
}

// `first` starts the first line (`- ` of an enclosing sequence item); later lines start with `indent`.
function mapping(map: Record<string, unknown>, indent: string, first: string, seen: Set<object>, out: string[]): void {
  let start = first;
  for (const key of Object.keys(map)) {
    const value = map[key];
    // `yaml` writes keys longer than 1024 characters as explicit `? key` entries.
    if (key.length > 1024) throw FALLBACK;
    out.push(start, scalar(key));
    start = indent;
    const kind = block(value, seen);
    if (kind === 'map') {
      out.push(':\n');
      mapping(value as Record<string, unknown>, `${indent}  `, `${indent}  `, seen, out);
    } else if (kind === 'seq') {
      out.push(':\n');
      sequence(value as unknown[], `${indent}  `, `${indent}  `, seen, out);
    } else {
      out.push(': ', scalar(value), '\n');
    }
  }
}

function sequence(items: readonly unknown[], indent: string, first: string, seen: Set<object>, out: string[]): void {
  let start = first;
  for (const item of items) {
    const kind = block(item, seen);
    if (kind === 'map') mapping(item as Record<string, unknown>, `${indent}  `, `${start}- `, seen, out);
    else if (kind === 'seq') sequence(item as unknown[], `${indent}  `, `${start}- `, seen, out);
    else out.push(start, '- ', scalar(item), '\n');
    start = indent;
  }
}

function scalar(value: unknown): string {
  switch (typeof value) {
    case 'string': return string(value);
    case 'boolean': return value ? 'true' : 'false';
    case 'number': {
      // Integers and plain decimals; `yaml` has its own ways for -0, exponents, NaN and infinities.
      const text = String(value);
      if (Object.is(value, -0) || !/^-?\d+(\.\d+)?$/.test(text)) throw FALLBACK;
      return text;
    }
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return '[]';
      return '{}';
    case 'bigint': case 'function': case 'symbol': case 'undefined':
      throw FALLBACK;
  }
}

const strings = new Map<string, string>();

/** A string as `yaml` writes it on one line: plain, or quoted when plain would read as something else. */
function string(value: string): string {
  let written = strings.get(value);
  if (written === undefined) {
    written = writeString(value);
    // Keys and label values repeat across objects; a cap keeps a long-lived process from hoarding them.
    if (strings.size < 100_000) strings.set(value, written);
  }
  return written;
}

/**
 * The tests by which the YAML 1.1 schema reads a plain scalar as a non-string (`yes`, `0755`, `1:20`, `~`...):
 * the `test` of each default non-string tag of yaml 2.9's YAML 1.1 schema, the selection of yaml's plainString
 * (dist/stringify/stringifyString.js). Copied, so that writing JSON manifests does not load `yaml`;
 * test/yaml-writer.test.ts checks that they are still the installed yaml's own.
 */
export const YAML_11_OTHER_TYPES: readonly RegExp[] = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
  /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
  /^[-+]?0b[0-1_]+$/,
  /^[-+]?0[0-7_]+$/,
  /^[-+]?[0-9][0-9_]*$/,
  /^[-+]?0x[0-9a-fA-F_]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
  /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
  /^<<$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:t|T|[ \t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\.[0-9]+)?)(?:[ \t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$/,
];

function resolvesAsOtherType(value: string): boolean {
  return YAML_11_OTHER_TYPES.some((test) => test.test(value));
}

function writeString(value: string): string {
  // Printable ASCII only: no line breaks, no control characters, nothing `yaml` escapes or folds.
  // `<<` is YAML 1.1's merge key, and a document marker's quoting depends on the indent: `yaml` decides.
  if (!/^[\x20-\x7e]*$/.test(value) || value === '<<' || /^(---|\.\.\.)/.test(value)) throw FALLBACK;
  // yaml's plainString: what may not start, contain or end a plain scalar.
  const plain = value !== ''
    && !/^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/.test(value)
    && !resolvesAsOtherType(value);
  if (plain) return value;
  // yaml's quotedString: single quotes when the value has a double quote and no single one, else double.
  if (value.includes('"') && !value.includes("'")) return `'${value}'`;
  return JSON.stringify(value);
}
