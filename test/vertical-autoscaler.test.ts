import { Chart, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27/lib/container';
import { ContainerProps } from '../lib/container';
import { RollingDeployment, RollingDeploymentProps } from '../lib/deployment';
import { HorizontalAutoscaler, HorizontalAutoscalerProps } from '../lib/horizontal-autoscaler';
import { PropsError } from '../lib/private/errors';
import { formatFindings, validateManifests } from '../lib/validation';
import { VerticalAutoscaler, VerticalAutoscalerProps } from '../lib/vertical-autoscaler';
import { byKind, find, newChart, propsErrorOf, synth } from './util';

const REQUESTED: ContainerProps = {
  image: 'orders:1.0',
  resources: { cpu: { request: Cpu.millis(250) }, memory: { request: Size.mebibytes(256) } },
};

/** A chart with a deployment `api` (containers `app` and `proxy` when `pair`). */
function target(props: Partial<RollingDeploymentProps> = {}): { chart: Chart; api: RollingDeployment } {
  const chart = newChart();
  const api = new RollingDeployment(chart, 'api', { containers: [REQUESTED], ...props });
  return { chart, api };
}

const PAIR: Partial<RollingDeploymentProps> = {
  containers: [{ ...REQUESTED, name: 'app' }, { ...REQUESTED, name: 'proxy', image: 'envoy:1.30' }],
};

/** Synthesizes a VPA `vpa` on `api` and returns its manifest. */
function vpa(props: Partial<VerticalAutoscalerProps> = {}, deployment: Partial<RollingDeploymentProps> = {}): any {
  const { chart, api } = target(deployment);
  new VerticalAutoscaler(chart, 'vpa', { target: api, ...props });
  return find(synth(chart), 'VerticalPodAutoscaler', 'api');
}

function vpaError(props: Partial<VerticalAutoscalerProps>, deployment: Partial<RollingDeploymentProps> = {}): string {
  const { chart, api } = target(deployment);
  return propsErrorOf(() => new VerticalAutoscaler(chart, 'vpa', { target: api, ...props }));
}

const HPA: Omit<HorizontalAutoscalerProps, 'target'> = { maxReplicas: 10, cpuUtilizationPercent: 70 };

describe('snapshots', () => {
  test('minimal props', () => {
    const { chart, api } = target();
    new VerticalAutoscaler(chart, 'vpa', { target: api });
    const manifests = synth(chart);
    expect(manifests).toMatchSnapshot();
    expect(formatFindings(validateManifests(manifests))).toBe('');
  });

  test('all props', () => {
    const { chart, api } = target(PAIR);
    new VerticalAutoscaler(chart, 'vpa', {
      target: api,
      name: 'api-sizer',
      component: 'sizing',
      partOf: 'shop',
      version: '1.0',
      labels: { team: 'payments' },
      annotations: { owner: 'payments@example.com' },
      updateMode: 'InPlaceOrRecreate',
      controlledResources: ['cpu', 'memory'],
      controlledValues: 'RequestsOnly',
      minAllowed: { cpu: Cpu.millis(50), memory: Size.mebibytes(64) },
      maxAllowed: { cpu: Cpu.units(2), memory: Size.gibibytes(4) },
      containerPolicies: [
        { container: 'proxy', mode: 'Off' },
        { container: 'app', controlledResources: ['memory'], maxAllowed: { memory: Size.mebibytes(1536) } },
      ],
    });
    const manifests = synth(chart);
    expect(manifests).toMatchSnapshot();
    const v = find(manifests, 'VerticalPodAutoscaler', 'api-sizer');
    expect(v.spec.updatePolicy).toEqual({ updateMode: 'InPlaceOrRecreate' });
    expect(v.spec.resourcePolicy.containerPolicies).toEqual([
      {
        containerName: '*',
        controlledResources: ['cpu', 'memory'],
        controlledValues: 'RequestsOnly',
        minAllowed: { cpu: '50m', memory: '64Mi' },
        maxAllowed: { cpu: '2', memory: '4Gi' },
      },
      {
        containerName: 'proxy',
        mode: 'Off',
        controlledResources: ['cpu', 'memory'],
        controlledValues: 'RequestsOnly',
        minAllowed: { cpu: '50m', memory: '64Mi' },
        maxAllowed: { cpu: '2', memory: '4Gi' },
      },
      {
        containerName: 'app',
        controlledResources: ['memory'],
        controlledValues: 'RequestsOnly',
        minAllowed: { cpu: '50m', memory: '64Mi' },
        maxAllowed: { cpu: '2', memory: '1536Mi' },
      },
    ]);
    expect(v.metadata.labels).toMatchObject({ 'team': 'payments', 'app.kubernetes.io/component': 'sizing', 'app.kubernetes.io/part-of': 'shop' });
    expect(v.metadata.annotations).toEqual({ owner: 'payments@example.com' });
    expect(formatFindings(validateManifests(manifests))).toBe('');
  });
});

describe('defaults', () => {
  test('DEFAULTS are the documented values', () => {
    expect(VerticalAutoscaler.DEFAULTS).toEqual({ updateMode: 'Recreate', controlledResources: ['cpu', 'memory'] });
  });

  test('DEFAULTS appear in the YAML, explicitly', () => {
    const { spec } = vpa();
    expect(spec.updatePolicy.updateMode).toBe(VerticalAutoscaler.DEFAULTS.updateMode);
    expect(spec.resourcePolicy.containerPolicies).toEqual([
      { containerName: '*', controlledResources: [...VerticalAutoscaler.DEFAULTS.controlledResources] },
    ]);
  });

  test('targets the Deployment by name, is named after it and carries its labels', () => {
    const { chart, api } = target();
    new VerticalAutoscaler(chart, 'vpa', { target: api });
    const manifests = synth(chart);
    const v = find(manifests, 'VerticalPodAutoscaler', 'api');
    expect(v.apiVersion).toBe('autoscaling.k8s.io/v1');
    expect(v.spec.targetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' });
    expect(v.metadata.labels).toEqual(find(manifests, 'Deployment', 'api').metadata.labels);
  });

  test('the construct exposes what it wrote and registers with the deployment', () => {
    const { chart, api } = target();
    const v = new VerticalAutoscaler(chart, 'vpa', { target: api, controlledResources: ['memory'] });
    expect(v.name).toBe('api');
    expect(v.resizedResources).toEqual(['memory']);
    expect(api.verticalAutoscaler).toBe(v);
  });

  test('the deployment keeps its own requests: the VPA changes pods, not the Deployment', () => {
    const { chart, api } = target();
    new VerticalAutoscaler(chart, 'vpa', { target: api });
    const d = find(synth(chart), 'Deployment', 'api');
    expect(d.spec.template.spec.containers[0].resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' } });
  });
});

describe('what it resizes', () => {
  test.each(['Off', 'Initial', 'Recreate', 'InPlaceOrRecreate', 'InPlace'] as const)('update mode %s as given', (updateMode) => {
    expect(vpa({ updateMode }).spec.updatePolicy.updateMode).toBe(updateMode);
  });

  test('Off resizes nothing', () => {
    const { chart, api } = target();
    expect(new VerticalAutoscaler(chart, 'vpa', { target: api, updateMode: 'Off' }).resizedResources).toEqual([]);
  });

  test('a container with mode Off is left out; the others count', () => {
    const { chart, api } = target(PAIR);
    const v = new VerticalAutoscaler(chart, 'vpa', {
      target: api,
      controlledResources: ['cpu'],
      containerPolicies: [{ container: 'app', mode: 'Off' }, { container: 'proxy', controlledResources: ['memory'] }],
    });
    expect(v.resizedResources).toEqual(['memory']);
  });

  test('a container policy that leaves controlledResources unset resizes the inherited ones', () => {
    const { chart, api } = target();
    const v = new VerticalAutoscaler(chart, 'vpa', { target: api, containerPolicies: [{ container: 'api', minAllowed: { memory: Size.mebibytes(64) } }] });
    expect(v.resizedResources).toEqual(['cpu', 'memory']);
  });

  test('container policies inherit unset fields from the autoscaler and override set ones', () => {
    const { spec } = vpa({
      controlledResources: ['cpu'],
      minAllowed: { cpu: Cpu.millis(100) },
      containerPolicies: [{ container: 'app', minAllowed: { memory: Size.mebibytes(128) } }],
    }, PAIR);
    expect(spec.resourcePolicy.containerPolicies[1]).toEqual({
      containerName: 'app',
      controlledResources: ['cpu'],
      minAllowed: { cpu: '100m', memory: '128Mi' },
    });
  });

  test('quantities: millicores, whole cores, binary sizes', () => {
    const { spec } = vpa({
      minAllowed: { cpu: Cpu.millis(1500), memory: Size.kibibytes(512) },
      maxAllowed: { cpu: Cpu.units(4), memory: Size.gibibytes(2) },
    });
    expect(spec.resourcePolicy.containerPolicies[0].minAllowed).toEqual({ cpu: '1500m', memory: '512Ki' });
    expect(spec.resourcePolicy.containerPolicies[0].maxAllowed).toEqual({ cpu: '4', memory: '2Gi' });
  });

  test('equal min and max pin the recommendation', () => {
    const { spec } = vpa({ minAllowed: { cpu: Cpu.millis(500) }, maxAllowed: { cpu: Cpu.units(0.5) } });
    expect(spec.resourcePolicy.containerPolicies[0]).toMatchObject({ minAllowed: { cpu: '500m' }, maxAllowed: { cpu: '0.5' } });
  });
});

describe('next to a HorizontalAutoscaler', () => {
  const CPU_FIGHT_ON_HPA = '[test/hpa] cpuUtilizationPercent (70) scales on cpu, which VerticalAutoscaler "test/vpa" also resizes on "test/api", and the two would fight (the VPA resizes the requests that HPA utilization is measured against); remove cpu from the VerticalAutoscaler\'s controlledResources, set its updateMode to \'Off\', or drop cpuUtilizationPercent';

  test('HPA on cpu after a VPA on cpu: the HPA is the error', () => {
    const { chart, api } = target();
    new VerticalAutoscaler(chart, 'vpa', { target: api });
    expect(propsErrorOf(() => new HorizontalAutoscaler(chart, 'hpa', { target: api, ...HPA }))).toBe(CPU_FIGHT_ON_HPA);
  });

  test('VPA after an HPA on cpu and memory: the VPA is the error', () => {
    const { chart, api } = target();
    new HorizontalAutoscaler(chart, 'hpa', { target: api, ...HPA, memoryUtilizationPercent: 80 });
    expect(propsErrorOf(() => new VerticalAutoscaler(chart, 'vpa', { target: api }))).toBe(
      '[test/vpa] controlledResources (["cpu","memory"]) overlap cpu and memory, which HorizontalAutoscaler "test/hpa" scales "test/api" on, and the two would fight (the VPA resizes the requests that HPA utilization is measured against); remove cpu and memory from controlledResources, set updateMode: \'Off\' to keep only recommendations',
    );
  });

  test('VPA on cpu after an HPA on cpu: the fix names the other resource', () => {
    const { chart, api } = target();
    new HorizontalAutoscaler(chart, 'hpa', { target: api, ...HPA });
    expect(propsErrorOf(() => new VerticalAutoscaler(chart, 'vpa', { target: api }))).toBe(
      '[test/vpa] controlledResources (["cpu","memory"]) overlap cpu, which HorizontalAutoscaler "test/hpa" scales "test/api" on, and the two would fight (the VPA resizes the requests that HPA utilization is measured against); remove cpu from controlledResources, set updateMode: \'Off\' to keep only recommendations, or scale the HorizontalAutoscaler on memory only',
    );
  });

  test('an HPA on both reports each overlapping metric', () => {
    const { chart, api } = target();
    new VerticalAutoscaler(chart, 'vpa', { target: api });
    expect(propsErrorOf(() => new HorizontalAutoscaler(chart, 'hpa', { target: api, ...HPA, memoryUtilizationPercent: 80 }))).toBe([
      CPU_FIGHT_ON_HPA,
      '[test/hpa] memoryUtilizationPercent (80) scales on memory, which VerticalAutoscaler "test/vpa" also resizes on "test/api", and the two would fight (the VPA resizes the requests that HPA utilization is measured against); remove memory from the VerticalAutoscaler\'s controlledResources, set its updateMode to \'Off\', or drop memoryUtilizationPercent',
    ].join('\n'));
  });

  test.each([
    ['VPA first', true],
    ['HPA first', false],
  ])('no overlap is fine (%s): VPA on memory, HPA on cpu', (_, vpaFirst) => {
    const { chart, api } = target();
    const makeVpa = () => new VerticalAutoscaler(chart, 'vpa', { target: api, controlledResources: ['memory'] });
    const makeHpa = () => new HorizontalAutoscaler(chart, 'hpa', { target: api, ...HPA });
    if (vpaFirst) { makeVpa(); makeHpa(); } else { makeHpa(); makeVpa(); }
    const manifests = synth(chart);
    expect(byKind(manifests, 'VerticalPodAutoscaler')).toHaveLength(1);
    expect(byKind(manifests, 'HorizontalPodAutoscaler')).toHaveLength(1);
    expect(formatFindings(validateManifests(manifests))).toBe('');
  });

  test('the overlap is found through a container policy that inherits the resources', () => {
    const { chart, api } = target();
    new VerticalAutoscaler(chart, 'vpa', { target: api, containerPolicies: [{ container: 'api', maxAllowed: { cpu: Cpu.units(1) } }] });
    expect(propsErrorOf(() => new HorizontalAutoscaler(chart, 'hpa', { target: api, ...HPA }))).toBe(CPU_FIGHT_ON_HPA);
  });

  test('a recommendation-only VPA (Off) next to an HPA on cpu is fine', () => {
    const { chart, api } = target();
    new HorizontalAutoscaler(chart, 'hpa', { target: api, ...HPA });
    new VerticalAutoscaler(chart, 'vpa', { target: api, updateMode: 'Off' });
    expect(byKind(synth(chart), 'VerticalPodAutoscaler')).toHaveLength(1);
  });

  test('a VPA whose only container is Off next to an HPA is fine', () => {
    const { chart, api } = target();
    new VerticalAutoscaler(chart, 'vpa', { target: api, containerPolicies: [{ container: 'api', mode: 'Off' }] });
    new HorizontalAutoscaler(chart, 'hpa', { target: api, ...HPA });
    expect(byKind(synth(chart), 'HorizontalPodAutoscaler')).toHaveLength(1);
  });
});

describe('errors', () => {
  test('a second VPA on one deployment', () => {
    const { chart, api } = target();
    new VerticalAutoscaler(chart, 'vpa', { target: api, updateMode: 'Off' });
    expect(propsErrorOf(() => new VerticalAutoscaler(chart, 'other', { target: api, name: 'other' }))).toBe(
      '[test/other] target ("test/api") is already resized by VerticalAutoscaler "test/vpa"; attach one VerticalAutoscaler per deployment',
    );
  });

  test('the deprecated Auto mode', () => {
    expect(vpaError({ updateMode: 'Auto' as any })).toBe(
      '[test/vpa] updateMode ("Auto") is deprecated by the VPA project; use \'Recreate\' (what Auto means), or \'InPlaceOrRecreate\'',
    );
  });

  test('an unknown update mode', () => {
    expect(vpaError({ updateMode: 'Sometimes' as any })).toBe(
      '[test/vpa] updateMode ("Sometimes") is not a VPA update mode; use one of \'Off\', \'Initial\', \'Recreate\', \'InPlaceOrRecreate\', \'InPlace\'',
    );
  });

  test('empty controlledResources', () => {
    expect(vpaError({ controlledResources: [] })).toBe(
      '[test/vpa] controlledResources ([]) is empty; list cpu and/or memory, or set updateMode: \'Off\'',
    );
  });

  test('controlledResources with something the VPA does not size, and a repeat', () => {
    expect(vpaError({ controlledResources: ['cpu', 'nvidia.com/gpu' as any, 'cpu'] })).toBe([
      '[test/vpa] controlledResources (["cpu","nvidia.com/gpu","cpu"]) lists "nvidia.com/gpu", which the VPA does not size; list only cpu and memory',
      '[test/vpa] controlledResources (["cpu","nvidia.com/gpu","cpu"]) lists a resource twice; list each resource once',
    ].join('\n'));
  });

  test('an unknown controlledValues', () => {
    expect(vpaError({ controlledValues: 'LimitsOnly' as any })).toBe(
      '[test/vpa] controlledValues ("LimitsOnly") is not a VPA controlled-values mode; use \'RequestsAndLimits\' or \'RequestsOnly\'',
    );
  });

  test('maxAllowed below minAllowed, cpu and memory', () => {
    expect(vpaError({
      minAllowed: { cpu: Cpu.units(1), memory: Size.gibibytes(1) },
      maxAllowed: { cpu: Cpu.millis(500), memory: Size.mebibytes(512) },
    })).toBe([
      '[test/vpa] maxAllowed.cpu ("500m") must be >= minAllowed.cpu ("1"); raise maxAllowed.cpu or lower minAllowed.cpu',
      '[test/vpa] maxAllowed.memory ("512Mi") must be >= minAllowed.memory ("1Gi"); raise maxAllowed.memory or lower minAllowed.memory',
    ].join('\n'));
  });

  test('zero cpu bound', () => {
    expect(vpaError({ minAllowed: { cpu: Cpu.millis(0) } })).toBe(
      '[test/vpa] minAllowed.cpu ("0m") must be above zero; use e.g. Cpu.millis(50)',
    );
  });

  test('a container maximum below an inherited minimum is reported once, on the container', () => {
    expect(vpaError({
      minAllowed: { memory: Size.mebibytes(256) },
      containerPolicies: [{ container: 'app', maxAllowed: { memory: Size.mebibytes(128) } }],
    }, PAIR)).toBe(
      '[test/vpa] containerPolicies[0].maxAllowed.memory ("128Mi") must be >= minAllowed.memory ("256Mi", inherited from the autoscaler); raise maxAllowed.memory or lower minAllowed.memory',
    );
  });

  test('a container minimum above an inherited maximum', () => {
    expect(vpaError({
      maxAllowed: { cpu: Cpu.millis(200) },
      containerPolicies: [{ container: 'proxy', minAllowed: { cpu: Cpu.millis(300) } }],
    }, PAIR)).toBe(
      '[test/vpa] containerPolicies[0].minAllowed.cpu ("300m") must be <= maxAllowed.cpu ("200m", inherited from the autoscaler); lower minAllowed.cpu or raise maxAllowed.cpu',
    );
  });

  test('a bad pair at the top is not repeated for the containers that inherit it', () => {
    expect(vpaError({
      minAllowed: { cpu: Cpu.units(1) },
      maxAllowed: { cpu: Cpu.millis(500) },
      containerPolicies: [{ container: 'app', mode: 'Off' }],
    }, PAIR)).toBe(
      '[test/vpa] maxAllowed.cpu ("500m") must be >= minAllowed.cpu ("1"); raise maxAllowed.cpu or lower minAllowed.cpu',
    );
  });

  test('a policy for a container the deployment does not have, and a second policy for one', () => {
    expect(vpaError({ containerPolicies: [{ container: 'sidecar' }, { container: 'app' }, { container: 'app' }] }, PAIR)).toBe([
      '[test/vpa] containerPolicies[0].container ("sidecar") is not a container of "test/api"; use one of "app", "proxy"',
      '[test/vpa] containerPolicies[2].container ("app") has a policy already; give each container one policy',
    ].join('\n'));
  });

  test('container policy problems use the container\'s prop path', () => {
    expect(vpaError({ containerPolicies: [{ container: 'api', mode: 'Sometimes' as any, controlledResources: [], controlledValues: 'All' as any }] })).toBe([
      '[test/vpa] containerPolicies[0].mode ("Sometimes") is not a container scaling mode; use \'Auto\' or \'Off\'',
      '[test/vpa] containerPolicies[0].controlledResources ([]) is empty; list cpu and/or memory, or set mode: \'Off\' to leave the container alone',
      '[test/vpa] containerPolicies[0].controlledValues ("All") is not a VPA controlled-values mode; use \'RequestsAndLimits\' or \'RequestsOnly\'',
    ].join('\n'));
  });

  test('throws before creating the VPA object or registering with the target', () => {
    const { chart, api } = target();
    expect(() => new VerticalAutoscaler(chart, 'vpa', { target: api, controlledResources: [] })).toThrow(PropsError);
    expect(api.verticalAutoscaler).toBeUndefined();
    expect(byKind(synth(chart), 'VerticalPodAutoscaler')).toEqual([]);
  });
});
