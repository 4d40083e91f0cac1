import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from './private/k8s';
import { ContainerProps } from './container';
import { buildJob, JobOptions } from './job';
import { checkLabelProps, recommendedLabels, selectorLabels } from './labels';
import { PatternConstruct, Problems } from './private/construct-base';
import { wholeSeconds } from './private/durations';
import { checkObjectName, objectName } from './private/names';
import { IPodWorkload, PodPort } from './pod-spec';
import { cronJobName, cronSchedule, MAX_CRONJOB_NAME_LENGTH, timeZone } from './rules/cron';

export interface CronJobProps extends JobOptions {
  /**
   * When to run, in cron syntax ("minute hour day-of-month month day-of-week", e.g. `"30 2 * * *"`)
   * or a macro (`"@daily"`), in `timeZone`.
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax
   */
  readonly schedule: string;
  /** An IANA time zone name, e.g. `Europe/Berlin`. @default - the kube-controller-manager's time zone (usually UTC) */
  readonly timeZone?: string;
  /**
   * What happens when a run is due while the previous one still runs: `Forbid` skips the new run,
   * `Replace` stops the old one, `Allow` runs both. The default avoids two reports (or two
   * migrations) running at once, unlike Kubernetes's own default, `Allow`.
   * @default 'Forbid'
   */
  readonly concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
  /**
   * A run that could not start within this long of its time (controller down, `Forbid` skipping) is
   * counted as missed instead of started late.
   * @default - no deadline
   */
  readonly startingDeadline?: Duration;
  /** Finished Jobs kept, for their logs. @default - Kubernetes's: 3 successful, 1 failed */
  readonly jobHistory?: { readonly successful?: number; readonly failed?: number };
  /** Stop scheduling new runs (running ones go on). @default false */
  readonly suspend?: boolean;
}

/** A CronJob: a Job run on a schedule (a nightly report, a cleanup). */
export class CronJob extends PatternConstruct implements IPodWorkload {
  public static readonly DEFAULTS = { concurrencyPolicy: 'Forbid' } as const;

  public readonly apiObject: k8s.KubeCronJob;
  public readonly name: string;
  public readonly labels: Record<string, string>;
  public readonly selectorLabels: Record<string, string>;
  public readonly ports: readonly PodPort[];
  public readonly containers: readonly (ContainerProps & { readonly name: string })[];

  constructor(scope: Construct, id: string, props: CronJobProps) {
    super(scope, id);
    const name = props.name ?? objectName(this);
    const { cronName, labels, job, spec } = this.checkProps((problems) => {
      const nameOk = checkObjectName(name, problems, 'dns1123-subdomain') && problems.check('name', name, cronJobName(name));
      const cronName = nameOk ? name : objectName(this).slice(0, MAX_CRONJOB_NAME_LENGTH).replace(/-+$/, '');
      const labels = recommendedLabels(this, cronName, checkLabelProps(props, problems));
      return { cronName, labels, job: buildJob(this, cronName, labels, props, problems), spec: checkCronProps(props, problems) };
    });
    this.name = cronName;
    this.labels = labels;
    this.selectorLabels = selectorLabels(labels);

    this.ports = job.pod.ports;
    this.containers = job.pod.containers;
    this.apiObject = new k8s.KubeCronJob(this, 'Resource', {
      metadata: { name: this.name, labels: this.labels, annotations: props.annotations },
      spec: { ...spec, jobTemplate: { metadata: { labels: this.labels }, spec: job.spec } },
    });
  }
}

function checkCronProps(props: CronJobProps, problems: Problems): Omit<k8s.CronJobSpec, 'jobTemplate'> {
  problems.check('schedule', props.schedule, cronSchedule(props.schedule));
  if (props.timeZone !== undefined) problems.check('timeZone', props.timeZone, timeZone(props.timeZone));
  const policy = props.concurrencyPolicy ?? CronJob.DEFAULTS.concurrencyPolicy;
  if (policy !== 'Allow' && policy !== 'Forbid' && policy !== 'Replace') {
    problems.add('concurrencyPolicy', policy, 'is not a concurrency policy', 'use \'Forbid\', \'Replace\' or \'Allow\'');
  }
  for (const key of ['successful', 'failed'] as const) {
    const value = props.jobHistory?.[key];
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) problems.add(`jobHistory.${key}`, value, 'must be a whole number',
      'use 0 or more');
  }
  return {
    schedule: props.schedule,
    timeZone: props.timeZone,
    concurrencyPolicy: policy,
    startingDeadlineSeconds: wholeSeconds(props.startingDeadline, 'startingDeadline', problems, { min: 1 }),
    successfulJobsHistoryLimit: props.jobHistory?.successful,
    failedJobsHistoryLimit: props.jobHistory?.failed,
    suspend: props.suspend,
  };
}
