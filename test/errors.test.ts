/**
 * How prop errors surface: thrown from the constructor by default, or, with COLLECT_ERRORS_CONTEXT
 * set, gathered from every construct of the app and reported together by one synth.
 */
import { App, Chart, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27/lib/container';
import { RollingDeployment } from '../lib/deployment';
import { HorizontalAutoscaler } from '../lib/horizontal-autoscaler';
import { MultiContainerPod } from '../lib/pod';
import { COLLECT_ERRORS_CONTEXT, PropsError } from '../lib/private/errors';
import { find, synth } from './util';

const IMAGE = 'nginxinc/nginx-unprivileged:1.27';

const REPLICAS = '[test/a] replicas (-1) must be a whole number of pods; use 0 or more';
const NO_PROGRESS = '[test/b] maxUnavailable (0) and maxSurge are both zero, so a rollout could never replace a pod; allow at least one extra pod (maxSurge: 1) or one unavailable pod (maxUnavailable: 1)';

/** A test app in collect mode (the context must be set before any child is added). */
function collectingApp(): App {
  const app = Testing.app();
  app.node.setContext(COLLECT_ERRORS_CONTEXT, true);
  return app;
}

/** The message of the error `fn` throws; fails when it throws nothing. */
function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error, but nothing was thrown');
}

/** What cdk8s reports when validations fail: every line prefixed with two spaces. */
function validationFailed(...lines: string[]): string {
  return `Validation failed with the following errors:\n  ${lines.join('\n  ')}`;
}

describe('default: throw in the constructor', () => {
  test('the first bad construct throws a PropsError naming its path, prop, value, rule and fix', () => {
    const chart = new Chart(Testing.app(), 'test');
    let error: unknown;
    try {
      new RollingDeployment(chart, 'a', { replicas: -1, containers: [{ image: IMAGE }] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PropsError);
    expect(error).toBeInstanceOf(Error);
    expect((error as PropsError).name).toBe('PropsError');
    expect((error as PropsError).message).toBe(REPLICAS);
    expect((error as PropsError).problems.map((p) => p.text)).toEqual([REPLICAS]);
  });

  test('several problems of one construct: one line each, in PropsError.problems too', () => {
    const chart = new Chart(Testing.app(), 'test');
    let error: PropsError | undefined;
    try {
      new RollingDeployment(chart, 'a', { replicas: -1, revisionHistoryLimit: -1, containers: [{ image: IMAGE }] });
    } catch (e) {
      error = e as PropsError;
    }
    const lines = [REPLICAS, '[test/a] revisionHistoryLimit (-1) must be a whole number; use 0 or more (0 disables rollback)'];
    expect(error?.problems.map((p) => p.text)).toEqual(lines);
    expect(error?.message).toBe(lines.join('\n'));
  });

  test('a falsy context value keeps throw mode', () => {
    const app = Testing.app();
    app.node.setContext(COLLECT_ERRORS_CONTEXT, false);
    const chart = new Chart(app, 'test');
    expect(messageOf(() => new RollingDeployment(chart, 'a', { replicas: -1, containers: [{ image: IMAGE }] }))).toBe(REPLICAS);
  });
});

describe('collect mode', () => {
  test('the context key is the documented one', () => {
    expect(COLLECT_ERRORS_CONTEXT).toBe('cdk8s-patterns:collectErrors');
  });

  test('bad constructs do not throw when constructed', () => {
    const chart = new Chart(collectingApp(), 'test');
    expect(() => new RollingDeployment(chart, 'a', { replicas: -1, containers: [{ image: IMAGE }] })).not.toThrow();
    expect(() => new RollingDeployment(chart, 'b', { maxSurge: 0, containers: [{ image: IMAGE }] })).not.toThrow();
  });

  test('two bad constructs in one app are both reported by one app.synth()', () => {
    const app = collectingApp();
    const chart = new Chart(app, 'test');
    new RollingDeployment(chart, 'a', { replicas: -1, containers: [{ image: IMAGE }] });
    new RollingDeployment(chart, 'b', { maxSurge: 0, containers: [{ image: IMAGE }] });
    expect(messageOf(() => app.synth())).toBe(validationFailed(REPLICAS, NO_PROGRESS));
  });

  test('two bad constructs in one app are both reported by one Testing.synth', () => {
    const chart = new Chart(collectingApp(), 'test');
    new RollingDeployment(chart, 'a', { replicas: -1, containers: [{ image: IMAGE }] });
    new RollingDeployment(chart, 'b', { maxSurge: 0, containers: [{ image: IMAGE }] });
    expect(messageOf(() => Testing.synth(chart))).toBe(validationFailed(REPLICAS, NO_PROGRESS));
  });

  test('bad constructs in different charts of one app are all reported', () => {
    const app = collectingApp();
    new RollingDeployment(new Chart(app, 'test'), 'a', { replicas: -1, containers: [{ image: IMAGE }] });
    new MultiContainerPod(new Chart(app, 'jobs'), 'worker', {
      containers: [{ name: 'one', image: IMAGE, ports: [{ number: 8080 }] }, { name: 'two', image: IMAGE, ports: [{ number: 8080 }] }],
    });
    expect(messageOf(() => app.synth())).toBe(validationFailed(
      REPLICAS,
      '[jobs/worker] containers[1].ports[0] ("8080/TCP") is also declared by container "one", and containers of a pod share one network namespace; give one of them another port',
    ));
  });

  test('every problem of every construct is reported, each prefixed by its own path', () => {
    const app = collectingApp();
    const chart = new Chart(app, 'test');
    const api = new RollingDeployment(chart, 'api', { replicas: 2, revisionHistoryLimit: -1, containers: [{ image: IMAGE }] });
    new HorizontalAutoscaler(chart, 'hpa', { target: api, minReplicas: 4, maxReplicas: 2, cpuUtilizationPercent: 70 });
    expect(messageOf(() => app.synth())).toBe(validationFailed(
      '[test/api] revisionHistoryLimit (-1) must be a whole number; use 0 or more (0 disables rollback)',
      '[test/hpa] maxReplicas (2) must be a whole number >= minReplicas (4); raise maxReplicas or lower minReplicas',
      '[test/hpa] cpuUtilizationPercent (70) needs a cpu request on every container of "test/api", and container "api" has none; set resources.cpu.request on container "api"',
      '[test/hpa] target ("test/api") pins replicas (2), which the autoscaler would fight on every apply; remove replicas from "test/api" and set minReplicas instead',
    ));
  });

  test('a collected line is the same text the constructor would have thrown', () => {
    const props = { replicas: -1, containers: [{ image: '', ports: [{ number: 0 }] }] };
    const thrown = messageOf(() => new RollingDeployment(new Chart(Testing.app(), 'test'), 'a', props));
    const chart = new Chart(collectingApp(), 'test');
    new RollingDeployment(chart, 'a', props);
    expect(messageOf(() => Testing.synth(chart))).toBe(validationFailed(...thrown.split('\n')));
  });

  test('a valid app synthesizes normally in collect mode', () => {
    const chart = new Chart(collectingApp(), 'test');
    const api = new RollingDeployment(chart, 'api', {
      containers: [{ image: IMAGE, resources: { cpu: { request: Cpu.millis(100) }, memory: { request: Size.mebibytes(64) } } }],
    });
    new HorizontalAutoscaler(chart, 'hpa', { target: api, maxReplicas: 3, cpuUtilizationPercent: 70 });
    const manifests = synth(chart);
    expect(find(manifests, 'Deployment', 'api').spec).not.toHaveProperty('replicas');
    expect(find(manifests, 'HorizontalPodAutoscaler', 'api').spec.maxReplicas).toBe(3);
  });

  test('context set on one chart collects only within that chart', () => {
    const app = Testing.app();
    const collecting = new Chart(app, 'test');
    collecting.node.setContext(COLLECT_ERRORS_CONTEXT, true);
    expect(() => new RollingDeployment(collecting, 'a', { replicas: -1, containers: [{ image: IMAGE }] })).not.toThrow();
    const strict = new Chart(app, 'strict');
    expect(messageOf(() => new RollingDeployment(strict, 'a', { replicas: -1, containers: [{ image: IMAGE }] }))).toBe(
      '[strict/a] replicas (-1) must be a whole number of pods; use 0 or more',
    );
  });
});
