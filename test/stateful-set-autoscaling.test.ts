import { Chart, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27/lib/container';
import { HorizontalAutoscaler, HorizontalAutoscalerProps, StatefulSet, StatefulSetProps, VerticalAutoscaler } from '../lib';
import { formatFindings, validateManifests } from '../lib/validation';
import { byKind, find, newChart, synth, propsErrorOf } from './util';

/** A replicated cache: every member holds a claim, every container requests cpu and memory. */
function cache(props: Partial<StatefulSetProps> = {}): { chart: Chart; sts: StatefulSet } {
  const chart = newChart({ namespace: 'shop' });
  const sts = new StatefulSet(chart, 'cache', {
    containers: [{
      image: 'valkey/valkey:8.1',
      ports: [{ number: 6379, name: 'valkey' }],
      mounts: [{ volume: 'data', path: '/data' }],
      resources: { cpu: { request: Cpu.millis(250) }, memory: { request: Size.mebibytes(256) } },
    }],
    volumeClaims: [{ name: 'data', size: Size.gibibytes(1) }],
    ...props,
  });
  return { chart, sts };
}

const HPA = { maxReplicas: 5, cpuUtilizationPercent: 70 } as const;

const errorOf = propsErrorOf;

function hpaError(props: Partial<HorizontalAutoscalerProps>, sts: Partial<StatefulSetProps> = {}): string {
  const { chart, sts: target } = cache(sts);
  return errorOf(() => new HorizontalAutoscaler(chart, 'hpa', { target, ...HPA, ...props }));
}

describe('HorizontalAutoscaler on a StatefulSet', () => {
  test('scaleTargetRef names the StatefulSet in apps/v1, which drops spec.replicas; the set passes validateManifests', () => {
    const { chart, sts } = cache();
    const hpa = new HorizontalAutoscaler(chart, 'hpa', { target: sts, minReplicas: 2, ...HPA });
    const manifests = synth(chart);
    const spec = find(manifests, 'HorizontalPodAutoscaler', 'cache').spec;
    expect(spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'cache' });
    expect(spec).toMatchObject({ minReplicas: 2, maxReplicas: 5 });
    expect(spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }]);
    expect(find(manifests, 'HorizontalPodAutoscaler', 'cache').metadata.labels).toEqual(find(manifests, 'StatefulSet', 'cache').metadata.labels);
    expect('replicas' in find(manifests, 'StatefulSet', 'cache').spec).toBe(false);
    expect(sts.autoscaler).toBe(hpa);
    expect([sts.minReplicas, sts.maxReplicas]).toEqual([2, 5]);
    expect(formatFindings(validateManifests(manifests))).toBe('');
  });

  test('with minReplicas 2 the StatefulSet gets its default budget and spread, as a deployment does', () => {
    const { chart, sts } = cache();
    new HorizontalAutoscaler(chart, 'hpa', { target: sts, minReplicas: 2, ...HPA });
    const manifests = synth(chart);
    const set = find(manifests, 'StatefulSet', 'cache').spec;
    expect(find(manifests, 'PodDisruptionBudget', 'cache').spec).toEqual({
      selector: { matchLabels: set.selector.matchLabels },
      maxUnavailable: 1,
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    });
    expect(sts.disruptionBudget).toBeDefined();
    expect(set.template.spec.topologySpreadConstraints.map((c: any) => c.topologyKey)).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
  });

  test('with the default minReplicas (1) there is no budget, and the spread follows maxReplicas', () => {
    const { chart, sts } = cache();
    new HorizontalAutoscaler(chart, 'hpa', { target: sts, ...HPA });
    const manifests = synth(chart);
    expect(byKind(manifests, 'PodDisruptionBudget')).toEqual([]);
    expect(find(manifests, 'StatefulSet', 'cache').spec.template.spec.topologySpreadConstraints).toHaveLength(2);
    expect(formatFindings(validateManifests(manifests))).toBe('');
  });

  test('an HPA that keeps one pod: no budget and no spread', () => {
    const { chart, sts } = cache();
    new HorizontalAutoscaler(chart, 'hpa', { target: sts, ...HPA, maxReplicas: 1 });
    const manifests = synth(chart);
    expect(byKind(manifests, 'PodDisruptionBudget')).toEqual([]);
    expect(find(manifests, 'StatefulSet', 'cache').spec.template.spec.topologySpreadConstraints).toBeUndefined();
  });

  test('a budget given as a prop is checked against the autoscaler\'s minReplicas at synth', () => {
    const { chart, sts } = cache({ disruptionBudget: { minAvailable: 2 } });
    new HorizontalAutoscaler(chart, 'hpa', { target: sts, minReplicas: 2, ...HPA });
    expect(() => synth(chart)).toThrow(
      '[test/cache/DisruptionBudget] minAvailable (2) keeps all 2 pods of "test/cache", so no eviction is ever allowed and node drains hang; '
      + 'lower minAvailable below 2, run more replicas, or use maxUnavailable: 1',
    );
  });

  test('a budget given as a prop that leaves room for an eviction stays, and is the only one', () => {
    const { chart, sts } = cache({ disruptionBudget: { minAvailable: 2 } });
    new HorizontalAutoscaler(chart, 'hpa', { target: sts, minReplicas: 3, ...HPA });
    const manifests = synth(chart);
    expect(byKind(manifests, 'PodDisruptionBudget').map((b) => b.spec.minAvailable)).toEqual([2]);
    expect(formatFindings(validateManifests(manifests))).toBe('');
  });
});

describe('errors', () => {
  test('the StatefulSet pins replicas', () => {
    expect(hpaError({}, { replicas: 3 })).toBe(
      '[test/hpa] target ("test/cache") pins replicas (3), which the autoscaler would fight on every apply; remove replicas from "test/cache" and set minReplicas instead',
    );
  });

  test('two autoscalers on one StatefulSet', () => {
    const { chart, sts } = cache();
    new HorizontalAutoscaler(chart, 'cpu', { target: sts, ...HPA });
    expect(errorOf(() => new HorizontalAutoscaler(chart, 'memory', { target: sts, maxReplicas: 5, memoryUtilizationPercent: 80 }))).toBe(
      '[test/memory] target ("test/cache") is already scaled by "test/cpu"; attach one HorizontalAutoscaler per StatefulSet',
    );
  });

  test('a container without the request the metric needs', () => {
    const { chart, sts } = cache({ containers: [{ image: 'valkey/valkey:8.1', ports: [{ number: 6379 }], mounts: [{ volume: 'data', path: '/data' }] }] });
    expect(errorOf(() => new HorizontalAutoscaler(chart, 'hpa', { target: sts, ...HPA }))).toBe(
      '[test/hpa] cpuUtilizationPercent (70) needs a cpu request on every container of "test/cache", and container "cache" has none; '
      + 'set resources.cpu.request on container "cache"',
    );
  });

  test('a native sidecar without a request counts too', () => {
    const { chart, sts } = cache();
    const named = new StatefulSet(chart, 'queue', {
      containers: [{ ...sts.containers[0], name: 'queue' }],
      sidecars: [{ name: 'exporter', image: 'oliver006/redis_exporter:v1.67.0' }],
      volumeClaims: [{ name: 'data', size: Size.gibibytes(1) }],
    });
    expect(errorOf(() => new HorizontalAutoscaler(chart, 'hpa', { target: named, ...HPA }))).toBe(
      '[test/hpa] cpuUtilizationPercent (70) needs a cpu request on every container of "test/queue", and container "exporter" has none; '
      + 'set resources.cpu.request on container "exporter"',
    );
  });
});

describe('VerticalAutoscaler on a StatefulSet', () => {
  test('targetRef names the StatefulSet, and the set passes validateManifests', () => {
    const { chart, sts } = cache();
    const vpa = new VerticalAutoscaler(chart, 'vpa', { target: sts, controlledResources: ['memory'] });
    new HorizontalAutoscaler(chart, 'hpa', { target: sts, ...HPA });
    const manifests = synth(chart);
    expect(find(manifests, 'VerticalPodAutoscaler', 'cache').spec.targetRef).toEqual({ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'cache' });
    expect(sts.verticalAutoscaler).toBe(vpa);
    expect(formatFindings(validateManifests(manifests))).toBe('');
  });

  test('two on one StatefulSet', () => {
    const { chart, sts } = cache();
    new VerticalAutoscaler(chart, 'vpa', { target: sts });
    expect(errorOf(() => new VerticalAutoscaler(chart, 'vpa2', { target: sts, name: 'cache-2' }))).toBe(
      '[test/vpa2] target ("test/cache") is already resized by VerticalAutoscaler "test/vpa"; attach one VerticalAutoscaler per StatefulSet',
    );
  });

  test('one that resizes the cpu an HPA scales on', () => {
    const { chart, sts } = cache();
    new HorizontalAutoscaler(chart, 'hpa', { target: sts, ...HPA });
    expect(errorOf(() => new VerticalAutoscaler(chart, 'vpa', { target: sts }))).toBe(
      '[test/vpa] controlledResources (["cpu","memory"]) overlap cpu, which HorizontalAutoscaler "test/hpa" scales "test/cache" on, and the two would '
      + 'fight (the VPA resizes the requests that HPA utilization is measured against); remove cpu from controlledResources, set updateMode: \'Off\' '
      + 'to keep only recommendations, or scale the HorizontalAutoscaler on memory only',
    );
  });
});

describe('validateManifests: an HPA scaling a StatefulSet', () => {
  function manifests(): any[] {
    const { chart, sts } = cache();
    new HorizontalAutoscaler(chart, 'hpa', { target: sts, ...HPA });
    return synth(chart);
  }

  test('a StatefulSet that exists is accepted', () => {
    expect(validateManifests(manifests()).filter((f) => f.rule.startsWith('hpa-'))).toEqual([]);
  });

  test('a StatefulSet that is not in the manifests is reported', () => {
    const m = manifests();
    find(m, 'HorizontalPodAutoscaler', 'cache').spec.scaleTargetRef.name = 'queue';
    expect(validateManifests(m).filter((f) => f.rule === 'hpa-target')).toEqual([{
      rule: 'hpa-target', severity: 'warning', object: 'HorizontalPodAutoscaler/shop/cache', path: 'spec.scaleTargetRef',
      message: 'scale target StatefulSet "queue" is not in namespace "shop" of these manifests; make sure it exists, or fix scaleTargetRef',
    }]);
  });

  test('a Deployment of the same name does not stand in for the StatefulSet', () => {
    const m = manifests();
    find(m, 'StatefulSet', 'cache').kind = 'Deployment';
    expect(validateManifests(m).filter((f) => f.rule === 'hpa-target').map((f) => f.message)).toEqual([
      'scale target StatefulSet "cache" is not in namespace "shop" of these manifests; make sure it exists, or fix scaleTargetRef',
    ]);
  });

  test('a pinned spec.replicas on the StatefulSet is an error', () => {
    const m = manifests();
    find(m, 'StatefulSet', 'cache').spec.replicas = 2;
    expect(validateManifests(m).filter((f) => f.rule === 'hpa-pinned-replicas')).toEqual([{
      rule: 'hpa-pinned-replicas', severity: 'error', object: 'StatefulSet/shop/cache', path: 'spec.replicas',
      message: 'spec.replicas (2) is set although HorizontalPodAutoscaler/shop/cache scales this StatefulSet: every apply resets the replica count the '
        + 'HPA chose; remove spec.replicas',
    }]);
  });

  test('a container of the StatefulSet without the request the metric needs', () => {
    const m = manifests();
    delete find(m, 'StatefulSet', 'cache').spec.template.spec.containers[0].resources.requests.cpu;
    expect(validateManifests(m).filter((f) => f.rule === 'hpa-resource-request').map((f) => f.message)).toEqual([
      'container "cache" has no cpu request, but HorizontalPodAutoscaler/shop/cache targets cpu utilization, which is a percentage of the request: '
      + 'set resources.requests.cpu',
    ]);
  });
});
