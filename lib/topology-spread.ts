/*
 * Zone and node spread of a replicated workload's pods, shared by RollingDeployment and StatefulSet:
 * one place for its props, defaults and checks.
 */
import * as k8s from './private/k8s';
import type { Problems } from './private/construct-base';
import * as rules from './rules/topology';

/**
 * One topology spread constraint: how unevenly the replicas may sit across zones or nodes.
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/
 */
export interface TopologySpreadOptions {
  /** Largest allowed difference in pod count between two zones (or nodes). @default 1 */
  readonly maxSkew?: number;
  /**
   * `ScheduleAnyway` makes the spread a strong preference; `DoNotSchedule` makes it a rule, and
   * pods stay Pending rather than break it (also on nodes that lack the topology label, as in
   * many local and single-zone clusters).
   * @default 'ScheduleAnyway'
   */
  readonly whenUnsatisfiable?: 'ScheduleAnyway' | 'DoNotSchedule';
  /**
   * With `DoNotSchedule` only: the number of domains (e.g. zones) the scheduler assumes exist, so
   * it spreads into an empty zone instead of treating the busy ones as balanced.
   * @default - Kubernetes default (1)
   */
  readonly minDomains?: number;
}

/** Zone and node spread of a workload's replicas; `false` turns one off. */
export interface TopologySpreadProps {
  /** Across `topology.kubernetes.io/zone`. @default - maxSkew 1, ScheduleAnyway */
  readonly zone?: TopologySpreadOptions | false;
  /** Across `kubernetes.io/hostname`. @default - maxSkew 1, ScheduleAnyway */
  readonly node?: TopologySpreadOptions | false;
}

/** @internal Defaults of `TopologySpreadOptions`, and the pod count from which spread and the default budget apply. */
export const AVAILABILITY_DEFAULTS = {
  /** Pod count from which the default PodDisruptionBudget and topology spread apply. */
  availabilityFromReplicas: 2,
  topologySpread: { maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway' },
} as const;

const TOPOLOGY_KEYS = { zone: 'topology.kubernetes.io/zone', node: 'kubernetes.io/hostname' } as const;

/** @internal A spread constraint before the workload's label selector is known. */
export type SpreadConstraint = Omit<k8s.TopologySpreadConstraint, 'labelSelector'>;

/**
 * @internal Checks the spread props and builds the constraints, without their label selector.
 * `revisionLabel` is the label the controller puts on pods of one revision (`pod-template-hash` for
 * Deployments, `controller-revision-hash` for StatefulSets): only pods of the same revision are
 * counted, since during a rollout the old revision's pods would skew it.
 */
export function checkSpread(props: TopologySpreadProps | false | undefined, revisionLabel: string, problems: Problems): SpreadConstraint[] {
  if (props === false) return [];
  const defaults = AVAILABILITY_DEFAULTS.topologySpread;
  const constraints: SpreadConstraint[] = [];
  for (const key of ['zone', 'node'] as const) {
    const options = props?.[key];
    if (options === false) continue;
    const where = `topologySpread.${key}`;
    const maxSkew = options?.maxSkew ?? defaults.maxSkew;
    const whenUnsatisfiable = options?.whenUnsatisfiable ?? defaults.whenUnsatisfiable;
    problems.check(`${where}.maxSkew`, maxSkew, rules.maxSkew(maxSkew));
    problems.check(`${where}.whenUnsatisfiable`, whenUnsatisfiable, rules.whenUnsatisfiable(whenUnsatisfiable));
    const minDomains = options?.minDomains;
    if (minDomains !== undefined && problems.check(`${where}.minDomains`, minDomains, rules.minDomains(minDomains))) {
      problems.check(`${where}.minDomains`, minDomains, rules.minDomainsPolicy(whenUnsatisfiable));
    }
    constraints.push({ topologyKey: TOPOLOGY_KEYS[key], maxSkew, whenUnsatisfiable, minDomains, matchLabelKeys: [revisionLabel] });
  }
  return constraints;
}

/**
 * @internal The constraints as emitted: only when spread was asked for explicitly, or when `maxReplicas`
 * pods may run (a Lazy's producer calls this, since an autoscaler attached later decides).
 */
export function spreadConstraints(
  spread: readonly SpreadConstraint[], explicit: boolean, maxReplicas: number, selectorLabels: Record<string, string>,
): k8s.TopologySpreadConstraint[] | undefined {
  if (spread.length === 0 || (!explicit && maxReplicas < AVAILABILITY_DEFAULTS.availabilityFromReplicas)) return undefined;
  return spread.map((c) => ({ ...c, labelSelector: { matchLabels: selectorLabels } }));
}
