import { Chart, Duration, Testing } from 'cdk8s';
import { CronJob, Job, KUBERNETES_WINDOW_CONTEXT } from '../lib';
import { cronSchedule, timeZone } from '../lib/rules';
import { formatFindings, validateManifests } from '../lib/validation';
import { container, find, newChart, synth } from './util';

const TASK = { containers: [{ image: 'busybox:1.36', command: ['sh', '-c', 'echo done'] }] };

describe('Job', () => {
  test('minimal: restartPolicy Never, hardened pod', () => {
    const chart = newChart({ namespace: 'shop' });
    new Job(chart, 'migrate', TASK);
    const manifests = synth(chart);
    expect(manifests).toMatchSnapshot();
    const spec = find(manifests, 'Job', 'migrate').spec;
    expect(spec.template.spec.restartPolicy).toBe('Never');
    expect(container(spec.template.spec, 'migrate').securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true });
    expect(spec.backoffLimit).toBeUndefined();
    expect(formatFindings(validateManifests(manifests))).toBe('');
  });

  test('all props', () => {
    const chart = newChart({ namespace: 'shop' });
    new Job(chart, 'import', {
      ...TASK, restartPolicy: 'OnFailure', backoffLimit: 2, activeDeadline: Duration.minutes(10), ttlAfterFinished: Duration.hours(1),
      completions: 5, parallelism: 2, podReplacementPolicy: 'Failed', version: '1.2',
    });
    const manifests = synth(chart);
    expect(manifests).toMatchSnapshot();
    expect(find(manifests, 'Job', 'import').spec).toMatchObject({
      backoffLimit: 2, activeDeadlineSeconds: 600, ttlSecondsAfterFinished: 3600, completions: 5, parallelism: 2, podReplacementPolicy: 'Failed',
      template: { spec: { restartPolicy: 'OnFailure' } },
    });
    expect(formatFindings(validateManifests(manifests))).toBe('');
  });

  test('podReplacementPolicy needs Kubernetes 1.29: refused when the window\'s oldest is 1.27', () => {
    const app = Testing.app();
    app.node.setContext(KUBERNETES_WINDOW_CONTEXT, { oldest: '1.27', newest: '1.36' });
    const chart = new Chart(app, 'test');
    expect(() => new Job(chart, 'migrate', { ...TASK, podReplacementPolicy: 'Failed' })).toThrow(
      '[test/migrate] podReplacementPolicy ("Failed") needs Kubernetes >= 1.29 for Job podReplacementPolicy (the window\'s oldest is 1.27); raise the window\'s oldest to 1.29 or later (cdk8s-patterns:kubernetesWindow), or leave podReplacementPolicy unset');
  });
});

describe('CronJob', () => {
  test('minimal: Forbid overlapping runs', () => {
    const chart = newChart({ namespace: 'shop' });
    new CronJob(chart, 'report', { ...TASK, schedule: '@daily' });
    const manifests = synth(chart);
    expect(manifests).toMatchSnapshot();
    const spec = find(manifests, 'CronJob', 'report').spec;
    expect(spec).toMatchObject({ schedule: '@daily', concurrencyPolicy: 'Forbid' });
    expect(spec.jobTemplate.spec.template.spec.restartPolicy).toBe('Never');
    expect(formatFindings(validateManifests(manifests))).toBe('');
  });

  test('all props', () => {
    const chart = newChart({ namespace: 'shop' });
    new CronJob(chart, 'report', {
      ...TASK, schedule: '30 2 * * MON-FRI', timeZone: 'Europe/Berlin', concurrencyPolicy: 'Replace', startingDeadline: Duration.minutes(5),
      jobHistory: { successful: 1, failed: 3 }, suspend: true, backoffLimit: 1, ttlAfterFinished: Duration.days(1),
    });
    const manifests = synth(chart);
    expect(manifests).toMatchSnapshot();
    expect(find(manifests, 'CronJob', 'report').spec).toMatchObject({
      schedule: '30 2 * * MON-FRI', timeZone: 'Europe/Berlin', concurrencyPolicy: 'Replace', startingDeadlineSeconds: 300,
      successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 3, suspend: true,
      jobTemplate: { spec: { backoffLimit: 1, ttlSecondsAfterFinished: 86400 } },
    });
    expect(formatFindings(validateManifests(manifests))).toBe('');
  });
});

describe('the schedule and time zone rules (robfig/cron ParseStandard, as the API server uses)', () => {
  test.each([
    '0 * * * *', '*/15 9-17 * * 1-5', '30 2 1,15 * *', '0 0 1 JAN *', '0 0 * * sun', '0 0 ? * *', '5/10 * * * *',
    '@hourly', '@daily', '@midnight', '@weekly', '@monthly', '@yearly', '@annually', '@every 1h30m',
  ])('accepts %j', (schedule) => {
    expect(cronSchedule(schedule)).toBeUndefined();
  });

  test.each([
    ['', 'is empty'],
    ['* * * *', 'has 4 fields, not 5'],
    ['0 0 * * * *', 'has 6 fields, not 5'],
    ['60 * * * *', 'is not a cron schedule: its minute field has "60", outside 0-59'],
    ['0 24 * * *', 'is not a cron schedule: its hour field has "24", outside 0-23'],
    ['0 0 0 * *', 'is not a cron schedule: its day of month field has "0", outside 1-31'],
    ['0 0 * 13 *', 'is not a cron schedule: its month field has "13", outside 1-12'],
    ['0 0 * * 7', 'is not a cron schedule: its day of week field has "7", outside 0-6'],
    ['0 0 * * FUN', 'is not a cron schedule: its day of week field has "FUN", which is not a number or name'],
    ['*/0 * * * *', 'is not a cron schedule: its minute field has a step of 0 in "*/0"'],
    ['5-1 * * * *', 'is not a cron schedule: its minute field has the backwards range "5-1"'],
    ['0 0 L * *', 'is not a cron schedule: its day of month field has "L", which is not a number'],
    ['TZ=Europe/Berlin 0 0 * * *', 'sets a time zone in the schedule, which Kubernetes refuses'],
    ['@fortnightly', 'is not a schedule macro'],
  ])('refuses %j: %s', (schedule, message) => {
    expect(cronSchedule(schedule)?.message).toBe(message);
  });

  test('time zones: IANA names and their aliases, not Local or offsets', () => {
    for (const zone of ['Etc/UTC', 'UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata']) expect(timeZone(zone)).toBeUndefined();
    for (const zone of ['Local', 'Mars/Olympus_Mons', '+01:00', 'CEST+1', '']) expect(timeZone(zone)?.rule).toBe('time-zone');
  });
});

describe('a Job\'s native sidecar', () => {
  test('is an init container with restartPolicy Always, so it never keeps the Job from completing', () => {
    const chart = newChart({ namespace: 'shop' });
    const logs = { volume: 'logs', path: '/var/log' };
    new Job(chart, 'migrate', {
      containers: [{ name: 'migrate', image: 'busybox:1.36', command: ['sh', '-c', 'echo done > /var/log/job.log'], mounts: [logs] }],
      sidecars: [{ name: 'shipper', image: 'busybox:1.36', command: ['sh', '-c', 'touch /var/log/job.log && tail -F /var/log/job.log'], mounts: [logs] }],
      volumes: [{ name: 'logs' }],
    });
    const manifests = synth(chart);
    const pod = find(manifests, 'Job', 'migrate').spec.template.spec;
    // The Job completes when its containers succeed; the kubelet stops a sidecar (restartPolicy Always) after them.
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.containers.map((c: any) => c.name)).toEqual(['migrate']);
    expect(pod.initContainers.map((c: any) => [c.name, c.restartPolicy])).toEqual([['shipper', 'Always']]);
    expect(formatFindings(validateManifests(manifests))).toBe('');
  });
});

// JOB-7, JOB-8: the Indexed Job rules validateManifests applies (lib/rules/jobs.ts), checked on the props.
describe('Indexed Job limits', () => {
  test('parallelism at most 100000', () => {
    expect(() => new Job(newChart(), 'fanout', { ...TASK, completionMode: 'Indexed', completions: 200000, parallelism: 100001 })).toThrow(
      '[test/fanout] parallelism (100001) is above 100000, the most pods an Indexed Job may run at once; lower parallelism to 100000 or less');
  });

  test('the last pod\'s hostname must be a DNS label; a CronJob\'s Jobs are named later, so it is not checked there', () => {
    const name = 'a'.repeat(60);
    expect(() => new Job(newChart(), 'long', { ...TASK, name, completionMode: 'Indexed', completions: 1000 })).toThrow(
      `[test/long] name ("${name}") gives the last pod the hostname "${name}-999", which is not a DNS-1123 label; use a Job name of at most 59 `
      + 'lower-case letters, digits and \'-\' (no \'.\'), or fewer completions');
    expect(() => new Job(newChart(), 'ok', { ...TASK, name: 'a'.repeat(59), completionMode: 'Indexed', completions: 1000 })).not.toThrow();
  });
});
