/**
 * What `RollingDeployment` does for availability: topology spread, the default PodDisruptionBudget
 * and the cluster-autoscaler safe-to-evict annotation.
 */
import { Chart, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27/lib/container';
import { SAFE_TO_EVICT_ANNOTATION } from '../lib/cluster-autoscaler';
import { RollingDeployment, RollingDeploymentProps } from '../lib/deployment';
import { PodDisruptionBudget } from '../lib/disruption-budget';
import { HorizontalAutoscaler } from '../lib/horizontal-autoscaler';
import { formatFindings, validateManifests } from '../lib/validation';
import { byKind, find, newChart, propsErrorOf, synth } from './util';

const IMAGE = 'nginxinc/nginx-unprivileged:1.27';
const REQUESTED = { image: IMAGE, resources: { cpu: { request: Cpu.millis(100) }, memory: { request: Size.mebibytes(64) } } };
const SELECTOR = { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'test-api' };

/** The two default constraints of a deployment named `api`. */
const DEFAULT_SPREAD = [
  { topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: SELECTOR }, matchLabelKeys: ['pod-template-hash'] },
  { topologyKey: 'kubernetes.io/hostname', maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: SELECTOR }, matchLabelKeys: ['pod-template-hash'] },
];

function deploy(props: Partial<RollingDeploymentProps> = {}): { chart: Chart; api: RollingDeployment } {
  const chart = newChart();
  const api = new RollingDeployment(chart, 'api', { containers: [REQUESTED], ...props });
  return { chart, api };
}

/** Synthesizes `api` and returns every manifest. */
function manifestsOf(props: Partial<RollingDeploymentProps> = {}): any[] {
  return synth(deploy(props).chart);
}

function podSpec(manifests: any[]): any {
  return find(manifests, 'Deployment', 'api').spec.template.spec;
}

function deployError(props: Partial<RollingDeploymentProps>): string {
  return propsErrorOf(() => deploy(props));
}

describe('snapshots', () => {
  test('minimal props: two replicas get a spread and a budget', () => {
    const manifests = manifestsOf({ replicas: 2 });
    expect(manifests).toMatchSnapshot();
    expect(formatFindings(validateManifests(manifests))).toBe('');
  });

  test('all props', () => {
    const manifests = manifestsOf({
      replicas: 6,
      topologySpread: {
        zone: { maxSkew: 2, whenUnsatisfiable: 'DoNotSchedule', minDomains: 3 },
        node: false,
      },
      disruptionBudget: { minAvailable: '50%', unhealthyPodEvictionPolicy: 'IfHealthyBudget' },
      safeToEvict: true,
      podAnnotations: { 'prometheus.io/scrape': 'true' },
    });
    expect(manifests).toMatchSnapshot();
    expect(podSpec(manifests).topologySpreadConstraints).toEqual([{
      topologyKey: 'topology.kubernetes.io/zone',
      maxSkew: 2,
      whenUnsatisfiable: 'DoNotSchedule',
      minDomains: 3,
      labelSelector: { matchLabels: SELECTOR },
      matchLabelKeys: ['pod-template-hash'],
    }]);
    expect(find(manifests, 'PodDisruptionBudget', 'api').spec).toEqual({
      minAvailable: '50%',
      selector: { matchLabels: SELECTOR },
      unhealthyPodEvictionPolicy: 'IfHealthyBudget',
    });
    expect(find(manifests, 'Deployment', 'api').spec.template.metadata.annotations).toEqual({
      'prometheus.io/scrape': 'true',
      [SAFE_TO_EVICT_ANNOTATION]: 'true',
    });
    expect(formatFindings(validateManifests(manifests))).toBe('');
  });
});

describe('defaults', () => {
  test('the availability DEFAULTS are the documented values', () => {
    expect(RollingDeployment.DEFAULTS.availabilityFromReplicas).toBe(2);
    expect(RollingDeployment.DEFAULTS.topologySpread).toEqual({ maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway' });
  });

  test('one replica: no spread, no budget, no annotation', () => {
    const manifests = manifestsOf({ replicas: 1 });
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual(['Deployment/api']);
    expect(podSpec(manifests)).not.toHaveProperty('topologySpreadConstraints');
    expect(find(manifests, 'Deployment', 'api').spec.template.metadata).not.toHaveProperty('annotations');
  });

  test('two replicas: zone and node spread with the DEFAULTS, over this revision of this deployment\'s pods', () => {
    const manifests = manifestsOf({ replicas: 2 });
    const constraints = podSpec(manifests).topologySpreadConstraints;
    expect(constraints).toEqual(DEFAULT_SPREAD);
    for (const c of constraints) {
      expect(c.maxSkew).toBe(RollingDeployment.DEFAULTS.topologySpread.maxSkew);
      expect(c.whenUnsatisfiable).toBe(RollingDeployment.DEFAULTS.topologySpread.whenUnsatisfiable);
      expect(c.labelSelector.matchLabels).toEqual(find(manifests, 'Deployment', 'api').spec.selector.matchLabels);
    }
  });

  test('two replicas: a budget that lets one pod go at a time, named after the deployment', () => {
    const { chart, api } = deploy({ replicas: 2 });
    const pdb = find(synth(chart), 'PodDisruptionBudget', 'api');
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: SELECTOR }, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
    expect(api.disruptionBudget).toBeInstanceOf(PodDisruptionBudget);
    expect(api.disruptionBudget?.node.path).toBe('test/api/DisruptionBudget');
  });

  test('the chart namespace applies to the budget', () => {
    const chart = newChart({ namespace: 'shop' });
    new RollingDeployment(chart, 'api', { containers: [REQUESTED], replicas: 3 });
    expect(find(synth(chart), 'PodDisruptionBudget', 'api').metadata.namespace).toBe('shop');
  });

  test('replica range getters follow the pinned replicas', () => {
    const { api } = deploy({ replicas: 3 });
    expect([api.minReplicas, api.maxReplicas]).toEqual([3, 3]);
    const { api: single } = deploy();
    expect([single.minReplicas, single.maxReplicas]).toEqual([1, 1]);
  });
});

describe('with a HorizontalAutoscaler', () => {
  function autoscaled(minReplicas: number, maxReplicas: number, props: Partial<RollingDeploymentProps> = {}) {
    const { chart, api } = deploy(props);
    const before = api.disruptionBudget;
    new HorizontalAutoscaler(chart, 'hpa', { target: api, minReplicas, maxReplicas, cpuUtilizationPercent: 70 });
    return { manifests: synth(chart), api, before };
  }

  test('minReplicas 2: the budget is created when the autoscaler attaches', () => {
    const { manifests, api, before } = autoscaled(2, 10);
    expect(before).toBeUndefined();
    expect(api.disruptionBudget?.node.path).toBe('test/api/DisruptionBudget');
    expect(find(manifests, 'PodDisruptionBudget', 'api').spec.maxUnavailable).toBe(1);
    expect(podSpec(manifests).topologySpreadConstraints).toEqual(DEFAULT_SPREAD);
    expect([api.minReplicas, api.maxReplicas]).toEqual([2, 10]);
    expect(formatFindings(validateManifests(manifests))).toBe('');
  });

  test('minReplicas 1 but maxReplicas 5: spread (more pods may run), no budget (one pod may be all there is)', () => {
    const { manifests, api } = autoscaled(1, 5);
    expect(byKind(manifests, 'PodDisruptionBudget')).toEqual([]);
    expect(api.disruptionBudget).toBeUndefined();
    expect(podSpec(manifests).topologySpreadConstraints).toEqual(DEFAULT_SPREAD);
  });

  test('min and max 1: neither', () => {
    const { manifests } = autoscaled(1, 1);
    expect(byKind(manifests, 'PodDisruptionBudget')).toEqual([]);
    expect(podSpec(manifests)).not.toHaveProperty('topologySpreadConstraints');
  });

  test('disruptionBudget: false is respected when the autoscaler attaches', () => {
    const { manifests, api } = autoscaled(3, 10, { disruptionBudget: false });
    expect(byKind(manifests, 'PodDisruptionBudget')).toEqual([]);
    expect(api.disruptionBudget).toBeUndefined();
  });

  test('budget options given up front are kept, and checked against the autoscaler\'s minReplicas', () => {
    const { manifests } = autoscaled(4, 10, { disruptionBudget: { minAvailable: 3 } });
    expect(byKind(manifests, 'PodDisruptionBudget').map((b) => b.spec.minAvailable)).toEqual([3]);
    const { chart, api } = deploy({ disruptionBudget: { minAvailable: 3 } });
    new HorizontalAutoscaler(chart, 'hpa', { target: api, minReplicas: 3, maxReplicas: 10, cpuUtilizationPercent: 70 });
    expect(() => synth(chart)).toThrow('[test/api/DisruptionBudget] minAvailable (3) keeps all 3 pods of "test/api", so no eviction is ever allowed and node drains hang; lower minAvailable below 3, run more replicas, or use maxUnavailable: 1');
  });
});

describe('overrides', () => {
  test('topologySpread: false turns both off', () => {
    expect(podSpec(manifestsOf({ replicas: 5, topologySpread: false }))).not.toHaveProperty('topologySpreadConstraints');
  });

  test('zone: false keeps the node spread', () => {
    const constraints = podSpec(manifestsOf({ replicas: 3, topologySpread: { zone: false } })).topologySpreadConstraints;
    expect(constraints.map((c: any) => c.topologyKey)).toEqual(['kubernetes.io/hostname']);
  });

  test('both false: no constraints at all (not an empty list)', () => {
    expect(podSpec(manifestsOf({ replicas: 3, topologySpread: { zone: false, node: false } }))).not.toHaveProperty('topologySpreadConstraints');
  });

  test('an explicit spread applies to a single replica too', () => {
    expect(podSpec(manifestsOf({ topologySpread: {} })).topologySpreadConstraints).toEqual(DEFAULT_SPREAD);
  });

  test('DoNotSchedule on the node spread only', () => {
    const constraints = podSpec(manifestsOf({ replicas: 3, topologySpread: { node: { whenUnsatisfiable: 'DoNotSchedule' } } })).topologySpreadConstraints;
    expect(constraints.map((c: any) => [c.topologyKey, c.whenUnsatisfiable])).toEqual([
      ['topology.kubernetes.io/zone', 'ScheduleAnyway'],
      ['kubernetes.io/hostname', 'DoNotSchedule'],
    ]);
  });

  test('disruptionBudget: false with many replicas', () => {
    const { chart, api } = deploy({ replicas: 5, disruptionBudget: false });
    expect(byKind(synth(chart), 'PodDisruptionBudget')).toEqual([]);
    expect(api.disruptionBudget).toBeUndefined();
  });

  test('disruptionBudget options create a budget for a single replica too', () => {
    const pdb = find(manifestsOf({ disruptionBudget: { maxUnavailable: '100%' } }), 'PodDisruptionBudget', 'api');
    expect(pdb.spec.maxUnavailable).toBe('100%');
  });

  test.each([true, false])('safeToEvict %p is the string annotation on the pods, not on the Deployment', (value) => {
    const d = find(manifestsOf({ safeToEvict: value }), 'Deployment', 'api');
    expect(d.spec.template.metadata.annotations).toEqual({ [SAFE_TO_EVICT_ANNOTATION]: String(value) });
    expect(d.metadata.annotations).not.toHaveProperty(SAFE_TO_EVICT_ANNOTATION);
  });

  test('safeToEvict agreeing with podAnnotations is fine', () => {
    const d = find(manifestsOf({ safeToEvict: true, podAnnotations: { [SAFE_TO_EVICT_ANNOTATION]: 'true' } }), 'Deployment', 'api');
    expect(d.spec.template.metadata.annotations).toEqual({ [SAFE_TO_EVICT_ANNOTATION]: 'true' });
  });

  test('the annotation name is the cluster autoscaler\'s', () => {
    expect(SAFE_TO_EVICT_ANNOTATION).toBe('cluster-autoscaler.kubernetes.io/safe-to-evict');
  });
});

describe('errors', () => {
  test.each([0, 1.5])('maxSkew %p', (maxSkew) => {
    expect(deployError({ topologySpread: { zone: { maxSkew } } })).toBe(
      `[test/api] topologySpread.zone.maxSkew (${maxSkew}) must be a whole number of at least 1; use 1 for the most even spread`,
    );
  });

  test('an unknown whenUnsatisfiable', () => {
    expect(deployError({ topologySpread: { node: { whenUnsatisfiable: 'Never' as any } } })).toBe(
      '[test/api] topologySpread.node.whenUnsatisfiable ("Never") is not a policy Kubernetes knows; use \'ScheduleAnyway\' or \'DoNotSchedule\'',
    );
  });

  test('minDomains without DoNotSchedule (the API server rejects it)', () => {
    expect(deployError({ topologySpread: { zone: { minDomains: 3 } } })).toBe(
      '[test/api] topologySpread.zone.minDomains (3) only applies with whenUnsatisfiable \'DoNotSchedule\'; set whenUnsatisfiable: \'DoNotSchedule\' or remove minDomains',
    );
  });

  test('minDomains 0', () => {
    expect(deployError({ topologySpread: { zone: { minDomains: 0, whenUnsatisfiable: 'DoNotSchedule' } } })).toBe(
      '[test/api] topologySpread.zone.minDomains (0) must be a whole number of at least 1; use the number of zones (or nodes) you expect, e.g. 3',
    );
  });

  test('safeToEvict contradicting podAnnotations', () => {
    expect(deployError({ safeToEvict: true, podAnnotations: { [SAFE_TO_EVICT_ANNOTATION]: 'false' } })).toBe(
      '[test/api] safeToEvict (true) contradicts podAnnotations["cluster-autoscaler.kubernetes.io/safe-to-evict"] ("false"); set it in one place',
    );
  });

  test('budget options that block every eviction are reported as the deployment\'s disruptionBudget prop', () => {
    expect(deployError({ replicas: 3, disruptionBudget: { maxUnavailable: 0 } })).toBe(
      '[test/api] disruptionBudget.maxUnavailable (0) allows no eviction, so node drains hang; allow at least one pod (maxUnavailable: 1)',
    );
  });

  test('spread problems are reported with the other deployment problems, one per line', () => {
    expect(deployError({ replicas: -1, topologySpread: { zone: { maxSkew: 0 }, node: { maxSkew: -2 } } })).toBe([
      '[test/api] replicas (-1) must be a whole number of pods; use 0 or more',
      '[test/api] topologySpread.zone.maxSkew (0) must be a whole number of at least 1; use 1 for the most even spread',
      '[test/api] topologySpread.node.maxSkew (-2) must be a whole number of at least 1; use 1 for the most even spread',
    ].join('\n'));
  });
});
