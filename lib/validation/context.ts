import { closestMatch } from '../rules/spelling';
import type { Finding, FindingSeverity, KubernetesVersion, KubernetesWindow } from './types';

/** A manifest as synthesized or parsed: plain JSON, trusted for nothing. */
export type Json = Record<string, unknown>;

export interface ResolvedOptions {
  /** The schemas checked: `kubernetesVersions`, else the window's two ends; oldest first. */
  readonly versions: readonly KubernetesVersion[];
  readonly window: KubernetesWindow;
  readonly podSecurity: 'restricted' | 'baseline';
  readonly defaultNamespace: string;
}

/** One manifest with what every check needs to name it. */
export interface Subject {
  readonly manifest: Json;
  readonly apiVersion: string;
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly clusterScoped: boolean;
  /** `Kind/namespace/name`, or `Kind/name` when cluster-scoped. */
  readonly id: string;
  /** Whether a value of the manifest is null (see manifestShape). */
  readonly hasNull: boolean;
}

export class Findings {
  public readonly list: Finding[] = [];

  public error(rule: string, subject: Subject | string, path: string, message: string): void {
    this.add(rule, 'error', subject, path, message);
  }

  public warning(rule: string, subject: Subject | string, path: string, message: string): void {
    this.add(rule, 'warning', subject, path, message);
  }

  public add(rule: string, severity: FindingSeverity, subject: Subject | string, path: string, message: string): void {
    this.list.push({ rule, severity, object: typeof subject === 'string' ? subject : subject.id, path, message });
  }
}

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function record(value: unknown): Json | undefined {
  return isRecord(value) ? value : undefined;
}

export function records(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

export function string(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function number(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A `map[string]string` (labels, selectors), ignoring entries of any other type. */
export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(value)) {
    // defineProperty: a "__proto__" label key is a plain key, not the object's prototype. Only for that key: it makes
    // the object slow, and this runs for every label map of every object.
    for (const [k, v] of Object.entries(value)) {
      if (typeof v !== 'string') continue;
      if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
      else out[k] = v;
    }
  }
  return out;
}

/** Longest quoted value in a message: hostile input can hold megabytes. */
const MAX_SHOWN = 500;

/** Quotes a received value for a message: strings in double quotes, the rest as JSON, shortened past 500 characters. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // JSON.stringify recurses: a value nested thousands of levels deep overflows the stack.
    return Array.isArray(value) ? '[...] (nested too deeply to show)' : '{...} (nested too deeply to show)';
  }
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}... (${text.length} characters)` : text;
}

/**
 * One walk of a manifest (no recursion): whether objects and arrays nest more than `limit` levels below `root`
 * (then the walk stops), and whether a value is null (the schema check reads nulls as absent fields).
 */
export function manifestShape(root: object, limit: number): { readonly tooDeep: boolean; readonly hasNull: boolean } {
  // Two stacks and only objects pushed: this walks every value of every manifest, and a pair per value was most of its time.
  const values: object[] = [root];
  const depths: number[] = [0];
  let hasNull = false;
  while (values.length > 0) {
    const value = values.pop()!;
    const depth = depths.pop()!;
    if (depth > limit) return { tooDeep: true, hasNull };
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      if (typeof child !== 'object') continue;
      if (child === null) {
        hasNull = true;
        continue;
      }
      values.push(child);
      depths.push(depth + 1);
    }
  }
  return { tooDeep: false, hasNull };
}

export function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Turns an Ajv instancePath (`/spec/template/spec/containers/0`) into a finding path. */
export function pointerToPath(root: unknown, pointer: string): string {
  if (!pointer) return '';
  let path = '';
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      const index = Number(segment);
      const item = node[index];
      const name = isRecord(item) ? item.name : undefined;
      path += `[${typeof name === 'string' && name !== '' ? `name=${name}` : index}]`;
      node = item;
    } else {
      path = /^[A-Za-z_$][\w$-]*$/.test(segment) ? join(path, segment) : `${path}[${JSON.stringify(segment)}]`;
      node = isRecord(node) ? node[segment] : undefined;
    }
  }
  return path;
}

export function didYouMean(input: string, candidates: Iterable<string>): string {
  const hint = closestMatch(input, candidates);
  return hint ? `; did you mean ${JSON.stringify(hint)}?` : '';
}

/** `namespace "shop" of these manifests`: where a cross-object check looked for what a reference names. */
function inManifests(namespace: string): string {
  return `namespace ${show(namespace)} of these manifests`;
}

/** A reference the manifests cannot resolve (`Service "api" is not in namespace ...`); it may exist in the cluster. */
export function notInManifests(what: string, namespace: string): string {
  return `${what} is not in ${inManifests(namespace)}`;
}

/** apimachinery ValidateNonnegativeField: a count or duration field below 0 (rule `negative-value`). */
export function checkNonNegative(subject: Subject, path: string, value: unknown, findings: Findings): void {
  const n = number(value);
  if (n !== undefined && n < 0) findings.error('negative-value', subject, path, `${path} must be >= 0, got ${n}`);
}

/** A selector that no pod template of the manifests matches. */
export function selectsNoTemplate(selector: string, namespace: string): string {
  return `selector ${selector} matches no pod template in ${inManifests(namespace)}`;
}

/** A Service port a reference names that the Service does not have; `offered` lists the ports it has. */
export function serviceLacksPort(name: string, port: unknown, offered: string): string {
  return `Service ${show(name)} has no port ${show(port)} (it has ${offered || 'no ports'})`;
}
