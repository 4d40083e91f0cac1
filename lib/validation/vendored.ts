import * as fs from 'fs';
import * as path from 'path';
import type { KubernetesVersion } from './types';
import type { JsonSchema } from './schema-walk';

/** The vendored schema file (under schemas/kubernetes) of each supported version, oldest first. */
const SCHEMA_FILES: Record<KubernetesVersion, string> = { '1.27': 'v1.27.0', '1.32': 'v1.32.0', '1.35': 'v1.35.0', '1.36': 'v1.36.0' };
export const NEWEST_VERSION: KubernetesVersion = '1.36';

export interface KubernetesSchemas {
  readonly version: KubernetesVersion;
  readonly definitions: Readonly<Record<string, JsonSchema>>;
}

/** The kinds one version serves: what an object's apiVersion and kind resolve against. */
export interface KubernetesKinds {
  /** `group/version/Kind` (core group: `/v1/Pod`) → definition name. */
  readonly byGvk: ReadonlyMap<string, string>;
  /** `group/Kind` → every apiVersion this version serves for it. */
  readonly apiVersionsByGroupKind: ReadonlyMap<string, string[]>;
  /** Groups this version serves at all, to tell a removed built-in API from a custom one. */
  readonly groups: ReadonlySet<string>;
}

export interface CrdVersion {
  readonly file: string;
  readonly scope: string;
  readonly served: boolean;
  readonly deprecated?: boolean;
  readonly schema?: JsonSchema;
}

// The package root holds schemas/; this file sits two levels below it when run from source
// (ts-node, jest) and three when run from build/.
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

/** A file of the package (`schemas/...`), by its path from the package root. */
export function packagePath(relative: string): string {
  return path.join(packageRoot(), relative);
}

export function readJson(relative: string): unknown {
  return JSON.parse(fs.readFileSync(packagePath(relative), 'utf8'));
}

const loaded = new Map<KubernetesVersion, KubernetesSchemas>();

/** The definitions of one Kubernetes version, read once per process. */
export function kubernetesSchemas(version: KubernetesVersion): KubernetesSchemas {
  const cached = loaded.get(version);
  if (cached) return cached;
  const { definitions } = readJson(`schemas/kubernetes/${SCHEMA_FILES[version]}.json`) as { definitions: Record<string, JsonSchema> };
  const schemas: KubernetesSchemas = { version, definitions };
  loaded.set(version, schemas);
  return schemas;
}

/**
 * `group/version/Kind` → definition name, of the definitions that are objects one applies. The build writes it into
 * the generated tables, so that resolving a kind reads no schema file.
 */
export function kindTable(definitions: Readonly<Record<string, JsonSchema>>): Record<string, string> {
  const table: Record<string, string> = {};
  for (const [name, def] of Object.entries(definitions)) {
    const gvks = def['x-kubernetes-group-version-kind'];
    // DeleteOptions, WatchEvent... list every group: they are not objects one applies.
    if (!Array.isArray(gvks) || gvks.length !== 1) continue;
    const { group, version, kind } = gvks[0] as { group: string; version: string; kind: string };
    table[`${group}/${version}/${kind}`] = name;
  }
  return table;
}

export function kindIndex(table: Readonly<Record<string, string>>): KubernetesKinds {
  const byGvk = new Map<string, string>();
  const apiVersionsByGroupKind = new Map<string, string[]>();
  const groups = new Set<string>();
  for (const [gvk, name] of Object.entries(table)) {
    const [group, version, kind] = gvk.split('/');
    byGvk.set(gvk, name);
    groups.add(group);
    const list = apiVersionsByGroupKind.get(`${group}/${kind}`) ?? [];
    list.push(group ? `${group}/${version}` : version);
    apiVersionsByGroupKind.set(`${group}/${kind}`, list);
  }
  return { byGvk, apiVersionsByGroupKind, groups };
}

let crds: Record<string, CrdVersion> | undefined;

/** The CRDs vendored from crds/ (see schemas/vendor.ts), keyed by `group/version/Kind`. */
export function vendoredCrds(): Readonly<Record<string, CrdVersion>> {
  return (crds ??= readJson('schemas/crds.json') as Record<string, CrdVersion>);
}
