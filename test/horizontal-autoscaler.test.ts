import { Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27/lib/container';
import { ContainerProps } from '../lib/container';
import { RollingDeployment, RollingDeploymentProps } from '../lib/deployment';
import { HorizontalAutoscaler, HorizontalAutoscalerProps } from '../lib/horizontal-autoscaler';
import { find, newChart, propsErrorOf, synth } from './util';

/** A container with both requests, so either utilization metric is computable. */
const REQUESTED: ContainerProps = {
  image: 'orders:1.0',
  resources: { cpu: { request: Cpu.millis(250) }, memory: { request: Size.mebibytes(256) } },
};

/** A chart with a deployment `api` that does not pin replicas. */
function target(props: Partial<RollingDeploymentProps> = {}): { chart: Chart; api: RollingDeployment } {
  const chart = newChart();
  const api = new RollingDeployment(chart, 'api', { containers: [REQUESTED], ...props });
  return { chart, api };
}

/** Synthesizes an autoscaler `hpa` on `api`; returns both manifests. */
function autoscale(props: Partial<HorizontalAutoscalerProps> = {}): { hpa: any; deployment: any } {
  const { chart, api } = target();
  new HorizontalAutoscaler(chart, 'hpa', { target: api, maxReplicas: 10, cpuUtilizationPercent: 70, ...props });
  const manifests = synth(chart);
  return { hpa: find(manifests, 'HorizontalPodAutoscaler', 'api'), deployment: find(manifests, 'Deployment', 'api') };
}

function hpaError(props: Partial<HorizontalAutoscalerProps>, deployment: Partial<RollingDeploymentProps> = {}): string {
  const { chart, api } = target(deployment);
  return propsErrorOf(() => new HorizontalAutoscaler(chart, 'hpa', { target: api, maxReplicas: 10, cpuUtilizationPercent: 70, ...props }));
}

describe('snapshots', () => {
  test('minimal props', () => {
    const { chart, api } = target();
    new HorizontalAutoscaler(chart, 'hpa', { target: api, maxReplicas: 5, cpuUtilizationPercent: 80 });
    expect(synth(chart)).toMatchSnapshot();
  });

  test('all props', () => {
    const { chart, api } = target();
    new HorizontalAutoscaler(chart, 'hpa', {
      target: api,
      name: 'api-scaler',
      labels: { team: 'payments' },
      annotations: { owner: 'payments@example.com' },
      minReplicas: 2,
      maxReplicas: 20,
      cpuUtilizationPercent: 65,
      memoryUtilizationPercent: 80,
      scaleUp: {
        stabilizationWindow: Duration.seconds(0),
        selectPolicy: 'Max',
        policies: [{ type: 'Percent', value: 100, period: Duration.seconds(15) }, { type: 'Pods', value: 4, period: Duration.seconds(15) }],
      },
      scaleDown: {
        stabilizationWindow: Duration.minutes(5),
        selectPolicy: 'Min',
        policies: [{ type: 'Pods', value: 1, period: Duration.minutes(1) }],
      },
    });
    const manifests = synth(chart);
    expect(manifests).toMatchSnapshot();
    const hpa = find(manifests, 'HorizontalPodAutoscaler', 'api-scaler');
    expect(hpa.spec.minReplicas).toBe(2);
    expect(hpa.spec.maxReplicas).toBe(20);
    expect(hpa.metadata.labels.team).toBe('payments');
    expect(hpa.metadata.annotations).toEqual({ owner: 'payments@example.com' });
  });
});

describe('HorizontalAutoscaler', () => {
  test('autoscaling/v2 HPA named after its deployment, pointing at it', () => {
    const { hpa } = autoscale();
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.metadata.name).toBe('api');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' });
  });

  test('scaleTargetRef follows a renamed deployment', () => {
    const { chart, api } = target({ name: 'orders' });
    new HorizontalAutoscaler(chart, 'hpa', { target: api, maxReplicas: 3, cpuUtilizationPercent: 70 });
    const hpa = find(synth(chart), 'HorizontalPodAutoscaler', 'orders');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'orders' });
  });

  test('carries the deployment\'s labels', () => {
    const { hpa, deployment } = autoscale();
    expect(hpa.metadata.labels).toEqual(deployment.metadata.labels);
  });

  test('component, partOf and version props label the HPA like they label every other object', () => {
    const { hpa } = autoscale({ component: 'scaler', partOf: 'shop', version: '2.0.0' });
    expect(hpa.metadata.labels).toMatchObject({
      'app.kubernetes.io/component': 'scaler',
      'app.kubernetes.io/part-of': 'shop',
      'app.kubernetes.io/version': '2.0.0',
    });
  });

  test('minReplicas defaults to HorizontalAutoscaler.DEFAULTS; min and max as given', () => {
    expect(HorizontalAutoscaler.DEFAULTS.minReplicas).toBe(1);
    expect(autoscale().hpa.spec.minReplicas).toBe(HorizontalAutoscaler.DEFAULTS.minReplicas);
    const { hpa } = autoscale({ minReplicas: 3, maxReplicas: 12 });
    expect(hpa.spec.minReplicas).toBe(3);
    expect(hpa.spec.maxReplicas).toBe(12);
  });

  test('minReplicas equal to maxReplicas is allowed', () => {
    const { hpa } = autoscale({ minReplicas: 4, maxReplicas: 4 });
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([4, 4]);
  });

  test('CPU utilization metric', () => {
    expect(autoscale({ cpuUtilizationPercent: 70 }).hpa.spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
    ]);
  });

  test('memory utilization metric alone', () => {
    expect(autoscale({ cpuUtilizationPercent: undefined, memoryUtilizationPercent: 85 }).hpa.spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 85 } } },
    ]);
  });

  test('CPU and memory together; utilization above 100% of the request is allowed', () => {
    expect(autoscale({ cpuUtilizationPercent: 150, memoryUtilizationPercent: 80 }).hpa.spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 150 } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } },
    ]);
  });

  test('no behavior key unless scaleUp or scaleDown is set', () => {
    expect(autoscale().hpa.spec).not.toHaveProperty('behavior');
  });

  test('scaleDown behavior only', () => {
    const { hpa } = autoscale({
      scaleDown: { stabilizationWindow: Duration.minutes(10), policies: [{ type: 'Percent', value: 10, period: Duration.minutes(1) }] },
    });
    expect(hpa.spec.behavior).toEqual({
      scaleDown: { stabilizationWindowSeconds: 600, policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }] },
    });
  });

  test('scaleUp behavior with the boundary values and a disabled direction', () => {
    const { hpa } = autoscale({
      scaleUp: { stabilizationWindow: Duration.hours(1), policies: [{ type: 'Pods', value: 1, period: Duration.minutes(30) }] },
      scaleDown: { selectPolicy: 'Disabled' },
    });
    expect(hpa.spec.behavior).toEqual({
      scaleUp: { stabilizationWindowSeconds: 3600, policies: [{ type: 'Pods', value: 1, periodSeconds: 1800 }] },
      scaleDown: { selectPolicy: 'Disabled' },
    });
  });

  test('the autoscaled Deployment has no spec.replicas key at all', () => {
    const { deployment } = autoscale();
    expect(deployment.spec).not.toHaveProperty('replicas');
  });

  test('without an autoscaler the same Deployment keeps its default replicas', () => {
    const { chart } = target();
    expect(find(synth(chart), 'Deployment', 'api').spec.replicas).toBe(RollingDeployment.DEFAULTS.replicas);
  });

  test('the deployment reports its autoscaler', () => {
    const { chart, api } = target();
    const hpa = new HorizontalAutoscaler(chart, 'hpa', { target: api, maxReplicas: 3, cpuUtilizationPercent: 70 });
    expect(api.autoscaler).toBe(hpa);
    expect(hpa.name).toBe('api');
  });

  test('a deployment with init containers only needs requests on its app containers', () => {
    const { chart, api } = target({ initContainers: [{ name: 'migrate', image: 'migrate:1' }], containers: [{ name: 'app', ...REQUESTED }] });
    new HorizontalAutoscaler(chart, 'hpa', { target: api, maxReplicas: 3, cpuUtilizationPercent: 70 });
    expect(find(synth(chart), 'HorizontalPodAutoscaler', 'api').spec.metrics).toHaveLength(1);
  });
});

describe('errors', () => {
  test('target pins replicas', () => {
    expect(hpaError({}, { replicas: 3 })).toBe(
      '[test/hpa] target ("test/api") pins replicas (3), which the autoscaler would fight on every apply; remove replicas from "test/api" and set minReplicas instead',
    );
  });

  test('target pins replicas to the default value explicitly', () => {
    expect(hpaError({}, { replicas: 1 })).toBe(
      '[test/hpa] target ("test/api") pins replicas (1), which the autoscaler would fight on every apply; remove replicas from "test/api" and set minReplicas instead',
    );
  });

  test('two autoscalers on one deployment', () => {
    const { chart, api } = target();
    new HorizontalAutoscaler(chart, 'cpu', { target: api, maxReplicas: 10, cpuUtilizationPercent: 70 });
    expect(propsErrorOf(() => new HorizontalAutoscaler(chart, 'memory', { target: api, maxReplicas: 10, memoryUtilizationPercent: 80 }))).toBe(
      '[test/memory] target ("test/api") is already scaled by "test/cpu"; attach one HorizontalAutoscaler per deployment',
    );
  });

  test('a container without a CPU request when scaling on CPU, named in the message', () => {
    expect(hpaError({ cpuUtilizationPercent: 70 }, {
      containers: [{ name: 'app', ...REQUESTED }, { name: 'logger', image: 'busybox:1.36' }],
    })).toBe(
      '[test/hpa] cpuUtilizationPercent (70) needs a cpu request on every container of "test/api", and container "logger" has none; set resources.cpu.request on container "logger"',
    );
  });

  test('a native sidecar without a CPU request when scaling on CPU: the autoscaler counts sidecars too', () => {
    expect(hpaError({ cpuUtilizationPercent: 70 }, {
      containers: [{ name: 'app', ...REQUESTED }], sidecars: [{ name: 'proxy', image: 'envoyproxy/envoy:v1.33' }],
    })).toBe(
      '[test/hpa] cpuUtilizationPercent (70) needs a cpu request on every container of "test/api", and container "proxy" has none; set resources.cpu.request on container "proxy"',
    );
  });

  test('a CPU limit is not a CPU request', () => {
    expect(hpaError({ cpuUtilizationPercent: 70 }, { containers: [{ image: 'orders:1.0', resources: { cpu: { limit: Cpu.units(1) } } }] })).toBe(
      '[test/hpa] cpuUtilizationPercent (70) needs a cpu request on every container of "test/api", and container "api" has none; set resources.cpu.request on container "api"',
    );
  });

  test('a container without a memory request when scaling on memory', () => {
    expect(hpaError({ cpuUtilizationPercent: undefined, memoryUtilizationPercent: 80 }, {
      containers: [{ image: 'orders:1.0', resources: { cpu: { request: Cpu.millis(250) } } }],
    })).toBe(
      '[test/hpa] memoryUtilizationPercent (80) needs a memory request on every container of "test/api", and container "api" has none; set resources.memory.request on container "api"',
    );
  });

  test('every container without a request is named, each on its own line', () => {
    expect(hpaError({ cpuUtilizationPercent: 70 }, {
      containers: [{ name: 'app', image: 'app:1' }, { name: 'logger', image: 'busybox:1.36' }],
    })).toBe([
      '[test/hpa] cpuUtilizationPercent (70) needs a cpu request on every container of "test/api", and container "app" has none; set resources.cpu.request on container "app"',
      '[test/hpa] cpuUtilizationPercent (70) needs a cpu request on every container of "test/api", and container "logger" has none; set resources.cpu.request on container "logger"',
    ].join('\n'));
  });

  test('minReplicas above maxReplicas', () => {
    expect(hpaError({ minReplicas: 5, maxReplicas: 3 })).toBe(
      '[test/hpa] maxReplicas (3) must be a whole number >= minReplicas (5); raise maxReplicas or lower minReplicas',
    );
  });

  test('maxReplicas below the default minReplicas', () => {
    expect(hpaError({ maxReplicas: 0 })).toBe(
      '[test/hpa] maxReplicas (0) must be a whole number >= minReplicas (1); raise maxReplicas or lower minReplicas',
    );
  });

  test('fractional maxReplicas', () => {
    expect(hpaError({ maxReplicas: 2.5 })).toBe(
      '[test/hpa] maxReplicas (2.5) must be a whole number >= minReplicas (1); raise maxReplicas or lower minReplicas',
    );
  });

  test('minReplicas 0', () => {
    expect(hpaError({ minReplicas: 0 })).toBe(
      '[test/hpa] minReplicas (0) must be a whole number of at least 1; use 1 or more (scale-to-zero needs an alpha feature gate)',
    );
  });

  test('no metric', () => {
    expect(hpaError({ cpuUtilizationPercent: undefined })).toBe(
      '[test/hpa] cpuUtilizationPercent (undefined) and memoryUtilizationPercent are both unset, so nothing drives scaling; set either or both, e.g. cpuUtilizationPercent: 70',
    );
  });

  test.each([
    ['cpuUtilizationPercent', 0],
    ['cpuUtilizationPercent', 70.5],
    ['memoryUtilizationPercent', -10],
  ] as const)('%s %p', (prop, value) => {
    expect(hpaError({ cpuUtilizationPercent: undefined, [prop]: value })).toBe(
      `[test/hpa] ${prop} (${value}) must be a whole percentage above 0; use e.g. 70 (it may exceed 100: it is relative to the request)`,
    );
  });

  test('stabilization window above one hour', () => {
    expect(hpaError({ scaleUp: { stabilizationWindow: Duration.minutes(61) } })).toBe(
      '[test/hpa] scaleUp.stabilizationWindow (3660s) must be a whole number of seconds, 0s to 3600s; use e.g. Duration.seconds(3600)',
    );
  });

  test('policy value below 1', () => {
    expect(hpaError({ scaleDown: { policies: [{ type: 'Pods', value: 0, period: Duration.minutes(1) }] } })).toBe(
      '[test/hpa] scaleDown.policies[0].value (0) must be a whole number above 0; use 1 or more',
    );
  });

  test.each([
    [Duration.seconds(0), '0s', 1],
    [Duration.minutes(31), '1860s', 1800],
  ])('policy period %p outside 1s–1800s', (period, shown, nearest) => {
    expect(hpaError({ scaleUp: { policies: [{ type: 'Percent', value: 50, period }] } })).toBe(
      `[test/hpa] scaleUp.policies[0].period (${shown}) must be a whole number of seconds, 1s to 1800s; use e.g. Duration.seconds(${nearest})`,
    );
  });

  test('several problems in one autoscaler are reported together, one per line', () => {
    expect(hpaError({
      minReplicas: 0,
      maxReplicas: -1,
      cpuUtilizationPercent: 0,
      scaleUp: { stabilizationWindow: Duration.hours(2) },
      scaleDown: { policies: [{ type: 'Pods', value: 1.5, period: Duration.hours(1) }] },
    }, { replicas: 2 })).toBe([
      '[test/hpa] minReplicas (0) must be a whole number of at least 1; use 1 or more (scale-to-zero needs an alpha feature gate)',
      '[test/hpa] maxReplicas (-1) must be a whole number >= minReplicas (0); raise maxReplicas or lower minReplicas',
      '[test/hpa] cpuUtilizationPercent (0) must be a whole percentage above 0; use e.g. 70 (it may exceed 100: it is relative to the request)',
      '[test/hpa] scaleUp.stabilizationWindow (7200s) must be a whole number of seconds, 0s to 3600s; use e.g. Duration.seconds(3600)',
      '[test/hpa] scaleDown.policies[0].value (1.5) must be a whole number above 0; use 1 or more',
      '[test/hpa] scaleDown.policies[0].period (3600s) must be a whole number of seconds, 1s to 1800s; use e.g. Duration.seconds(1800)',
      '[test/hpa] target ("test/api") pins replicas (2), which the autoscaler would fight on every apply; remove replicas from "test/api" and set minReplicas instead',
    ].join('\n'));
  });
});

// pkg/apis/autoscaling/validation/validation.go validateScalingRules, the rule validateManifests checks too (HPA-12).
test('an empty list of scaling policies', () => {
  expect(hpaError({ scaleDown: { policies: [] } })).toBe('[test/hpa] scaleDown.policies ([]) is an empty list, and the API server needs at least one '
    + 'policy; add a policy, or leave policies out to get the Kubernetes defaults');
});
