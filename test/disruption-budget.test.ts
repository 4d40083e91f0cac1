import { App, Chart, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27/lib/container';
import { RollingDeployment, RollingDeploymentProps } from '../lib/deployment';
import { PodDisruptionBudget, PodDisruptionBudgetProps } from '../lib/disruption-budget';
import { HorizontalAutoscaler } from '../lib/horizontal-autoscaler';
import { KubernetesWindow } from '../lib/kubernetes-version';
import { MultiContainerPod } from '../lib/pod';
import { COLLECT_ERRORS_CONTEXT, PropsError } from '../lib/private/errors';
import { formatFindings, validateManifests } from '../lib/validation';
import { byKind, find, newChart, propsErrorOf, synth } from './util';

const IMAGE = 'nginxinc/nginx-unprivileged:1.27';
const REQUESTED = { image: IMAGE, resources: { cpu: { request: Cpu.millis(100) }, memory: { request: Size.mebibytes(64) } } };

/** A chart with a deployment `api` that gets no default budget. */
function target(props: Partial<RollingDeploymentProps> = {}): { chart: Chart; api: RollingDeployment } {
  const chart = newChart();
  const api = new RollingDeployment(chart, 'api', { containers: [REQUESTED], disruptionBudget: false, ...props });
  return { chart, api };
}

/** Synthesizes a budget `pdb` on `api` and returns its manifest. */
function budget(props: Partial<PodDisruptionBudgetProps> = {}, deployment: Partial<RollingDeploymentProps> = { replicas: 4 }): any {
  const { chart, api } = target(deployment);
  new PodDisruptionBudget(chart, 'pdb', { target: api, ...props });
  return find(synth(chart), 'PodDisruptionBudget', 'api');
}

function budgetError(props: Partial<PodDisruptionBudgetProps>): string {
  const { chart, api } = target({ replicas: 4 });
  return propsErrorOf(() => new PodDisruptionBudget(chart, 'pdb', { target: api, ...props }));
}

/** The message of what `Testing.synth` throws (synth-time validations). */
function synthError(chart: Chart): string {
  try {
    synth(chart);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected synth to fail, but it succeeded');
}

function validationFailed(...lines: string[]): string {
  return `Validation failed with the following errors:\n  ${lines.join('\n  ')}`;
}

describe('snapshots', () => {
  test('minimal props', () => {
    const { chart, api } = target({ replicas: 3 });
    new PodDisruptionBudget(chart, 'pdb', { target: api });
    const manifests = synth(chart);
    expect(manifests).toMatchSnapshot();
    expect(formatFindings(validateManifests(manifests))).toBe('');
  });

  test('all props', () => {
    const { chart, api } = target({ replicas: 4 });
    new PodDisruptionBudget(chart, 'pdb', {
      target: api,
      name: 'api-budget',
      component: 'availability',
      partOf: 'shop',
      version: '2.0.0',
      labels: { team: 'payments' },
      annotations: { owner: 'payments@example.com' },
      minAvailable: '50%',
      unhealthyPodEvictionPolicy: 'IfHealthyBudget',
    });
    const manifests = synth(chart);
    expect(manifests).toMatchSnapshot();
    const pdb = find(manifests, 'PodDisruptionBudget', 'api-budget');
    expect(pdb.spec).toEqual({
      minAvailable: '50%',
      selector: { matchLabels: api.selectorLabels },
      unhealthyPodEvictionPolicy: 'IfHealthyBudget',
    });
    expect(pdb.metadata.labels).toMatchObject({ 'team': 'payments', 'app.kubernetes.io/component': 'availability', 'app.kubernetes.io/part-of': 'shop', 'app.kubernetes.io/version': '2.0.0' });
    expect(pdb.metadata.annotations).toEqual({ owner: 'payments@example.com' });
    expect(formatFindings(validateManifests(manifests))).toBe('');
  });
});

describe('defaults', () => {
  test('DEFAULTS are the documented values', () => {
    expect(PodDisruptionBudget.DEFAULTS).toEqual({ maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
  });

  test('DEFAULTS appear in the YAML: one pod at a time, unhealthy pods always evictable', () => {
    const { spec } = budget();
    expect(spec.maxUnavailable).toBe(PodDisruptionBudget.DEFAULTS.maxUnavailable);
    expect(spec.unhealthyPodEvictionPolicy).toBe(PodDisruptionBudget.DEFAULTS.unhealthyPodEvictionPolicy);
    expect(spec).not.toHaveProperty('minAvailable');
  });

  test('AlwaysAllow is written in every window, even one from 1.27 (the field is on by default since 1.27)', () => {
    const chart = newChart();
    KubernetesWindow.set(chart, { oldest: '1.27', newest: '1.35' });
    const api = new RollingDeployment(chart, 'api', { containers: [REQUESTED], replicas: 2 });
    const manifests = synth(chart);
    expect(find(manifests, 'PodDisruptionBudget', 'api').spec.unhealthyPodEvictionPolicy).toBe('AlwaysAllow');
    expect(api.disruptionBudget).toBeDefined();
    expect(validateManifests(manifests, { window: { oldest: '1.27', newest: '1.35' } })).toEqual([]);
  });

  test('named after the target, labelled like it, selecting exactly its pods, in the chart namespace', () => {
    const chart = newChart({ namespace: 'shop' });
    const api = new RollingDeployment(chart, 'api', { containers: [REQUESTED], disruptionBudget: false, replicas: 3, labels: { team: 'payments' } });
    new PodDisruptionBudget(chart, 'pdb', { target: api });
    const manifests = synth(chart);
    const pdb = find(manifests, 'PodDisruptionBudget', 'api');
    const deployment = find(manifests, 'Deployment', 'api');
    expect(pdb.metadata.namespace).toBe('shop');
    expect(pdb.metadata.labels).toEqual(deployment.metadata.labels);
    expect(pdb.spec.selector).toEqual(deployment.spec.selector);
  });

  test('the construct exposes what it wrote and registers with the deployment', () => {
    const { chart, api } = target({ replicas: 3 });
    const pdb = new PodDisruptionBudget(chart, 'pdb', { target: api, maxUnavailable: '25%' });
    expect(pdb.name).toBe('api');
    expect(pdb.target).toBe(api);
    expect(pdb.maxUnavailable).toBe('25%');
    expect(pdb.minAvailable).toBeUndefined();
    expect(api.disruptionBudget).toBe(pdb);
  });
});

describe('minAvailable and maxUnavailable', () => {
  test('counts are YAML numbers, percentages YAML strings', () => {
    expect(budget({ minAvailable: 2 }).spec.minAvailable).toBe(2);
    expect(budget({ minAvailable: '50%' }).spec.minAvailable).toBe('50%');
    expect(budget({ maxUnavailable: 2 }).spec.maxUnavailable).toBe(2);
    expect(budget({ maxUnavailable: '25%' }).spec.maxUnavailable).toBe('25%');
  });

  test('setting minAvailable drops the default maxUnavailable', () => {
    const { spec } = budget({ minAvailable: 1 });
    expect(spec.minAvailable).toBe(1);
    expect(spec).not.toHaveProperty('maxUnavailable');
  });

  test('minAvailable 0 is allowed: it never blocks an eviction', () => {
    expect(budget({ minAvailable: 0 }).spec.minAvailable).toBe(0);
  });

  test('minAvailable one below the replicas leaves one pod to evict', () => {
    expect(budget({ minAvailable: 3 }, { replicas: 4 }).spec.minAvailable).toBe(3);
  });

  test('a percentage that rounds up below the replicas is allowed (50% of 2 keeps 1)', () => {
    expect(budget({ minAvailable: '50%' }, { replicas: 2 }).spec.minAvailable).toBe('50%');
  });

  test('a deployment scaled to 0 has nothing to evict, so any minAvailable is fine', () => {
    expect(budget({ minAvailable: 1 }, { replicas: 0 }).spec.minAvailable).toBe(1);
  });

  test('pods of other workloads: no replica count, so only the static rules apply', () => {
    const chart = newChart();
    const pod = new MultiContainerPod(chart, 'worker', { containers: [{ image: IMAGE }] });
    new PodDisruptionBudget(chart, 'pdb', { target: pod, minAvailable: 5 });
    const manifests = synth(chart);
    expect(find(manifests, 'PodDisruptionBudget', 'worker').spec.selector.matchLabels).toEqual(pod.selectorLabels);
  });
});

describe('checked against the replicas at synth', () => {
  test('the autoscaler attached after the budget decides the replica count', () => {
    const { chart, api } = target();
    new PodDisruptionBudget(chart, 'pdb', { target: api, minAvailable: 2 });
    new HorizontalAutoscaler(chart, 'hpa', { target: api, minReplicas: 3, maxReplicas: 6, cpuUtilizationPercent: 70 });
    expect(find(synth(chart), 'PodDisruptionBudget', 'api').spec.minAvailable).toBe(2);
  });

  test('minAvailable equal to the autoscaler minReplicas is an error, whichever came first', () => {
    const { chart, api } = target();
    new PodDisruptionBudget(chart, 'pdb', { target: api, minAvailable: 2 });
    new HorizontalAutoscaler(chart, 'hpa', { target: api, minReplicas: 2, maxReplicas: 6, cpuUtilizationPercent: 70 });
    expect(synthError(chart)).toBe(validationFailed(
      '[test/pdb] minAvailable (2) keeps all 2 pods of "test/api", so no eviction is ever allowed and node drains hang; lower minAvailable below 2, run more replicas, or use maxUnavailable: 1',
    ));
  });

  test('minAvailable above the pinned replicas', () => {
    const { chart, api } = target({ replicas: 3 });
    new PodDisruptionBudget(chart, 'pdb', { target: api, minAvailable: 5 });
    expect(synthError(chart)).toBe(validationFailed(
      '[test/pdb] minAvailable (5) keeps all 3 pods of "test/api", so no eviction is ever allowed and node drains hang; lower minAvailable below 3, run more replicas, or use maxUnavailable: 1',
    ));
  });

  test('a single pod (the default) with minAvailable 1', () => {
    const { chart, api } = target();
    new PodDisruptionBudget(chart, 'pdb', { target: api, minAvailable: 1 });
    expect(synthError(chart)).toBe(validationFailed(
      '[test/pdb] minAvailable (1) keeps all 1 pod of "test/api", so no eviction is ever allowed and node drains hang; lower minAvailable below 1, run more replicas, or use maxUnavailable: 1',
    ));
  });

  test('a percentage that rounds up to all the pods (60% of 2 is 2)', () => {
    const { chart, api } = target({ replicas: 2 });
    new PodDisruptionBudget(chart, 'pdb', { target: api, minAvailable: '60%' });
    expect(synthError(chart)).toBe(validationFailed(
      '[test/pdb] minAvailable ("60%") keeps all 2 pods of "test/api" (2 of 2 pods), so no eviction is ever allowed and node drains hang; lower minAvailable below 2, run more replicas, or use maxUnavailable: 1',
    ));
  });
});

describe('one budget per workload', () => {
  test('a second budget for a deployment that has the default one', () => {
    const chart = newChart();
    const api = new RollingDeployment(chart, 'api', { containers: [REQUESTED], replicas: 3 });
    expect(propsErrorOf(() => new PodDisruptionBudget(chart, 'pdb', { target: api }))).toBe(
      '[test/pdb] target ("test/api") is already protected by PodDisruptionBudget "test/api/DisruptionBudget", and the eviction API refuses pods that two budgets select; configure the default budget through disruptionBudget on "test/api", or pass disruptionBudget: false to it',
    );
  });

  test('two budgets of your own', () => {
    const { chart, api } = target({ replicas: 3 });
    new PodDisruptionBudget(chart, 'first', { target: api });
    expect(propsErrorOf(() => new PodDisruptionBudget(chart, 'second', { target: api, name: 'other' }))).toBe(
      '[test/second] target ("test/api") is already protected by PodDisruptionBudget "test/first", and the eviction API refuses pods that two budgets select; keep one budget per workload',
    );
  });

  test('your own budget stops the default one an autoscaler would add', () => {
    const chart = newChart();
    const api = new RollingDeployment(chart, 'api', { containers: [REQUESTED] });
    const mine = new PodDisruptionBudget(chart, 'pdb', { target: api, maxUnavailable: 2 });
    new HorizontalAutoscaler(chart, 'hpa', { target: api, minReplicas: 3, maxReplicas: 6, cpuUtilizationPercent: 70 });
    const budgets = byKind(synth(chart), 'PodDisruptionBudget');
    expect(budgets.map((b) => b.spec.maxUnavailable)).toEqual([2]);
    expect(api.disruptionBudget).toBe(mine);
  });
});

describe('errors', () => {
  test('minAvailable and maxUnavailable together', () => {
    expect(budgetError({ minAvailable: 1, maxUnavailable: 1 })).toBe(
      '[test/pdb] minAvailable (1) and maxUnavailable (1) are both set, and a budget takes only one; keep minAvailable or maxUnavailable',
    );
  });

  test('minAvailable 100% never allows an eviction', () => {
    expect(budgetError({ minAvailable: '100%' })).toBe(
      '[test/pdb] minAvailable ("100%") keeps every pod, so no eviction is ever allowed and node drains hang; use a count below the replicas, a lower percentage, or maxUnavailable: 1',
    );
  });

  test.each([0, '0%'] as const)('maxUnavailable %p never allows an eviction', (value) => {
    expect(budgetError({ maxUnavailable: value })).toBe(
      `[test/pdb] maxUnavailable (${JSON.stringify(value)}) allows no eviction, so node drains hang; allow at least one pod (maxUnavailable: 1)`,
    );
  });

  test.each([
    ['minAvailable', -1, '-1'],
    ['minAvailable', 1.5, '1.5'],
    ['minAvailable', '150%', '"150%"'],
    ['maxUnavailable', 'many%', '"many%"'],
  ] as const)('%s %p is neither a count nor a percentage', (prop, value, shown) => {
    expect(budgetError({ [prop]: value })).toBe(
      `[test/pdb] ${prop} (${shown}) is neither a pod count nor a percentage; use a whole number such as 1, or a percentage from "0%" to "100%"`,
    );
  });

  test('an unknown unhealthy pod eviction policy', () => {
    expect(budgetError({ unhealthyPodEvictionPolicy: 'Never' as any })).toBe(
      '[test/pdb] unhealthyPodEvictionPolicy ("Never") is not a policy Kubernetes knows; use \'AlwaysAllow\' or \'IfHealthyBudget\'',
    );
  });

  test('throws before creating the budget object or registering with the target', () => {
    const { chart, api } = target({ replicas: 3 });
    expect(() => new PodDisruptionBudget(chart, 'pdb', { target: api, maxUnavailable: 0 })).toThrow(PropsError);
    expect(api.disruptionBudget).toBeUndefined();
    expect(byKind(synth(chart), 'PodDisruptionBudget')).toEqual([]);
  });

  test('collect mode: static and replica problems are reported by one synth', () => {
    const app: App = Testing.app();
    app.node.setContext(COLLECT_ERRORS_CONTEXT, true);
    const chart = new Chart(app, 'test');
    const api = new RollingDeployment(chart, 'api', { containers: [REQUESTED], replicas: 2, disruptionBudget: false });
    new PodDisruptionBudget(chart, 'a', { target: api, maxUnavailable: '0%' });
    const web = new RollingDeployment(chart, 'web', { containers: [REQUESTED], replicas: 2, disruptionBudget: false });
    new PodDisruptionBudget(chart, 'b', { target: web, minAvailable: 2 });
    expect(synthError(chart)).toBe(validationFailed(
      '[test/a] maxUnavailable ("0%") allows no eviction, so node drains hang; allow at least one pod (maxUnavailable: 1)',
      '[test/b] minAvailable (2) keeps all 2 pods of "test/web", so no eviction is ever allowed and node drains hang; lower minAvailable below 2, run more replicas, or use maxUnavailable: 1',
    ));
  });
});
