import * as k8s from './private/k8s';
import { Construct, IConstruct } from 'constructs';
import { singleBudget } from './rules/disruption';
import { enumField } from './rules/enums';
import { IntOrPercent, intOrPercent } from './rules/int-or-percent';
import { requireFeature, supportsFeature, KubernetesWindow } from './kubernetes-version';
import { checkLabelProps, inheritLabels, MetadataProps } from './labels';
import { PatternConstruct, Problems } from './private/construct-base';
import { toIntOrString } from './private/int-or-string';
import { checkObjectName } from './private/names';
import type { IPodWorkload } from './workload';

/**
 * How many of a workload's pods voluntary disruptions (node drains, cluster-autoscaler scale-down,
 * VPA evictions) may take down at once. Set one of `minAvailable` and `maxUnavailable`.
 * @see https://kubernetes.io/docs/tasks/run-application/configure-pdb/
 */
export interface DisruptionBudgetOptions {
  /**
   * Pods that must stay available: a count (`2`) or a share of the replicas (`'50%'`, rounded up).
   * @default - unset: `maxUnavailable` applies
   */
  readonly minAvailable?: IntOrPercent;
  /**
   * Pods that may be unavailable at once: a count or a share of the replicas (rounded up).
   * @default 1 (when `minAvailable` is unset)
   */
  readonly maxUnavailable?: IntOrPercent;
  /**
   * Whether pods that run but are not Ready may be evicted even when the budget is exhausted.
   *
   * The default is `AlwaysAllow`, not the API's `IfHealthyBudget`: a pod that crash-loops, or never
   * passes its readiness probe, never becomes healthy, so under `IfHealthyBudget` it counts against the
   * budget forever and every node drain (upgrades, cluster-autoscaler scale-down) waits on it. Evicting
   * a pod that is not Ready takes nothing away from the app's availability. The Kubernetes docs recommend
   * `AlwaysAllow` "for supporting eviction of misbehaving applications during a node drain" (the
   * page below), and the feature's announcement calls it "often a better choice"
   * (https://kubernetes.io/blog/2023/01/06/unhealthy-pod-eviction-policy-for-pdbs/). Keep
   * `IfHealthyBudget` for apps that must not lose a starting pod, such as a quorum member still catching up.
   * Checked against the window (`spec.unhealthyPodEvictionPolicy` is on by default from Kubernetes 1.27,
   * GA in 1.31).
   * @default 'AlwaysAllow'
   * @see https://kubernetes.io/docs/tasks/run-application/configure-pdb/#unhealthy-pod-eviction-policy
   */
  readonly unhealthyPodEvictionPolicy?: 'AlwaysAllow' | 'IfHealthyBudget';
}

export interface PodDisruptionBudgetProps extends DisruptionBudgetOptions, MetadataProps {
  /**
   * `metadata.name`. Labels are the target's, so the budget is listed with its workload.
   * @default - the target's name
   */
  readonly name?: string;
  /** The workload whose pods the budget protects; it selects them by the workload's selector labels. */
  readonly target: IPodWorkload;
}

/**
 * A workload whose pod count is known at synth and that keeps track of the one budget protecting
 * it (`RollingDeployment` is one). Budgets on other workloads skip the replica-count checks.
 */
export interface IReplicatedWorkload extends IPodWorkload {
  /** The fewest pods the workload runs: its pinned replicas, or its autoscaler's minReplicas. */
  readonly minReplicas: number;
  /** The budget already protecting the workload's pods, if any. */
  readonly disruptionBudget?: PodDisruptionBudget;
  /** @internal */
  _attachDisruptionBudget(budget: PodDisruptionBudget): void;
}

/** Whether `workload` reports its replica count (see `IReplicatedWorkload`). */
export function isReplicatedWorkload(workload: IConstruct): workload is IReplicatedWorkload {
  return typeof (workload as Partial<IReplicatedWorkload>)._attachDisruptionBudget === 'function';
}


/**
 * A `policy/v1` PodDisruptionBudget for one workload's pods. Budgets that could never allow an
 * eviction are errors: they block node drains and cluster-autoscaler scale-down forever.
 *
 * `RollingDeployment` creates one by default when it runs 2 or more pods (see its `disruptionBudget`
 * prop); create this construct yourself for other workloads or with `disruptionBudget: false`.
 */
export class PodDisruptionBudget extends PatternConstruct {
  /** Defaults of the props above; the docs and the tests read these too. */
  public static readonly DEFAULTS = {
    maxUnavailable: 1 as IntOrPercent,
    unhealthyPodEvictionPolicy: 'AlwaysAllow',
  } as const;

  public readonly apiObject: k8s.KubePodDisruptionBudget;
  public readonly name: string;
  public readonly target: IPodWorkload;
  /** What the budget emits: exactly one of the two is set. */
  public readonly minAvailable?: IntOrPercent;
  public readonly maxUnavailable?: IntOrPercent;

  constructor(scope: Construct, id: string, props: PodDisruptionBudgetProps) {
    super(scope, id);
    const { target } = props;
    this.name = props.name ?? target.name;
    this.target = target;
    this.minAvailable = props.minAvailable;
    this.maxUnavailable = props.minAvailable === undefined
      ? props.maxUnavailable ?? PodDisruptionBudget.DEFAULTS.maxUnavailable
      : undefined;
    const replicated = isReplicatedWorkload(target) ? target : undefined;
    const { labels, policy } = this.checkProps((problems) => {
      // The default is the target's name, checked where that is set: only a name passed here should fail.
      checkObjectName(this.name, problems, 'dns1123-subdomain', { hint: false });
      const labels = inheritLabels(target.labels, checkLabelProps(props, problems));
      checkBudgetOptions(props, problems);
      // The default is only written where every release of the window knows the field; one asked for must be known.
      const window = KubernetesWindow.of(this);
      const feature = props.unhealthyPodEvictionPolicy !== undefined ? requireFeature(window, 'pdbUnhealthyPodEvictionPolicy') : undefined;
      if (feature) problems.add('unhealthyPodEvictionPolicy', props.unhealthyPodEvictionPolicy, feature.rule, feature.fix, 'kubernetes-window');
      const existing = replicated?.disruptionBudget;
      if (existing) {
        // The eviction API answers 500 for a pod that more than one budget selects.
        const fix = existing.node.scope === target
          ? `configure the default budget through disruptionBudget on "${target.node.path}", or pass disruptionBudget: false to it`
          : 'keep one budget per workload';
        problems.add('target', target.node.path,
          `is already protected by PodDisruptionBudget "${existing.node.path}", and the eviction API refuses pods that two budgets select`, fix);
      }
      const policy = props.unhealthyPodEvictionPolicy
        ?? (supportsFeature(window, 'pdbUnhealthyPodEvictionPolicy') ? PodDisruptionBudget.DEFAULTS.unhealthyPodEvictionPolicy : undefined);
      return { labels, policy };
    });
    replicated?._attachDisruptionBudget(this);

    // The replica count may be decided by an autoscaler attached after this budget: check at synth.
    if (replicated) this.node.addValidation({ validate: () => this.checkAgainstReplicas(replicated.minReplicas) });

    this.apiObject = new k8s.KubePodDisruptionBudget(this, 'Resource', {
      metadata: { name: this.name, labels, annotations: props.annotations },
      spec: {
        selector: { matchLabels: target.selectorLabels },
        minAvailable: this.minAvailable === undefined ? undefined : toIntOrString(this.minAvailable),
        maxUnavailable: this.maxUnavailable === undefined ? undefined : toIntOrString(this.maxUnavailable),
        unhealthyPodEvictionPolicy: policy,
      },
    });
  }

  /** With `replicas` pods, would `minAvailable` leave nothing to evict? Kubernetes rounds percentages up. */
  private checkAgainstReplicas(replicas: number): string[] {
    const min = this.minAvailable;
    if (min === undefined || replicas < 1 || !isIntOrPercent(min)) return [];
    const kept = typeof min === 'number' ? min : Math.ceil((Number(min.slice(0, -1)) * replicas) / 100);
    if (kept < replicas) return [];
    const keptText = typeof min === 'number' ? '' : ` (${kept} of ${replicas} pods)`;
    return [`minAvailable (${JSON.stringify(min)}) keeps all ${replicas} pod${replicas === 1 ? '' : 's'} of "${this.target.node.path}"${keptText}, `
      + `so no eviction is ever allowed and node drains hang; lower minAvailable below ${replicas}, run more replicas, or use maxUnavailable: 1`];
  }
}

/**
 * @internal Checks budget options: those of a PodDisruptionBudget, or (with `where`
 * `disruptionBudget.`) those a RollingDeployment creates its default budget with. Returns whether they are valid.
 */
export function checkBudgetOptions(options: DisruptionBudgetOptions, problems: Problems, where = ''): boolean {
  return problems.passes(() => checkBudget(options, problems, where));
}

function checkBudget(options: DisruptionBudgetOptions, problems: Problems, where: string): void {
  const add = (prop: string, value: unknown, rule: string, fix: string) => problems.add(`${where}${prop}`, value, rule, fix);
  const { minAvailable } = options;
  problems.check(`${where}minAvailable`, minAvailable, singleBudget(minAvailable, options.maxUnavailable));
  const maxUnavailable = minAvailable === undefined ? options.maxUnavailable ?? PodDisruptionBudget.DEFAULTS.maxUnavailable : undefined;
  for (const [prop, value] of [['minAvailable', minAvailable], ['maxUnavailable', maxUnavailable]] as const) {
    const violation = value === undefined ? undefined : intOrPercent(value);
    if (violation) add(prop, value, violation.message, violation.fix);
  }
  if (minAvailable === '100%') {
    add('minAvailable', minAvailable, 'keeps every pod, so no eviction is ever allowed and node drains hang',
      'use a count below the replicas, a lower percentage, or maxUnavailable: 1');
  }
  if (maxUnavailable === 0 || maxUnavailable === '0%') {
    add('maxUnavailable', maxUnavailable, 'allows no eviction, so node drains hang', 'allow at least one pod (maxUnavailable: 1)');
  }
  const policy = options.unhealthyPodEvictionPolicy;
  if (policy !== undefined) problems.check(`${where}unhealthyPodEvictionPolicy`, policy, enumField('evictionPolicy', policy));
}

function isIntOrPercent(value: IntOrPercent): boolean {
  return intOrPercent(value) === undefined;
}
