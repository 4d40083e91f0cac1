import { isRecord, Json, record, records, show, string, stringMap, Subject } from './context';

/** A pod spec found in a manifest, with where it sits. */
export interface PodTemplate {
  readonly subject: Subject;
  /** `spec.template` for workloads, '' for a Pod (whose metadata is the object's). */
  readonly templatePath: string;
  /** Path of the PodSpec: `spec.template.spec`, `spec.jobTemplate.spec.template.spec`, `spec`. */
  readonly specPath: string;
  readonly metadata: Json;
  readonly spec: Json;
  readonly labels: Record<string, string>;
}

/** Where each workload kind keeps its pod template. */
const TEMPLATE_PATHS: ReadonlyMap<string, string[]> = new Map(Object.entries({
  Deployment: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  PodTemplate: ['template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
}));

// Several rule families ask for each object's pod template and containers; each is found once per subject.
const templates = new WeakMap<Subject, PodTemplate | null>();
const containerLists = new WeakMap<PodTemplate, readonly ContainerRef[]>();

export function podTemplate(subject: Subject): PodTemplate | undefined {
  let found = templates.get(subject);
  if (found === undefined) {
    found = findPodTemplate(subject) ?? null;
    templates.set(subject, found);
  }
  return found ?? undefined;
}

function findPodTemplate(subject: Subject): PodTemplate | undefined {
  const { manifest, kind, group } = subject;
  if (group !== '' && group !== 'apps' && group !== 'batch') return undefined;
  if (kind === 'Pod') {
    const spec = record(manifest.spec);
    const metadata = record(manifest.metadata) ?? {};
    return spec && { subject, templatePath: '', specPath: 'spec', metadata, spec, labels: stringMap(metadata.labels) };
  }
  const keys = TEMPLATE_PATHS.get(kind); // a Map: kind "toString" or "__proto__" finds nothing
  if (!keys) return undefined;
  let node: unknown = manifest;
  for (const key of keys) node = isRecord(node) ? node[key] : undefined;
  const template = record(node);
  const spec = record(template?.spec);
  if (!template || !spec) return undefined;
  const metadata = record(template.metadata) ?? {};
  const templatePath = keys.join('.');
  return { subject, templatePath, specPath: `${templatePath}.spec`, metadata, spec, labels: stringMap(metadata.labels) };
}

/**
 * For a kind that carries a pod spec whose manifest lacks it: the first missing level
 * (`spec.template.spec`, or `spec.template` when the template is missing too) and the pod spec's path.
 */
export function missingPodSpec(subject: Subject): { missing: string; specPath: string } | undefined {
  const { manifest, kind, group } = subject;
  if (group !== '' && group !== 'apps' && group !== 'batch') return undefined;
  const template = TEMPLATE_PATHS.get(kind);
  const path = kind === 'Pod' ? ['spec'] : template ? [...template, 'spec'] : undefined;
  if (!path) return undefined;
  let node: unknown = manifest;
  for (let i = 0; i < path.length; i++) {
    node = isRecord(node) ? node[path[i]] : undefined;
    if (node === undefined || node === null) return { missing: path.slice(0, i + 1).join('.'), specPath: path.join('.') };
    if (!isRecord(node)) return undefined; // present but not an object: the schema check says so
  }
  return undefined;
}

export interface ContainerRef {
  readonly container: Json;
  readonly name: string;
  /** `spec.template.spec.containers[name=app]` */
  readonly path: string;
  readonly init: boolean;
}

/** Containers, init containers and ephemeral containers, in that order. */
export function containersOf(template: PodTemplate): readonly ContainerRef[] {
  let list = containerLists.get(template);
  if (!list) {
    list = findContainers(template);
    containerLists.set(template, list);
  }
  return list;
}

function findContainers(template: PodTemplate): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const key of ['containers', 'initContainers', 'ephemeralContainers']) {
    records(template.spec[key]).forEach((container, i) => {
      const name = string(container.name) ?? '';
      out.push({ container, name, path: `${template.specPath}.${key}[${name ? `name=${name}` : i}]`, init: key !== 'containers' });
    });
  }
  return out;
}

/** metav1.LabelSelector semantics: all matchLabels and all matchExpressions must hold. */
export function selectorMatches(selector: Json, labels: Record<string, string>): boolean {
  for (const [key, value] of Object.entries(stringMap(selector.matchLabels))) {
    if (labels[key] !== value) return false;
  }
  for (const expression of records(selector.matchExpressions)) {
    const key = string(expression.key) ?? '';
    const values = Array.isArray(expression.values) ? expression.values : [];
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (expression.operator) {
      case 'In': if (!has || !values.includes(labels[key])) return false; break;
      case 'NotIn': if (has && values.includes(labels[key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

export function selectorIsEmpty(selector: Json | undefined): boolean {
  return !selector || (Object.keys(stringMap(selector.matchLabels)).length === 0 && records(selector.matchExpressions).length === 0);
}

/** A Service-style selector: a plain map, every entry must match. */
export function mapMatches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

export function describeSelector(selector: Json | Record<string, string>): string {
  const labels = 'matchLabels' in selector || 'matchExpressions' in selector ? stringMap((selector as Json).matchLabels) : stringMap(selector);
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  for (const e of records((selector as Json).matchExpressions)) {
    // Values are shown as given: join() would call a hostile element's own "toString".
    const values = Array.isArray(e.values) ? ` (${e.values.map((v) => (typeof v === 'string' ? v : show(v))).join(', ')})` : '';
    parts.push(`${string(e.key)} ${string(e.operator)}${values}`);
  }
  return parts.length ? parts.join(', ') : '(empty)';
}
