import { Duration, Lazy } from 'cdk8s';
import * as k8s from './private/k8s';
import { Construct, IConstruct } from 'constructs';
import { SAFE_TO_EVICT_ANNOTATION } from './cluster-autoscaler';
import { checkBudgetOptions, DisruptionBudgetOptions, IReplicatedWorkload, PodDisruptionBudget } from './disruption-budget';
import { KubernetesWindow } from './kubernetes-version';
import { wholeSeconds } from './private/durations';
import { Problems } from './private/construct-base';
import { toIntOrString } from './private/int-or-string';
import { PodWorkloadBase } from './private/pod-workload';
import { buildPodSpec, PodSpecProps } from './pod-spec';
import { AutoscalerSlots } from './private/autoscaler-slots';
import type { IScalableWorkload, ReplicaScaler, ScaledResource, ScaleTargetReference, ScalingSignal } from './workload';
import { IntOrPercent, intOrPercent, surgeIntOrPercent } from './rules/int-or-percent';
import { enumField } from './rules/enums';
import { historyLimit, podCount } from './rules/numbers';
import { rolloutProgress } from './rules/workloads';
import { AVAILABILITY_DEFAULTS, checkSpread, SpreadConstraint, spreadConstraints, TopologySpreadProps } from './topology-spread';

export type { TopologySpreadOptions, TopologySpreadProps } from './topology-spread';

/** A pod count (`1`) or a share of the desired replicas (`'25%'`). */
export type { IntOrPercent } from './rules/int-or-percent';

export interface RollingDeploymentProps extends PodSpecProps {
  /**
   * Desired pod count. Leave unset when a `HorizontalAutoscaler` manages the deployment: a pinned
   * `spec.replicas` would be reset on every `kubectl apply`, fighting the autoscaler.
   * @default 1 (omitted from the manifest when autoscaled)
   */
  readonly replicas?: number;
  /**
   * How a new version replaces the pods. `RollingUpdate` replaces them gradually (old and new run side
   * by side); `Recreate` stops every old pod before starting new ones, for single-writer apps (a Redis,
   * an app holding a ReadWriteOnce volume) that must never run twice, at the cost of downtime.
   * `maxSurge` and `maxUnavailable` only apply to `RollingUpdate`.
   * @default 'RollingUpdate'
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#strategy
   */
  readonly strategy?: 'RollingUpdate' | 'Recreate';
  /**
   * Extra pods allowed above `replicas` during a rollout.
   * @default '25%'
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#max-surge
   */
  readonly maxSurge?: IntOrPercent;
  /**
   * Pods allowed to be unavailable during a rollout. The default keeps full capacity while new
   * pods come up (zero downtime); Kubernetes's own default is 25%.
   * @default 0
   */
  readonly maxUnavailable?: IntOrPercent;
  /** How long a new pod must be ready before it counts as available. @default - 0s */
  readonly minReady?: Duration;
  /**
   * After this long without progress the rollout is marked failed (`kubectl rollout status` exits 1),
   * which is the signal to `kubectl rollout undo`.
   * @default Duration.seconds(600)
   */
  readonly progressDeadline?: Duration;
  /**
   * Old ReplicaSets kept for `kubectl rollout undo --to-revision`.
   * @default 10
   */
  readonly revisionHistoryLimit?: number;
  /**
   * Recorded as `kubernetes.io/change-cause`, which `kubectl rollout history` lists per revision.
   * @default - "<version>" when `version` is set, else the container images
   */
  readonly changeCause?: string;
  /**
   * The PodDisruptionBudget of the pods, exposed as `disruptionBudget`. By default one with
   * `maxUnavailable: 1` is created when the deployment runs 2 or more pods: pinned `replicas` ≥ 2,
   * or (created when the autoscaler attaches) a `HorizontalAutoscaler` with `minReplicas` ≥ 2.
   * Options create a budget whatever the replicas; `false` creates none.
   * @default - maxUnavailable 1 when 2 or more pods run, else none
   */
  readonly disruptionBudget?: DisruptionBudgetOptions | false;
  /**
   * Spread the replicas across zones and nodes (`topologySpreadConstraints`, selecting this
   * deployment's pods of the same revision). By default both spreads are preferences
   * (`ScheduleAnyway`), so clusters with one zone, or nodes without zone labels, still schedule.
   * @default - zone and node, maxSkew 1, ScheduleAnyway, when 2 or more pods may run (replicas ≥ 2 or an autoscaler's maxReplicas ≥ 2); `false` turns
   * both off
   */
  readonly topologySpread?: TopologySpreadProps | false;
  /**
   * Sets `cluster-autoscaler.kubernetes.io/safe-to-evict` on the pods. `true` lets the cluster
   * autoscaler remove a node despite these pods' local storage (`writablePaths` and shared
   * volumes are emptyDirs, which otherwise keep a node alive); `false` pins the node.
   * @default - no annotation (the cluster autoscaler decides by its own rules)
   * @see https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/FAQ.md#what-types-of-pods-can-prevent-ca-from-removing-a-node
   */
  readonly safeToEvict?: boolean;
}


/**
 * A Deployment that replaces pods gradually, heals them with probes, and keeps the history
 * `kubectl rollout undo` needs.
 */
export class RollingDeployment extends PodWorkloadBase implements IReplicatedWorkload, IScalableWorkload {
  /** Defaults of the props above; the docs and the tests read these too. */
  public static readonly DEFAULTS = {
    replicas: 1,
    maxSurge: '25%' as IntOrPercent,
    maxUnavailable: 0 as IntOrPercent,
    progressDeadlineSeconds: 600,
    revisionHistoryLimit: 10,
    /** Pod count from which the default PodDisruptionBudget and topology spread apply. */
    availabilityFromReplicas: AVAILABILITY_DEFAULTS.availabilityFromReplicas,
    topologySpread: AVAILABILITY_DEFAULTS.topologySpread,
  } as const;

  /** The Deployment object, for anything this construct does not model. */
  public readonly apiObject: k8s.KubeDeployment;
  /** The replica count the user pinned, if any. */
  public readonly replicas?: number;
  private readonly slots = new AutoscalerSlots(this, 'deployment');
  private budget?: PodDisruptionBudget;
  private readonly budgetProps?: DisruptionBudgetOptions | false;

  constructor(scope: Construct, id: string, props: RollingDeploymentProps) {
    super(scope, id, props);
    const defaults = RollingDeployment.DEFAULTS;
    this.replicas = props.replicas;
    const { rollout, pod } = this.checkProps((problems) => ({
      rollout: checkRollout(props, problems),
      pod: this.usePod(buildPodSpec(this.name, props, problems, KubernetesWindow.of(this))),
    }));
    const podAnnotations = { ...pod.annotations };
    if (props.safeToEvict !== undefined) podAnnotations[SAFE_TO_EVICT_ANNOTATION] = String(props.safeToEvict);

    const changeCause = props.changeCause
      ?? (props.version !== undefined ? props.version : pod.containers.map((c) => c.image).join(', '));
    this.apiObject = new k8s.KubeDeployment(this, 'Resource', {
      metadata: this.metadata({ ...props.annotations, 'kubernetes.io/change-cause': changeCause }),
      spec: {
        replicas: Lazy.any({ produce: () => (this.slots.scaler ? undefined : props.replicas ?? defaults.replicas) }),
        selector: { matchLabels: this.selectorLabels },
        strategy: rollout.strategy === 'Recreate' ? { type: 'Recreate' } : {
          type: 'RollingUpdate',
          rollingUpdate: { maxSurge: toIntOrString(rollout.maxSurge), maxUnavailable: toIntOrString(rollout.maxUnavailable) },
        },
        minReadySeconds: rollout.minReadySeconds,
        progressDeadlineSeconds: rollout.progressDeadlineSeconds,
        revisionHistoryLimit: rollout.revisionHistoryLimit,
        template: {
          metadata: this.templateMetadata(Object.keys(podAnnotations).length > 0 ? podAnnotations : undefined),
          spec: {
            ...pod.spec,
            // An autoscaler attached later decides whether more than one pod can run.
            topologySpreadConstraints: Lazy.any({
              produce: () => spreadConstraints(rollout.spread, props.topologySpread !== undefined, this.maxReplicas, this.selectorLabels),
            }),
          },
        },
      },
    });

    // Options reported invalid (in collect mode) create no budget: it would report them again.
    this.budgetProps = rollout.budgetOk ? props.disruptionBudget : false;
    if (this.budgetProps !== false
      && (this.budgetProps !== undefined || (props.replicas ?? defaults.replicas) >= RollingDeployment.DEFAULTS.availabilityFromReplicas)) {
      this.createBudget();
    }
  }

  /** The fewest pods this deployment runs: `replicas`, or its autoscaler's `minReplicas`. */
  public get minReplicas(): number {
    return this.slots.scaler ? this.slots.scaler.minReplicas : this.replicas ?? RollingDeployment.DEFAULTS.replicas;
  }

  /** The most pods this deployment runs: `replicas`, or its autoscaler's `maxReplicas`. */
  public get maxReplicas(): number {
    return this.slots.scaler ? this.slots.scaler.maxReplicas : this.replicas ?? RollingDeployment.DEFAULTS.replicas;
  }

  /** The PodDisruptionBudget protecting the pods: the default one or one created on this deployment. */
  public get disruptionBudget(): PodDisruptionBudget | undefined {
    return this.budget;
  }

  /** The VerticalAutoscaler resizing the pods, if one was attached. */
  public get verticalAutoscaler(): IConstruct | undefined {
    return this.slots.resizer?.construct;
  }

  /** The autoscaler managing `spec.replicas`, if one was attached. */
  public get autoscaler(): IConstruct | undefined {
    return this.slots.scaler;
  }

  /** The reference an autoscaler puts in its spec. */
  public get scaleTargetRef(): ScaleTargetReference {
    return { apiVersion: 'apps/v1', kind: 'Deployment', name: this.name };
  }

  /** @internal Called by `HorizontalAutoscaler` before it attaches: can it own `spec.replicas`? */
  public _checkAutoscaler(problems: Problems, signals: readonly ScalingSignal[] = []): void {
    this.slots.checkHorizontal(problems, this.replicas, signals);
  }

  /** @internal From now on the autoscaler owns `spec.replicas`. */
  public _attachAutoscaler(scaler: ReplicaScaler, signals: readonly ScalingSignal[] = []): void {
    this.slots.attachHorizontal(scaler, signals);
    if (this.budgetProps === undefined && !this.budget && scaler.minReplicas >= RollingDeployment.DEFAULTS.availabilityFromReplicas) {
      this.createBudget();
    }
  }

  /** @internal Called by `VerticalAutoscaler` before it attaches; `resources` are those it resizes. */
  public _checkVerticalAutoscaler(problems: Problems, resources: readonly ScaledResource[]): void {
    this.slots.checkVertical(problems, resources);
  }

  /** @internal */
  public _attachVerticalAutoscaler(resizer: IConstruct, resources: readonly ScaledResource[]): void {
    this.slots.attachVertical(resizer, resources);
  }

  /** @internal */
  public _attachDisruptionBudget(budget: PodDisruptionBudget): void {
    this.budget = budget;
  }

  private createBudget(): void {
    new PodDisruptionBudget(this, 'DisruptionBudget', { ...(this.budgetProps || {}), target: this });
  }
}

/** @internal The props `checkRollout` checks: those of a RollingDeployment that are not about its pods or metadata. */
export type RolloutProps = Pick<RollingDeploymentProps, typeof ROLLOUT_PROPS[number] | 'podAnnotations'>;

/**
 * @internal The rollout props, for constructs that pass them on to several Deployments (and check
 * them once, themselves) and must leave them out when they are invalid.
 */
export const ROLLOUT_PROPS = [
  'replicas', 'strategy', 'maxSurge', 'maxUnavailable', 'minReady', 'progressDeadline', 'revisionHistoryLimit',
  'topologySpread', 'safeToEvict', 'disruptionBudget',
] as const;

/** @internal `RolloutProps` after their checks, defaults applied. */
export interface CheckedRollout {
  readonly strategy: 'RollingUpdate' | 'Recreate';
  readonly maxSurge: IntOrPercent;
  readonly maxUnavailable: IntOrPercent;
  readonly progressDeadlineSeconds: number;
  readonly minReadySeconds?: number;
  readonly revisionHistoryLimit: number;
  /** The topology spread constraints, without their label selector. */
  readonly spread: SpreadConstraint[];
  /** Whether the `disruptionBudget` options are valid. */
  readonly budgetOk: boolean;
}

/** @internal Checks the rollout props of a RollingDeployment (or of the Deployments of a release). */
export function checkRollout(props: RolloutProps, problems: Problems): CheckedRollout {
  const defaults = RollingDeployment.DEFAULTS;
  checkReplicas('replicas', props.replicas, problems);
  const strategy = props.strategy ?? 'RollingUpdate';
  problems.check('strategy', strategy, enumField('deploymentStrategy', strategy));
  for (const key of ['maxSurge', 'maxUnavailable'] as const) {
    if (strategy === 'Recreate' && props[key] !== undefined) {
      problems.add(key, props[key], 'only applies to strategy \'RollingUpdate\'; \'Recreate\' stops every old pod before starting new ones',
        `remove ${key}, or use strategy: 'RollingUpdate'`);
    }
  }
  const maxSurge = props.maxSurge ?? defaults.maxSurge;
  const maxUnavailable = props.maxUnavailable ?? defaults.maxUnavailable;
  problems.check('maxSurge', maxSurge, surgeIntOrPercent(maxSurge));
  checkIntOrPercent('maxUnavailable', maxUnavailable, problems);
  if (strategy !== 'Recreate' && isZero(maxSurge) && isZero(maxUnavailable)) {
    problems.check('maxUnavailable', maxUnavailable, rolloutProgress(0, 0, 'Deployment'));
  }
  const progressDeadlineSeconds = wholeSeconds(props.progressDeadline, 'progressDeadline', problems, { min: 1 })
    ?? defaults.progressDeadlineSeconds;
  const minReadySeconds = wholeSeconds(props.minReady, 'minReady', problems);
  if (minReadySeconds !== undefined && progressDeadlineSeconds <= minReadySeconds) {
    problems.add('progressDeadline', Duration.seconds(progressDeadlineSeconds), `must be longer than minReady (${minReadySeconds}s)`,
      'raise progressDeadline or lower minReady');
  }
  const revisionHistoryLimit = props.revisionHistoryLimit ?? defaults.revisionHistoryLimit;
  problems.check('revisionHistoryLimit', revisionHistoryLimit, historyLimit(revisionHistoryLimit));
  const spread = checkSpread(props.topologySpread, 'pod-template-hash', problems);
  if (props.safeToEvict !== undefined) {
    const given = props.podAnnotations?.[SAFE_TO_EVICT_ANNOTATION];
    if (given !== undefined && given !== String(props.safeToEvict)) {
      problems.add('safeToEvict', props.safeToEvict, `contradicts podAnnotations["${SAFE_TO_EVICT_ANNOTATION}"] (${JSON.stringify(given)})`,
        'set it in one place');
    }
  }
  // Checked here, not by the budget it creates: the options are this construct's props.
  const budgetOk = !props.disruptionBudget || checkBudgetOptions(props.disruptionBudget, problems, 'disruptionBudget.');
  return { strategy, maxSurge, maxUnavailable, progressDeadlineSeconds, minReadySeconds, revisionHistoryLimit, spread, budgetOk };
}

/** @internal A pinned replica count; `undefined` is valid (the default, or an autoscaler, decides). */
export function checkReplicas(prop: string, replicas: number | undefined, problems: Problems): boolean {
  return replicas === undefined || problems.check(prop, replicas, podCount(replicas));
}

function checkIntOrPercent(prop: string, value: IntOrPercent, problems: Problems): void {
  problems.check(prop, value, intOrPercent(value));
}

function isZero(value: IntOrPercent): boolean {
  return value === 0 || value === '0%';
}
