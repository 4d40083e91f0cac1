import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from './private/k8s';
import { KubernetesWindow, requireFeature } from './kubernetes-version';
import { Problems } from './private/construct-base';
import { wholeSeconds } from './private/durations';
import { PodWorkloadBase } from './private/pod-workload';
import { wholeNumber } from './rules/numbers';
import { indexedHostname, indexedParallelism } from './rules/jobs';
import { BuiltPodSpec, buildPodSpec, PodSpecProps } from './pod-spec';
import { buildJobPolicies, PodFailureRule, SuccessRule } from './job-policies';

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
  /**
   * `Indexed` gives each pod an index from 0 to completions - 1 (in the `JOB_COMPLETION_INDEX`
   * environment variable and the pod's hostname), and the Job completes when every index has
   * succeeded once. Needs `completions`.
   * @default - Kubernetes's ('NonIndexed': any `completions` successful pods)
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/#completion-mode
   */
  readonly completionMode?: 'NonIndexed' | 'Indexed';
  /**
   * Rules deciding what a failed pod means, by exit code or pod condition: fail the Job at once
   * (`FailJob`), retry without counting against `backoffLimit` (`Ignore`), or count as usual. At most 20;
   * needs restartPolicy `Never`, and podReplacementPolicy `Failed` if that is set.
   * @default - every failure counts against backoffLimit
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/#pod-failure-policy
   */
  readonly podFailurePolicy?: PodFailureRule[];
  /**
   * Rules that let an Indexed Job succeed before every index has (a leader's index, or any N indexes).
   * At most 20; needs completionMode `Indexed` and Kubernetes >= 1.31 (JobSuccessPolicy).
   * @default - the Job succeeds when every index has succeeded
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/#success-policy
   */
  readonly successPolicy?: SuccessRule[];
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
    if (value !== undefined) problems.check(key, value, wholeNumber(value));
  }
  if (props.completionMode === 'Indexed' && props.parallelism !== undefined) {
    problems.check('parallelism', props.parallelism, indexedParallelism(props.parallelism));
  }
  const policy = props.podReplacementPolicy;
  if (policy !== undefined) {
    const feature = requireFeature(scope, 'jobPodReplacementPolicy');
    if (feature) problems.add('podReplacementPolicy', policy, feature.rule, feature.fix);
    if (policy !== 'TerminatingOrFailed' && policy !== 'Failed') {
      problems.add('podReplacementPolicy', policy, 'is not a pod replacement policy', 'use \'TerminatingOrFailed\' or \'Failed\'');
    }
  }
  const containerNames = [...pod.spec.containers, ...pod.spec.initContainers ?? []].map((c) => c.name);
  const policies = buildJobPolicies(scope, props, containerNames, restartPolicy, problems);
  return {
    pod,
    spec: {
      ...policies,
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
export class Job extends PodWorkloadBase {
  public readonly apiObject: k8s.KubeJob;

  constructor(scope: Construct, id: string, props: JobProps) {
    super(scope, id, props);
    const job = this.checkProps((problems) => {
      const built = buildJob(this, this.name, this.labels, props, problems);
      // Only a Job's own pods are named <name>-<index>; a CronJob's Jobs get their names when they run.
      const completions = props.completions;
      if (props.completionMode === 'Indexed' && completions !== undefined && Number.isInteger(completions) && completions > 0) {
        problems.check('name', this.name, indexedHostname(this.name, completions));
      }
      return built;
    });
    this.usePod(job.pod);
    this.apiObject = new k8s.KubeJob(this, 'Resource', { metadata: this.metadata(props.annotations), spec: job.spec });
  }
}
