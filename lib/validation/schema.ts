import { apiLifecycle, removalMessage } from './api-lifecycle';
import { didYouMean, Findings, isRecord, join, pointerToPath, ResolvedOptions, show, Subject } from './context';
import type { KubernetesVersion } from './types';
import { kubernetesKinds } from './generated';
import { CompiledSchema, crdValidator, kubernetesValidator, SchemaError } from './schema-store';
import { isSchema } from './schema-walk';
import { CrdIndex } from './subjects';

/** Placeholder in a message for the versions that produced it (instead of a prefix). */
const VERSIONS = '{versions}';

interface VersionFinding {
  readonly rule: string;
  readonly severity: 'error' | 'warning';
  readonly path: string;
  readonly message: string;
}

/** How an object is validated: a schema (plus, say, a deprecation notice), or only a finding. */
type Resolution = { validator: CompiledSchema; notice?: VersionFinding } | VersionFinding | undefined;

/**
 * Schema (strict) and API-version findings. Each object is checked against every requested
 * Kubernetes version; a finding that only some versions produce is prefixed with them.
 */
export function checkSchemas(subjects: readonly Subject[], options: ResolvedOptions, crds: CrdIndex, findings: Findings): void {
  for (const subject of subjects) {
    const byKey = new Map<string, { finding: VersionFinding; versions: KubernetesVersion[] }>();
    const data = withoutNulls(subject);
    const byVersion = checkVersions(subject, data, options.versions, crds);
    for (const version of options.versions) {
      for (const finding of byVersion.get(version)!) {
        const key = `${finding.rule}\u0000${finding.path}\u0000${finding.message}`;
        const entry = byKey.get(key) ?? { finding, versions: [] };
        entry.versions.push(version);
        byKey.set(key, entry);
      }
    }
    for (const { finding, versions } of byKey.values()) {
      const { rule, severity, path, message } = finding;
      if (message.includes(VERSIONS)) {
        findings.add(rule, severity, subject, path, message.split(VERSIONS).join(versions.join(', ')));
      } else {
        const only = versions.length < options.versions.length ? `Kubernetes ${versions.join(', ')}: ` : '';
        findings.add(rule, severity, subject, path, only + message);
      }
    }
  }
}

/**
 * The API server reads a null field as an absent one (built-in types decode it to the zero
 * value; CRD schemas prune it), and YAML writes `key:` as null, so nulls are not schema errors.
 * A required field that is null is then reported as missing, as the server would.
 */
function withoutNulls(subject: Subject): unknown {
  // Whether there is a null was found by the walk that measured the manifest's depth (manifestShape).
  return subject.hasNull ? copyWithoutNulls(subject.manifest) : subject.manifest;
}

// The copy uses an explicit stack: a manifest may nest up to 10000 levels (the API server's limit), deeper than the
// JavaScript call stack allows.
function copyWithoutNulls(root: unknown): unknown {
  const copy = (value: unknown): unknown => (Array.isArray(value) ? new Array(value.length) : isRecord(value) ? {} : value);
  const out = copy(root);
  const stack: [unknown, unknown][] = [[root, out]];
  while (stack.length > 0) {
    const [from, to] = stack.pop()!;
    const entries: [string | number, unknown][] = Array.isArray(from) ? from.map((v, i) => [i, v]) : isRecord(from) ? Object.entries(from) : [];
    for (const [key, child] of entries) {
      if (child === null && !Array.isArray(from)) continue;
      const target = copy(child);
      // defineProperty, not assignment: a "__proto__" key (own, when parsed from JSON) stays a plain field.
      Object.defineProperty(to, key, { value: target, enumerable: true, writable: true, configurable: true });
      if (target !== child) stack.push([child, target]);
    }
  }
  return out;
}

/**
 * The findings of each version, the same as checking the object once per version, but with one schema pass for the
 * versions that resolve it to the same validator (it splits where their schemas differ).
 */
function checkVersions(
  subject: Subject, data: unknown, versions: readonly KubernetesVersion[], crds: CrdIndex,
): Map<KubernetesVersion, VersionFinding[]> {
  const out = new Map<KubernetesVersion, VersionFinding[]>();
  if (!subject.apiVersion || !subject.kind) {
    const missing = [!subject.apiVersion && 'apiVersion', !subject.kind && 'kind'].filter(Boolean).join(' and ');
    const finding: VersionFinding = { rule: 'schema', severity: 'error', path: subject.apiVersion ? 'kind' : 'apiVersion',
      message: `missing ${missing}; every object needs both (e.g. apiVersion "apps/v1", kind "Deployment")` };
    for (const version of versions) out.set(version, [finding]);
    return out;
  }
  const passes = new Map<CompiledSchema, { versions: KubernetesVersion[]; notices: (VersionFinding | undefined)[] }>();
  for (const version of versions) {
    const resolved = safely(() => resolve(subject, version, crds));
    if (!resolved) {
      out.set(version, [TOO_DEEP]);
      continue;
    }
    const resolution = resolved.value;
    if (!resolution || !('validator' in resolution)) {
      out.set(version, resolution ? [resolution] : []);
      continue;
    }
    const pass = passes.get(resolution.validator) ?? { versions: [], notices: [] };
    pass.versions.push(version);
    pass.notices.push(resolution.notice);
    passes.set(resolution.validator, pass);
  }
  for (const [validator, pass] of passes) {
    const errors = safely(() => validator.validate(data, pass.versions).map((e) => ({ finding: describe(e, data), versions: e.versions })))?.value;
    pass.versions.forEach((version, i) => {
      if (!errors) return out.set(version, [TOO_DEEP]);
      const own = errors.filter((e) => !e.versions || e.versions.includes(version)).map((e) => e.finding);
      const notice = pass.notices[i];
      return out.set(version, notice ? [notice, ...own] : own);
    });
  }
  return out;
}

const TOO_DEEP: VersionFinding = { rule: 'max-depth', severity: 'warning', path: '',
  message: 'is nested too deeply for the schema check, which was skipped for it; flatten it, or validate it with kubectl --dry-run=server' };

/**
 * Ajv's generated validators recurse with the data (and compiling a CRD's openAPIV3Schema with its
 * schema): thousands of levels, still under the API server's limit, overflow the stack. Undefined when that happened.
 */
function safely<T>(run: () => T): { value: T } | undefined {
  try {
    return { value: run() };
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return undefined;
  }
}

function resolve(subject: Subject, version: KubernetesVersion, crds: CrdIndex): Resolution {
  const { apiVersion, group, kind } = subject;
  const v = apiVersion.slice(group ? group.length + 1 : 0);
  const k8s = kubernetesKinds(version);
  const definition = k8s.byGvk.get(`${group}/${v}/${kind}`);
  if (definition) return { validator: kubernetesValidator(definition) };

  const crd = crds.get(group, v, kind);
  if (crd) {
    if (!crd.served) {
      const served = crds.servedVersions(group, kind);
      return apiError(`${apiVersion} ${kind} is not served by its CRD (${crd.file})`
        + `${served.length ? `; use apiVersion ${served.join(' or ')}` : ''}`);
    }
    let notice: VersionFinding | undefined;
    if (crd.deprecated) {
      const served = crds.servedVersions(group, kind).filter((gv) => !crds.get(group, gv.slice(group.length + 1), kind)?.deprecated);
      notice = { rule: 'api-version', severity: 'warning', path: 'apiVersion',
        message: `${apiVersion} ${kind} is deprecated by its CRD (${crd.file})${served.length ? `; use apiVersion ${served.join(' or ')}` : ''}` };
    }
    if (!crd.schema) return notice; // a CRD without a schema accepts anything
    return { validator: crdValidator(crd.schema), notice };
  }

  // Not served, and known to be removed: name the replacement (api-lifecycle.ts) instead of a bare "unknown".
  const lifecycle = apiLifecycle(apiVersion, kind);
  if (lifecycle?.removed !== undefined) return apiError(removalMessage(lifecycle, kind));
  if (k8s.groups.has(group)) {
    const served = k8s.apiVersionsByGroupKind.get(`${group}/${kind}`);
    if (served) return apiError(`${apiVersion} ${kind} is not served by Kubernetes ${VERSIONS}; use apiVersion ${served.join(' or ')}`);
    const kinds = [...k8s.byGvk.keys()].filter((key) => key.startsWith(`${group}/${v}/`)).map((key) => key.split('/')[2]);
    return apiError(`${apiVersion} has no kind ${JSON.stringify(kind)} in Kubernetes ${VERSIONS}${didYouMean(kind, kinds)}`);
  }
  if (crds.hasGroup(group)) {
    const served = crds.servedVersions(group, kind);
    return apiError(served.length
      ? `${apiVersion} ${kind} is not served by its CRD; use apiVersion ${served.join(' or ')}`
      : `group ${group} has no kind ${JSON.stringify(kind)}${didYouMean(kind, crds.kinds(group))}`);
  }
  return {
    rule: 'schema',
    severity: 'warning',
    path: '',
    message: `no schema for ${apiVersion} ${kind}: it is not a Kubernetes ${VERSIONS} API and no CRD for it is vendored in crds/ or included in the `
      + `manifests, so it was not validated`,
  };
}

function apiError(message: string): VersionFinding {
  return { rule: 'api-version', severity: 'error', path: 'apiVersion', message };
}

function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const raw of pointer ? pointer.slice(1).split('/') : []) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = Array.isArray(node) ? node[Number(key)] : isRecord(node) ? node[key] : undefined;
  }
  return node;
}

const ARTICLE: Record<string, string> = {
  integer: 'an integer', number: 'a number', string: 'a string', boolean: 'a boolean', object: 'an object', array: 'an array', null: 'null',
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'number' && Number.isInteger(value) ? 'integer' : typeof value;
}

function shortName(definition: string | undefined): string {
  return definition ? ` in ${definition.slice(definition.lastIndexOf('.') + 1)}` : '';
}

/** Turns an Ajv error into a finding: where, what was received, and what would be accepted. */
function describe(e: SchemaError, manifest: unknown): VersionFinding {
  const at = pointerToPath(manifest, e.instancePath);
  const value = valueAt(manifest, e.instancePath);
  const params = e.params as Record<string, unknown>;
  const finding = (path: string, message: string): VersionFinding => ({ rule: 'schema', severity: 'error', path, message });
  switch (e.keyword) {
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      const known = isSchema(e.node?.properties) ? Object.keys(e.node.properties) : [];
      const hint = didYouMean(field, known);
      const list = known.length ? ` (known fields: ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', ...' : ''})` : '';
      return finding(join(at, field),
        `unknown field ${JSON.stringify(field)}${shortName(e.definition)}${hint || `; remove it or fix its spelling${list}`}`);
    }
    case 'required':
      return finding(join(at, String(params.missingProperty)),
        `missing required field ${JSON.stringify(params.missingProperty)}${shortName(e.definition)}`);
    case 'type': {
      const wanted = String(params.type).split(',');
      const got = typeOf(value);
      let fix = '';
      const numeric = typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value));
      if (numeric && (wanted.includes('integer') || wanted.includes('number'))) fix = `; write ${value} without quotes`;
      else if ((typeof value === 'number' || typeof value === 'boolean') && wanted.includes('string')) fix = `; quote it: "${value}"`;
      return finding(at, `must be ${wanted.map((t) => ARTICLE[t] ?? t).join(' or ')}, got ${ARTICLE[got] ?? got} ${show(value)}${fix}`);
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      return finding(at,
        `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got `
        + `${show(value)}${typeof value === 'string' ? didYouMean(value, allowed) : ''}`);
    }
    case 'const':
      return finding(at, `must be ${show(params.allowedValue)}, got ${show(value)}`);
    case 'format':
      return finding(at, `must be a valid ${params.format}, got ${show(value)}`);
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum':
      return finding(at, `must be ${params.comparison} ${params.limit}, got ${show(value)}`);
    case 'minLength': case 'maxLength':
      return finding(at,
        `must have ${e.keyword === 'minLength' ? 'at least' : 'at most'} ${params.limit} characters, got `
        + `${typeof value === 'string' ? value.length : '?'}: ${show(value)}`);
    case 'minItems': case 'maxItems':
      return finding(at,
        `must have ${e.keyword === 'minItems' ? 'at least' : 'at most'} ${params.limit} items, got ${Array.isArray(value) ? value.length : '?'}`);
    case 'minProperties': case 'maxProperties':
      return finding(at,
        `must have ${e.keyword === 'minProperties' ? 'at least' : 'at most'} ${params.limit} entries, got `
        + `${isRecord(value) ? Object.keys(value).length : '?'}`);
    case 'pattern':
      return finding(at, `must match /${params.pattern}/, got ${show(value)}`);
    case 'uniqueItems':
      return finding(at, `must not repeat items (items ${params.j} and ${params.i} are equal)`);
    case 'oneOf':
    case 'anyOf':
      return finding(at, `must match ${e.keyword === 'oneOf' ? 'exactly one' : 'at least one'} of the forms the schema allows, got ${show(value)}`);
    default:
      return finding(at, `fails schema keyword ${JSON.stringify(e.keyword)} ${JSON.stringify(params)}, got ${show(value)}`);
  }
}
