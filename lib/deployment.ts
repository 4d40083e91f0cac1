import { Duration, Lazy } from 'cdk8s';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct, IConstruct } from 'constructs';
import { ContainerProps } from './container';
import { recommendedLabels, selectorLabels } from './labels';
import { wholeSeconds } from './private/durations';
import { Problems } from './private/errors';
import { toIntOrString } from './private/int-or-string';
import { objectName } from './private/names';
import { buildPodSpec, IPodWorkload, PodPort, PodSpecProps } from './pod-spec';

/** A pod count (`1`) or a share of the desired replicas (`'25%'`). */
export type IntOrPercent = number | `${number}%`;

export interface RollingDeploymentProps extends PodSpecProps {
  /**
   * Desired pod count. Leave unset when a `HorizontalAutoscaler` manages the deployment: a pinned
   * `spec.replicas` would be reset on every `kubectl apply`, fighting the autoscaler.
   * @default 1 (omitted from the manifest when autoscaled)
   */
  readonly replicas?: number;
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
}

const PERCENT = /^\d+%$/;

/**
 * A Deployment that replaces pods gradually, heals them with probes, and keeps the history
 * `kubectl rollout undo` needs.
 */
export class RollingDeployment extends Construct implements IPodWorkload {
  /** Defaults of the props above; the docs and the tests read these too. */
  public static readonly DEFAULTS = {
    replicas: 1,
    maxSurge: '25%' as IntOrPercent,
    maxUnavailable: 0 as IntOrPercent,
    progressDeadlineSeconds: 600,
    revisionHistoryLimit: 10,
  } as const;

  /** The Deployment object, for anything this construct does not model. */
  public readonly apiObject: k8s.KubeDeployment;
  public readonly name: string;
  public readonly labels: Record<string, string>;
  public readonly selectorLabels: Record<string, string>;
  public readonly ports: readonly PodPort[];
  public readonly containers: readonly (ContainerProps & { readonly name: string })[];
  /** The replica count the user pinned, if any. */
  public readonly replicas?: number;
  private scaler?: IConstruct;

  constructor(scope: Construct, id: string, props: RollingDeploymentProps) {
    super(scope, id);
    const problems = new Problems(this);
    const defaults = RollingDeployment.DEFAULTS;
    this.name = props.name ?? objectName(this);
    this.labels = recommendedLabels(this, this.name, props);
    this.selectorLabels = selectorLabels(this.labels);
    this.replicas = props.replicas;

    if (props.replicas !== undefined && (!Number.isInteger(props.replicas) || props.replicas < 0)) {
      problems.add('replicas', props.replicas, 'must be a whole number of pods', 'use 0 or more');
    }
    const maxSurge = props.maxSurge ?? defaults.maxSurge;
    const maxUnavailable = props.maxUnavailable ?? defaults.maxUnavailable;
    checkIntOrPercent('maxSurge', maxSurge, problems);
    checkIntOrPercent('maxUnavailable', maxUnavailable, problems);
    if (isZero(maxSurge) && isZero(maxUnavailable)) {
      problems.add('maxUnavailable', maxUnavailable, 'and maxSurge are both zero, so a rollout could never replace a pod', 'allow at least one extra pod (maxSurge: 1) or one unavailable pod (maxUnavailable: 1)');
    }
    const progressDeadlineSeconds = wholeSeconds(props.progressDeadline, 'progressDeadline', problems, { min: 1 })
      ?? defaults.progressDeadlineSeconds;
    const minReadySeconds = wholeSeconds(props.minReady, 'minReady', problems);
    if (minReadySeconds !== undefined && progressDeadlineSeconds <= minReadySeconds) {
      problems.add('progressDeadline', Duration.seconds(progressDeadlineSeconds), `must be longer than minReady (${minReadySeconds}s)`, 'raise progressDeadline or lower minReady');
    }
    const revisionHistoryLimit = props.revisionHistoryLimit ?? defaults.revisionHistoryLimit;
    if (!Number.isInteger(revisionHistoryLimit) || revisionHistoryLimit < 0) {
      problems.add('revisionHistoryLimit', revisionHistoryLimit, 'must be a whole number', 'use 0 or more (0 disables rollback)');
    }
    const pod = buildPodSpec(this.name, props, problems);
    problems.report();

    this.ports = pod.ports;
    this.containers = pod.containers;
    const changeCause = props.changeCause
      ?? (props.version !== undefined ? props.version : pod.containers.map((c) => c.image).join(', '));
    this.apiObject = new k8s.KubeDeployment(this, 'Resource', {
      metadata: {
        name: this.name,
        labels: this.labels,
        annotations: { ...props.annotations, 'kubernetes.io/change-cause': changeCause },
      },
      spec: {
        replicas: Lazy.any({ produce: () => (this.scaler ? undefined : props.replicas ?? defaults.replicas) }),
        selector: { matchLabels: this.selectorLabels },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxSurge: toIntOrString(maxSurge), maxUnavailable: toIntOrString(maxUnavailable) },
        },
        minReadySeconds,
        progressDeadlineSeconds,
        revisionHistoryLimit,
        template: {
          metadata: { labels: this.labels, annotations: pod.annotations },
          spec: pod.spec,
        },
      },
    });
  }

  /** The autoscaler managing `spec.replicas`, if one was attached. */
  public get autoscaler(): IConstruct | undefined {
    return this.scaler;
  }

  /** @internal Called by `HorizontalAutoscaler` before it attaches: can it own `spec.replicas`? */
  public _checkAutoscaler(problems: Problems): void {
    if (this.replicas !== undefined) {
      problems.add('target', this.node.path, `pins replicas (${this.replicas}), which the autoscaler would fight on every apply`, `remove replicas from "${this.node.path}" and set minReplicas instead`);
    }
    if (this.scaler) {
      problems.add('target', this.node.path, `is already scaled by "${this.scaler.node.path}"`, 'attach one HorizontalAutoscaler per deployment');
    }
  }

  /** @internal From now on the autoscaler owns `spec.replicas`. */
  public _attachAutoscaler(scaler: IConstruct): void {
    this.scaler = scaler;
  }
}

function checkIntOrPercent(prop: string, value: IntOrPercent, problems: Problems): void {
  const ok = typeof value === 'number'
    ? Number.isInteger(value) && value >= 0
    : PERCENT.test(value) && Number(value.slice(0, -1)) <= 100;
  if (!ok) problems.add(prop, value, 'is neither a pod count nor a percentage', 'use a whole number such as 1, or a percentage from "0%" to "100%"');
}

function isZero(value: IntOrPercent): boolean {
  return value === 0 || value === '0%';
}
