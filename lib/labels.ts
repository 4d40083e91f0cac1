import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Problems } from './private/errors';
import { isObjectName, toDnsLabel } from './private/names';

/** The value of `app.kubernetes.io/managed-by` on every object this library writes. */
export const MANAGED_BY = 'cdk8s-patterns';

/**
 * Naming and labelling shared by every construct in this library.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/
 */
export interface MetadataProps {
  /**
   * `metadata.name` of the object(s) created, and `app.kubernetes.io/name`.
   * @default - the construct ids below the chart joined with '-' (`api` for `new X(chart, 'api')`)
   */
  readonly name?: string;
  /**
   * `app.kubernetes.io/component`: the role of this piece in the architecture (`frontend`, `api`, `cache`).
   * @default - the object name
   */
  readonly component?: string;
  /**
   * `app.kubernetes.io/part-of`: the higher-level application this belongs to.
   * @default - the chart's id
   */
  readonly partOf?: string;
  /**
   * `app.kubernetes.io/version`, also used as the change cause for rollbacks.
   * @default - no version label
   */
  readonly version?: string;
  /** Extra labels, added after the recommended ones. @default - none */
  readonly labels?: Record<string, string>;
  /** Annotations on the object's metadata. @default - none */
  readonly annotations?: Record<string, string>;
}

/** The recommended `app.kubernetes.io/*` labels for an object named `name`. */
export function recommendedLabels(scope: IConstruct, name: string, props: MetadataProps): Record<string, string> {
  const chartId = Chart.of(scope).node.id;
  const labels: Record<string, string> = {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/instance': toDnsLabel(`${chartId}-${name}`),
    'app.kubernetes.io/component': props.component ?? name,
    'app.kubernetes.io/part-of': props.partOf ?? toDnsLabel(chartId),
    'app.kubernetes.io/managed-by': MANAGED_BY,
  };
  if (props.version !== undefined) labels['app.kubernetes.io/version'] = props.version;
  return { ...labels, ...props.labels };
}

/**
 * Labels of an object that serves a workload (its Service, autoscaler, budget): the workload's own,
 * so `kubectl get all -l app.kubernetes.io/instance=...` lists them together, with the
 * object's own `component`, `partOf`, `version` and `labels` on top.
 */
export function inheritLabels(workloadLabels: Record<string, string>, props: MetadataProps): Record<string, string> {
  return {
    ...workloadLabels,
    ...(props.component !== undefined ? { 'app.kubernetes.io/component': props.component } : {}),
    ...(props.partOf !== undefined ? { 'app.kubernetes.io/part-of': props.partOf } : {}),
    ...(props.version !== undefined ? { 'app.kubernetes.io/version': props.version } : {}),
    ...props.labels,
  };
}

/** The immutable subset of the labels that a workload selects its pods by. */
export function selectorLabels(labels: Record<string, string>): Record<string, string> {
  return {
    'app.kubernetes.io/name': labels['app.kubernetes.io/name'],
    'app.kubernetes.io/instance': labels['app.kubernetes.io/instance'],
  };
}

// https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const MAX_LABEL_NAME = 63;
const LABEL_CHARACTERS = 'letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit';

/**
 * @internal Checks a label value that comes from a prop (`version`, `component`, `labels["team"]`).
 * Values this library sets from a prop must say something, so they need 1 character or more;
 * `allowEmpty` is for `labels`, where Kubernetes's empty value is the user's choice.
 */
export function checkLabelValue(prop: string, value: string, problems: Problems, allowEmpty = false): boolean {
  if (typeof value === 'string' && ((allowEmpty && value === '') || (value.length <= MAX_LABEL_NAME && LABEL_NAME.test(value)))) return true;
  problems.add(prop, value, 'is not a valid label value', `use ${allowEmpty ? 'at most 63' : '1 to 63'} ${LABEL_CHARACTERS}`);
  return false;
}

/** @internal Checks a key of `labels`: an optional DNS subdomain prefix and '/', then a name. */
export function checkLabelKey(prop: string, key: string, problems: Problems): boolean {
  const parts = key.split('/');
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  const ok = parts.length <= 2
    && (prefix === undefined || isObjectName(prefix, 'dns1123-subdomain'))
    && name.length <= MAX_LABEL_NAME && LABEL_NAME.test(name);
  if (!ok) {
    problems.add(prop, key, 'is not a valid label key', `use an optional prefix (a DNS subdomain of at most 253 lower-case letters, digits, '-' and '.') and '/', then a name of 1 to 63 ${LABEL_CHARACTERS}`);
  }
  return ok;
}

/**
 * @internal Checks the label props of `props` (`component`, `partOf`, `version`, `labels`) and returns
 * `props` without the invalid ones. A construct that passes its props on to children passes these,
 * so that in collect mode each bad value is reported once, by the construct it was given to.
 * `where` prefixes the props in messages (`blue.` for a prop nested under `blue`).
 */
export function checkLabelProps<T extends MetadataProps>(props: T, problems: Problems, where = ''): T {
  const valid = (key: 'component' | 'partOf' | 'version') => {
    const value = props[key];
    return value === undefined || checkLabelValue(`${where}${key}`, value, problems) ? value : undefined;
  };
  const labels = props.labels && Object.fromEntries(Object.entries(props.labels).filter(([key, value]) =>
    checkLabelKey(`${where}labels`, key, problems) && checkLabelValue(`${where}labels[${JSON.stringify(key)}]`, value, problems, true)));
  return { ...props, component: valid('component'), partOf: valid('partOf'), version: valid('version'), labels };
}
