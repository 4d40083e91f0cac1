import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Problems } from './private/construct-base';
import { toDnsLabel } from './private/names';
import { labelKey, labelValue } from './rules/names';

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

/**
 * @internal Checks a label value that comes from a prop (`version`, `component`, `labels["team"]`).
 * Values this library sets from a prop must say something, so they need 1 character or more;
 * `allowEmpty` is for `labels`, where Kubernetes's empty value is the user's choice.
 */
export function checkLabelValue(prop: string, value: string, problems: Problems, allowEmpty = false): boolean {
  return problems.check(prop, value, labelValue(value, { required: !allowEmpty }));
}

/** @internal Checks a key of `labels`: an optional DNS subdomain prefix and '/', then a name. */
export function checkLabelKey(prop: string, key: string, problems: Problems): boolean {
  return problems.check(prop, key, labelKey(key));
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
  const before = problems.list.length;
  const component = valid('component');
  const partOf = valid('partOf');
  const version = valid('version');
  const labels = props.labels && Object.fromEntries(Object.entries(props.labels).filter(([key, value]) =>
    checkLabelKey(`${where}labels`, key, problems) && checkLabelValue(`${where}labels[${JSON.stringify(key)}]`, value, problems, true)));
  // Every construct calls this; a copy is needed only to leave something out.
  return problems.list.length === before ? props : { ...props, component, partOf, version, labels };
}
