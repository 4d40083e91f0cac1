/**
 * Regenerates the schema data the manifest validator reads at run time.
 *
 *   npx ts-node --transpile-only schemas/vendor.ts <dir holding the v<version>.json files listed below>
 *
 * Kubernetes: the cdk8s project's JSON-schema conversion of the upstream OpenAPI spec
 * (one `definitions` object per version). CRDs: every CustomResourceDefinition in crds/.
 * Both are trimmed of what validation never reads (descriptions, patch strategies, CEL rules)
 * so that a cold `validateManifests` parses ~0.3 MB instead of ~3 MB; the CRDs are converted
 * from YAML once here because parsing them at run time costs ~350 ms cold.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { isSchema, JsonSchema, mapSchema } from '../lib/validation/schema-walk';

/**
 * Every vendored Kubernetes release: 1.27 for users stuck on it, and the ends and middle of the
 * default window (lib/kubernetes-version.ts). Adding one: docs/kubernetes-versions.md.
 */
export const KUBERNETES_SCHEMA_VERSIONS = ['v1.27.0', 'v1.32.0', 'v1.35.0', 'v1.36.0'];

/**
 * Keywords that no validator here evaluates. CEL (`x-kubernetes-validations`) is out of scope;
 * list/map types only steer server-side apply merges. Dropping them also lets definitions that
 * differ only there compare equal across versions, so they are compiled once.
 */
const DROPPED = new Set([
  'description',
  'example',
  'externalDocs',
  'x-kubernetes-patch-strategy',
  'x-kubernetes-patch-merge-key',
  'x-kubernetes-validations',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-unions',
]);

export function trimSchema(schema: JsonSchema): JsonSchema {
  return mapSchema(schema, (node) => {
    const out: JsonSchema = {};
    for (const [key, value] of Object.entries(node)) {
      if (!DROPPED.has(key)) out[key] = value;
    }
    return out;
  });
}

export interface VendoredCrdVersion {
  readonly file: string;
  readonly scope: string;
  readonly served: boolean;
  readonly deprecated?: boolean;
  readonly schema?: JsonSchema;
}

/** Keyed by `group/version/Kind`. */
export type VendoredCrds = Record<string, VendoredCrdVersion>;

export function extractCrds(files: { file: string; objects: unknown[] }[]): VendoredCrds {
  const out: VendoredCrds = {};
  for (const { file, objects } of files) {
    for (const object of objects) {
      if (!isSchema(object) || object.kind !== 'CustomResourceDefinition') continue;
      const spec = object.spec as JsonSchema;
      const names = spec.names as JsonSchema;
      for (const version of spec.versions as JsonSchema[]) {
        const schema = ((version.schema as JsonSchema | undefined)?.openAPIV3Schema) as JsonSchema | undefined;
        out[`${spec.group}/${version.name}/${names.kind}`] = {
          file,
          scope: String(spec.scope),
          served: version.served === true,
          ...(version.deprecated === true ? { deprecated: true } : {}),
          ...(version.served === true && schema ? { schema: trimSchema(schema) } : {}),
        };
      }
    }
  }
  return out;
}

/** Reads every CRD under `crdDir` (relative paths in the output are from `root`). */
export function readCrdFiles(root: string, crdDir = 'crds'): { file: string; objects: unknown[] }[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (/\.ya?ml$/.test(entry.name)) files.push(rel);
    }
  };
  walk(crdDir);
  return files.sort().map((file) => ({
    file,
    objects: parseAllDocuments(fs.readFileSync(path.join(root, file), 'utf8')).map((doc) => doc.toJS()),
  }));
}

/** One entry per line: a generated file that still diffs readably. */
export function stringifyByLine(record: Record<string, unknown>, wrapKey?: string): string {
  const lines = Object.keys(record).sort().map((key) => `${JSON.stringify(key)}:${JSON.stringify(record[key])}`);
  const body = `{\n${lines.join(',\n')}\n}`;
  return wrapKey ? `{${JSON.stringify(wrapKey)}:${body}}\n` : `${body}\n`;
}

function main(sourceDir: string): void {
  const root = path.resolve(__dirname, '..');
  for (const version of KUBERNETES_SCHEMA_VERSIONS) {
    const source = JSON.parse(fs.readFileSync(path.join(sourceDir, `${version}.json`), 'utf8')) as JsonSchema;
    const definitions = trimSchema({ definitions: source.definitions }).definitions as Record<string, unknown>;
    fs.mkdirSync(path.join(root, 'schemas', 'kubernetes'), { recursive: true });
    fs.writeFileSync(path.join(root, 'schemas', 'kubernetes', `${version}.json`), stringifyByLine(definitions, 'definitions'));
  }
  fs.writeFileSync(path.join(root, 'schemas', 'crds.json'), stringifyByLine(extractCrds(readCrdFiles(root))));
}

if (require.main === module) {
  const sourceDir = process.argv[2];
  if (!sourceDir) {
    process.stderr.write(`usage: ts-node schemas/vendor.ts <dir with ${KUBERNETES_SCHEMA_VERSIONS.map((v) => `${v}.json`).join(', ')}>\n`);
    process.exit(2);
  }
  main(sourceDir);
}
