import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from './private/k8s';
import { buildJob, JobOptions } from './job';
import { Problems } from './private/construct-base';
import { wholeSeconds } from './private/durations';
import { PodWorkloadBase } from './private/pod-workload';
import { cronJobName, cronSchedule, MAX_CRONJOB_NAME_LENGTH, timeZone } from './rules/cron';
import { wholeNumber } from './rules/numbers';
import { concurrencyPolicy } from './rules/workloads';

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
export class CronJob extends PodWorkloadBase {
  public static readonly DEFAULTS = { concurrencyPolicy: 'Forbid' } as const;

  public readonly apiObject: k8s.KubeCronJob;

  constructor(scope: Construct, id: string, props: CronJobProps) {
    super(scope, id, props, { rule: 'dns1123-subdomain', kindRule: cronJobName, maxLength: MAX_CRONJOB_NAME_LENGTH });
    const { job, spec } = this.checkProps((problems) => ({
      job: buildJob(this, this.name, this.labels, props, problems),
      spec: checkCronProps(props, problems),
    }));
    this.usePod(job.pod);
    this.apiObject = new k8s.KubeCronJob(this, 'Resource', {
      metadata: this.metadata(props.annotations),
      spec: { ...spec, jobTemplate: { metadata: { labels: this.labels }, spec: job.spec } },
    });
  }
}

function checkCronProps(props: CronJobProps, problems: Problems): Omit<k8s.CronJobSpec, 'jobTemplate'> {
  problems.check('schedule', props.schedule, cronSchedule(props.schedule));
  if (props.timeZone !== undefined) problems.check('timeZone', props.timeZone, timeZone(props.timeZone));
  const policy = props.concurrencyPolicy ?? CronJob.DEFAULTS.concurrencyPolicy;
  problems.check('concurrencyPolicy', policy, concurrencyPolicy(policy));
  for (const key of ['successful', 'failed'] as const) {
    const value = props.jobHistory?.[key];
    if (value !== undefined) problems.check(`jobHistory.${key}`, value, wholeNumber(value));
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
