import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from './private/k8s';
import { ContainerProps } from './container';
import { KubernetesWindow, requireFeature } from './kubernetes-version';
import { checkLabelProps, recommendedLabels, selectorLabels } from './labels';
import { PatternConstruct, Problems } from './private/construct-base';
import { wholeSeconds } from './private/durations';
import { checkObjectName, objectName } from './private/names';
import { BuiltPodSpec, buildPodSpec, IPodWorkload, PodPort, PodSpecProps } from './pod-spec';

/** How a Job runs its pods: shared by `Job` and `CronJob` (whose every run is a Job). */
export interface JobOptions extends PodSpecProps {
  /**
   * What the kubelet does when a container fails. `Never` replaces the pod (keeping the failed one
   * for its logs); `OnFailure` restarts the container in place. Kubernetes refuses `Always` for Jobs.
   * @default 'Never'
   */
  readonly restartPolicy?: 'Never' | 'OnFailure';
  /** Retries before the Job is marked failed. @default - 6 (Kubernetes default) */
  readonly backoffLimit?: number;
  /** The Job fails, and its pods are stopped, after running this long, retries included. @default - no limit */
  readonly activeDeadline?: Duration;
  /** Delete the finished Job (and its pods) this long after it ends. @default - kept until deleted */
  readonly ttlAfterFinished?: Duration;
  /** Successful pods needed for the Job to complete. @default - 1 */
  readonly completions?: number;
  /** Pods running at once. @default - 1 */
  readonly parallelism?: number;
  /**
   * When a replacement pod starts: `Failed` waits until the old pod has fully terminated (never two
   * at once, for work that must not overlap); `TerminatingOrFailed` as soon as it starts terminating.
   * Needs Kubernetes >= 1.29 (JobPodReplacementPolicy).
   * @default - Kubernetes's ('TerminatingOrFailed')
   */
  readonly podReplacementPolicy?: 'TerminatingOrFailed' | 'Failed';
}

export interface JobProps extends JobOptions {}

/** @internal A checked Job spec, and the pod it runs. */
export interface BuiltJob {
  readonly spec: k8s.JobSpec;
  readonly pod: BuiltPodSpec;
}

/** @internal Checks `JobOptions` (props located at `scope`) and renders the Job spec with its pod template. */
export function buildJob(scope: Construct, name: string, labels: Record<string, string>, props: JobOptions, problems: Problems): BuiltJob {
  const pod = buildPodSpec(name, props, problems, KubernetesWindow.of(scope));
  const restartPolicy = props.restartPolicy ?? 'Never';
  if (restartPolicy !== 'Never' && restartPolicy !== 'OnFailure') {
    problems.add('restartPolicy', restartPolicy, 'is not allowed for a Job, whose pods must end',
      'use \'Never\' (replace failed pods) or \'OnFailure\' (restart in place)');
  }
  for (const key of ['backoffLimit', 'completions', 'parallelism'] as const) {
    const value = props[key];
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) problems.add(key, value, 'must be a whole number', 'use 0 or more');
  }
  const policy = props.podReplacementPolicy;
  if (policy !== undefined) {
    const feature = requireFeature(scope, 'jobPodReplacementPolicy');
    if (feature) problems.add('podReplacementPolicy', policy, feature.rule, feature.fix);
    if (policy !== 'TerminatingOrFailed' && policy !== 'Failed') {
      problems.add('podReplacementPolicy', policy, 'is not a pod replacement policy', 'use \'TerminatingOrFailed\' or \'Failed\'');
    }
  }
  return {
    pod,
    spec: {
      backoffLimit: props.backoffLimit,
      activeDeadlineSeconds: wholeSeconds(props.activeDeadline, 'activeDeadline', problems, { min: 1 }),
      ttlSecondsAfterFinished: wholeSeconds(props.ttlAfterFinished, 'ttlAfterFinished', problems),
      completions: props.completions,
      parallelism: props.parallelism,
      podReplacementPolicy: policy,
      template: {
        metadata: { labels: { ...labels, ...pod.labels }, annotations: pod.annotations },
        spec: { ...pod.spec, restartPolicy },
      },
    },
  };
}

/**
 * A Job: pods that run to completion (a database migration, a batch import), retried on failure.
 * Native sidecars (init containers with `restartPolicy: Always`) do not keep it from completing.
 */
export class Job extends PatternConstruct implements IPodWorkload {
  public readonly apiObject: k8s.KubeJob;
  public readonly name: string;
  public readonly labels: Record<string, string>;
  public readonly selectorLabels: Record<string, string>;
  public readonly ports: readonly PodPort[];
  public readonly containers: readonly (ContainerProps & { readonly name: string })[];

  constructor(scope: Construct, id: string, props: JobProps) {
    super(scope, id);
    const name = props.name ?? objectName(this);
    // A bad name (reported in collect mode) is not passed on to the container that derives its own from it.
    const { jobName, labels, job } = this.checkProps((problems) => {
      const jobName = checkObjectName(name, problems, 'dns1123-label') ? name : objectName(this);
      const labels = recommendedLabels(this, jobName, checkLabelProps(props, problems));
      return { jobName, labels, job: buildJob(this, jobName, labels, props, problems) };
    });
    this.name = jobName;
    this.labels = labels;
    this.selectorLabels = selectorLabels(labels);

    this.ports = job.pod.ports;
    this.containers = job.pod.containers;
    this.apiObject = new k8s.KubeJob(this, 'Resource', {
      metadata: { name: this.name, labels: this.labels, annotations: props.annotations },
      spec: job.spec,
    });
  }
}
