/*
 * What the six pod workloads share through their base (lib/private/pod-workload.ts): the name rule of
 * their kind, label props, and their own props checked together and reported in one error; the ports,
 * containers and native sidecars of their pod.
 */
import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { CronJob, DaemonSet, IPodWorkload, Job, KUBERNETES_WINDOW_CONTEXT, MultiContainerPod, RollingDeployment, StatefulSet } from '../lib';
import { COLLECT_ERRORS_CONTEXT, PropsError } from '../lib/errors';
import { newChart } from './util';

const BAD = { name: 'Bad_Name', labels: { team: 'a b' }, containers: [] };
const POD = {
  containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ number: 8080, name: 'http' }] }],
  sidecars: [{ name: 'shipper', image: 'fluent-bit:3.1', ports: [{ number: 2020, name: 'metrics' }] }],
};

const WORKLOADS: Record<string, (scope: Construct, props: typeof BAD | typeof POD) => IPodWorkload> = {
  Job: (scope, props) => new Job(scope, 'w', props),
  CronJob: (scope, props) => new CronJob(scope, 'w', { ...props, schedule: '@daily' }),
  DaemonSet: (scope, props) => new DaemonSet(scope, 'w', props),
  StatefulSet: (scope, props) => new StatefulSet(scope, 'w', props),
  MultiContainerPod: (scope, props) => new MultiContainerPod(scope, 'w', props),
  RollingDeployment: (scope, props) => new RollingDeployment(scope, 'w', props),
};

function thrown(f: () => unknown): PropsError {
  try {
    f();
  } catch (e) {
    return e as PropsError;
  }
  throw new Error('no error thrown');
}

describe.each(Object.entries(WORKLOADS))('%s', (_kind, make) => {
  test('name, label and pod problems come in one PropsError, in that order', () => {
    const error = thrown(() => make(newChart(), BAD));
    expect(error).toBeInstanceOf(PropsError);
    expect(error.problems.map((p) => [p.constructPath, p.prop]).slice(0, 3)).toEqual([
      ['test/w', 'name'], ['test/w', 'labels["team"]'], ['test/w', 'containers'],
    ]);
  });

  test('exposes the ports, containers and native sidecars of its pod', () => {
    const app = Testing.app();
    app.node.setContext(KUBERNETES_WINDOW_CONTEXT, { oldest: '1.32', newest: '1.36' });
    const workload = make(new Chart(app, 'test'), POD);
    expect(workload.name).toBe('w');
    expect(workload.selectorLabels).toEqual({ 'app.kubernetes.io/name': 'w', 'app.kubernetes.io/instance': 'test-w' });
    expect(workload.containers.map((c) => c.name)).toEqual(['app']);
    expect(workload.sidecars?.map((c) => c.name)).toEqual(['shipper']);
    expect(workload.ports.map((p) => `${p.container}:${p.number}`)).toEqual(['app:8080', 'shipper:2020']);
  });
});

test('Job: the exact message of a bad name with a bad pod', () => {
  expect(() => new Job(newChart(), 'w', { name: 'Bad_Name', containers: [] })).toThrow(
    '[test/w] name ("Bad_Name") is not a DNS-1123 label; use at most 63 lower-case letters, digits and \'-\', starting and ending with a letter '
    + 'or digit (pass name, or change the construct id)\n[test/w] containers ([]) is empty; add at least one container');
});

test('CronJob in collect mode: a generated name over 52 characters is reported, and replaced by one cut to 52', () => {
  const app = Testing.app();
  app.node.setContext(COLLECT_ERRORS_CONTEXT, true);
  const id = 'a'.repeat(60);
  const cron = new CronJob(new Chart(app, 'test'), id, { schedule: '@daily', containers: [{ image: 'busybox:1.36' }] });
  expect(cron.name).toBe('a'.repeat(52));
  expect(() => app.synth()).toThrow(`name ("${id}") has 60 characters; a CronJob name must have at most 52 so that its Jobs' names fit in 63`);
});
