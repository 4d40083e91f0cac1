/*
 * Where a pod may run and what it needs from the node: node selectors, tolerations, node and pod
 * affinity, priority and image pull credentials. Shared by every pod-based construct through
 * `PodSpecProps`; small typed shapes over the Kubernetes fields, checked as the API server does
 * (k8s.io/kubernetes pkg/apis/core/validation: validateTolerations, ValidateNodeSelectorRequirement,
 * validatePodAffinityTerm).
 */
import { Duration } from 'cdk8s';
import * as k8s from './private/k8s';
import type { Problems } from './private/construct-base';
import { wholeSeconds } from './private/durations';
import { dns1123Subdomain, labelKey, labelValue, secretName } from './rules/names';
import { selectorOperator, selectorValues } from './rules/selectors';

/** A taint effect. @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/ */
export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

/**
 * Lets the pod run on nodes with a matching taint (it does not make the pod go there: pair it with a
 * node selector or affinity for that).
 */
export interface Toleration {
  /** The taint key; unset with `operator: 'Exists'` tolerates every taint. @default - every key */
  readonly key?: string;
  /** `Equal` matches `value`; `Exists` matches any value of `key`. @default 'Equal' */
  readonly operator?: 'Equal' | 'Exists';
  /** With `Equal` only. @default '' */
  readonly value?: string;
  /** @default - every effect */
  readonly effect?: TaintEffect;
  /** With `NoExecute` only: how long the pod stays on a node after the taint appears. @default - forever */
  readonly tolerationPeriod?: Duration;
}

/** One rule on a node label (or a pod label, for pod affinity). */
export interface LabelRequirement {
  readonly key: string;
  /** `Gt` and `Lt` (node labels only) compare one integer value. */
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  /** Required by `In`, `NotIn`, `Gt`, `Lt`; not allowed with `Exists` and `DoesNotExist`. @default - none */
  readonly values?: string[];
}

/** Node affinity: `required` terms all hold; `preferred` ones add their weight to nodes that match. */
export interface NodeAffinityProps {
  /** Every requirement must hold (`requiredDuringSchedulingIgnoredDuringExecution`, one term). @default - none */
  readonly required?: LabelRequirement[];
  /** @default - none */
  readonly preferred?: { readonly weight: number; readonly match: LabelRequirement[] }[];
}

/** Pods to be near (affinity) or away from (anti-affinity), in the same topology domain. */
export interface PodAffinityTermProps {
  /** Labels the other pods carry: usually a workload's `selectorLabels`. */
  readonly selector: Record<string, string>;
  /**
   * The node label whose values form the domains: `kubernetes.io/hostname` (same node) or
   * `topology.kubernetes.io/zone` (same zone).
   * @default 'kubernetes.io/hostname'
   */
  readonly topologyKey?: string;
  /** Namespaces of the other pods. @default - this pod's namespace */
  readonly namespaces?: string[];
  /** Makes the term a preference of this weight (1-100) instead of a rule. @default - a rule */
  readonly weight?: number;
}

/** Node and pod (anti-)affinity. @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/ */
export interface AffinityProps {
  /** @default - none */
  readonly node?: NodeAffinityProps;
  /** Run near these pods. @default - none */
  readonly pod?: PodAffinityTermProps[];
  /** Run away from these pods (one database replica per node). @default - none */
  readonly podAnti?: PodAffinityTermProps[];
}

/** The scheduling props of every pod-based construct (part of `PodSpecProps`). */
export interface SchedulingProps {
  /** Node labels the node must carry, e.g. `{ 'kubernetes.io/arch': 'arm64' }`. @default - any node */
  readonly nodeSelector?: Record<string, string>;
  /** Taints the pods tolerate. @default - none */
  readonly tolerations?: Toleration[];
  /** @default - none */
  readonly affinity?: AffinityProps;
  /** A PriorityClass; higher priority pods preempt lower ones when the cluster is full. @default - the cluster's default priority */
  readonly priorityClassName?: string;
  /** Secrets (type `kubernetes.io/dockerconfigjson`) to pull private images with. @default - none */
  readonly imagePullSecrets?: string[];
}

/** @internal The pod spec fields of `SchedulingProps`, after their checks. */
export type SchedulingFields = Pick<k8s.PodSpec, 'nodeSelector' | 'tolerations' | 'affinity' | 'priorityClassName' | 'imagePullSecrets'>;

interface PodTerms {
  readonly required: k8s.PodAffinityTerm[];
  readonly preferred: k8s.WeightedPodAffinityTerm[];
}

const EFFECTS: readonly string[] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const DEFAULT_TOPOLOGY_KEY = 'kubernetes.io/hostname';

/** @internal Checks `SchedulingProps` and renders their pod spec fields. */
export function buildScheduling(props: SchedulingProps, problems: Problems): SchedulingFields {
  for (const [key, value] of Object.entries(props.nodeSelector ?? {})) {
    problems.check('nodeSelector', key, labelKey(key));
    problems.check(`nodeSelector[${JSON.stringify(key)}]`, value, labelValue(value));
  }
  const tolerations = (props.tolerations ?? []).map((t, i) => checkToleration(t, `tolerations[${i}]`, problems));
  if (props.priorityClassName !== undefined) problems.check('priorityClassName', props.priorityClassName, dns1123Subdomain(props.priorityClassName));
  for (const [i, name] of (props.imagePullSecrets ?? []).entries()) problems.check(`imagePullSecrets[${i}]`, name, secretName(name));
  return {
    nodeSelector: props.nodeSelector && Object.keys(props.nodeSelector).length > 0 ? props.nodeSelector : undefined,
    tolerations: tolerations.length > 0 ? tolerations : undefined,
    affinity: props.affinity && buildAffinity(props.affinity, problems),
    priorityClassName: props.priorityClassName,
    imagePullSecrets: props.imagePullSecrets?.length ? props.imagePullSecrets.map((name) => ({ name })) : undefined,
  };
}

function checkToleration(t: Toleration, where: string, problems: Problems): k8s.Toleration {
  const operator = t.operator ?? 'Equal';
  if (operator !== 'Equal' && operator !== 'Exists') {
    problems.add(`${where}.operator`, operator, 'is not a toleration operator', 'use \'Equal\' or \'Exists\'');
  }
  if (t.key !== undefined) problems.check(`${where}.key`, t.key, labelKey(t.key));
  if (t.key === undefined && operator !== 'Exists') {
    problems.add(`${where}.operator`, operator, 'needs a key: only \'Exists\' may leave the key out (to tolerate every taint)',
      'set key, or use operator: \'Exists\'');
  }
  if (operator === 'Exists' && t.value !== undefined && t.value !== '') {
    problems.add(`${where}.value`, t.value, 'must be empty with operator \'Exists\', which matches any value',
      'remove value, or use operator: \'Equal\'');
  }
  if (t.value !== undefined && t.value !== '') problems.check(`${where}.value`, t.value, labelValue(t.value));
  if (t.effect !== undefined && !EFFECTS.includes(t.effect)) {
    problems.add(`${where}.effect`, t.effect, 'is not a taint effect', `use one of ${EFFECTS.map((e) => `'${e}'`).join(', ')}`);
  }
  let tolerationSeconds: number | undefined;
  if (t.tolerationPeriod !== undefined) {
    tolerationSeconds = wholeSeconds(t.tolerationPeriod, `${where}.tolerationPeriod`, problems);
    if (t.effect !== 'NoExecute') {
      problems.add(`${where}.tolerationPeriod`, t.tolerationPeriod,
        'only applies to the NoExecute effect (how long a pod stays on a node tainted after it started)',
        'set effect: \'NoExecute\', or remove tolerationPeriod');
    }
  }
  return { key: t.key, operator, value: t.value, effect: t.effect, tolerationSeconds };
}

function checkRequirements(list: readonly LabelRequirement[], where: string, node: boolean, problems: Problems): k8s.NodeSelectorRequirement[] {
  return list.map((r, i) => {
    const at = `${where}[${i}]`;
    problems.check(`${at}.key`, r.key, labelKey(r.key));
    const values = r.values ?? [];
    if (problems.check(`${at}.operator`, r.operator, selectorOperator(r.operator, node))) {
      problems.check(`${at}.values`, values, selectorValues(r.operator, values));
    }
    return { key: r.key, operator: r.operator, values: values.length > 0 ? values : undefined };
  });
}

function checkWeight(weight: number, where: string, problems: Problems): void {
  if (!Number.isInteger(weight) || weight < 1 || weight > 100) {
    problems.add(`${where}.weight`, weight, 'must be a whole number from 1 to 100', 'use e.g. 100 for the strongest preference');
  }
}

function buildPodTerms(terms: readonly PodAffinityTermProps[] | undefined, where: string, problems: Problems): PodTerms {
  const required: k8s.PodAffinityTerm[] = [];
  const preferred: k8s.WeightedPodAffinityTerm[] = [];
  for (const [i, t] of (terms ?? []).entries()) {
    const at = `${where}[${i}]`;
    if (Object.keys(t.selector).length === 0) {
      problems.add(`${at}.selector`, t.selector, 'is empty, so it would select every pod of the namespace',
        'pass the other workload\'s selectorLabels');
    }
    for (const [key, value] of Object.entries(t.selector)) {
      problems.check(`${at}.selector`, key, labelKey(key));
      problems.check(`${at}.selector[${JSON.stringify(key)}]`, value, labelValue(value));
    }
    const topologyKey = t.topologyKey ?? DEFAULT_TOPOLOGY_KEY;
    problems.check(`${at}.topologyKey`, topologyKey, labelKey(topologyKey));
    const term: k8s.PodAffinityTerm = { labelSelector: { matchLabels: t.selector }, topologyKey, namespaces: t.namespaces };
    if (t.weight === undefined) {
      required.push(term);
    } else {
      checkWeight(t.weight, at, problems);
      preferred.push({ weight: t.weight, podAffinityTerm: term });
    }
  }
  return { required, preferred };
}

function buildAffinity(props: AffinityProps, problems: Problems): k8s.Affinity | undefined {
  let nodeAffinity: k8s.NodeAffinity | undefined;
  if (props.node) {
    const required = props.node.required && checkRequirements(props.node.required, 'affinity.node.required', true, problems);
    const preferred = (props.node.preferred ?? []).map((p, i) => {
      checkWeight(p.weight, `affinity.node.preferred[${i}]`, problems);
      return { weight: p.weight, preference: { matchExpressions: checkRequirements(p.match, `affinity.node.preferred[${i}].match`, true,
        problems) } };
    });
    nodeAffinity = {
      requiredDuringSchedulingIgnoredDuringExecution: required?.length ? { nodeSelectorTerms: [{ matchExpressions: required }] } : undefined,
      preferredDuringSchedulingIgnoredDuringExecution: preferred.length > 0 ? preferred : undefined,
    };
  }
  const toKube = (terms: PodTerms) => (terms.required.length + terms.preferred.length === 0 ? undefined : {
    requiredDuringSchedulingIgnoredDuringExecution: terms.required.length > 0 ? terms.required : undefined,
    preferredDuringSchedulingIgnoredDuringExecution: terms.preferred.length > 0 ? terms.preferred : undefined,
  });
  const podAffinity = toKube(buildPodTerms(props.pod, 'affinity.pod', problems));
  const podAntiAffinity = toKube(buildPodTerms(props.podAnti, 'affinity.podAnti', problems));
  if (!nodeAffinity && !podAffinity && !podAntiAffinity) return undefined;
  return { nodeAffinity, podAffinity, podAntiAffinity };
}
