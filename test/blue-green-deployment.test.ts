import { Chart, Duration, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27/lib/container';
import { BlueGreenDeployment, BlueGreenDeploymentProps, COLOR_LABEL } from '../lib/blue-green-deployment';
import { HorizontalAutoscaler } from '../lib/horizontal-autoscaler';
import { COLLECT_ERRORS_CONTEXT } from '../lib/private/errors';
import { Probe } from '../lib/probe';
import { validateManifests } from '../lib/validation';
import { diffManifests } from './manifest-diff';
import { byKind, container, find, newChart, propsErrorOf, synth } from './util';

const PORTS = [{ number: 8080, name: 'http' }];

/** The smallest valid props: one container, two versions, blue live. */
function minimal(overrides: Partial<BlueGreenDeploymentProps> = {}): BlueGreenDeploymentProps {
  return {
    containers: [{ image: 'shop/web:1.0.0', ports: PORTS }],
    blue: { version: '1.0.0' },
    green: { version: '1.1.0', image: 'shop/web:1.1.0' },
    active: 'blue',
    ports: [{ port: 80 }],
    ...overrides,
  };
}

function synthWith(props: BlueGreenDeploymentProps): any[] {
  const chart = newChart();
  new BlueGreenDeployment(chart, 'web', props);
  return synth(chart);
}

function bgError(overrides: Partial<BlueGreenDeploymentProps>): string {
  return propsErrorOf(() => new BlueGreenDeployment(newChart(), 'web', minimal(overrides)));
}

const INSTANCE = 'app.kubernetes.io/instance';
const NAME = 'app.kubernetes.io/name';
const VERSION = 'app.kubernetes.io/version';

describe('snapshots', () => {
  test('minimal props', () => {
    const manifests = synthWith(minimal());
    expect(manifests).toMatchSnapshot();
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort())
      .toEqual(['Deployment/web-blue', 'Deployment/web-green', 'Service/web', 'Service/web-preview']);
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('all props', () => {
    const manifests = synthWith({
      name: 'shop',
      previewName: 'shop-next',
      component: 'storefront',
      partOf: 'retail',
      labels: { team: 'web' },
      annotations: { owner: 'web@example.com' },
      replicas: 3,
      maxSurge: 1,
      progressDeadline: Duration.minutes(5),
      revisionHistoryLimit: 5,
      containers: [{
        image: 'shop/web:1.0.0',
        ports: PORTS,
        resources: { cpu: { request: Cpu.millis(100) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) } },
        readiness: Probe.httpGet('/healthz', { port: 'http' }),
        writablePaths: ['/tmp'],
      }],
      blue: { version: '1.0.0', changeCause: 'release 1.0.0 (JIRA-1)', replicas: 1 },
      green: {
        version: '2.0.0',
        containers: [
          { name: 'web', image: 'shop/web:2.0.0', ports: PORTS, writablePaths: ['/tmp'] },
          { name: 'metrics', image: 'shop/exporter:1.0', args: ['--port', '9100'] },
        ],
      },
      active: 'green',
      ports: [{ port: 80, targetPort: 'http' }],
    });
    expect(manifests).toMatchSnapshot();
    expect(validateManifests(manifests)).toEqual([]);

    const blue = find(manifests, 'Deployment', 'shop-blue');
    const green = find(manifests, 'Deployment', 'shop-green');
    expect(blue.spec.replicas).toBe(1);
    expect(green.spec.replicas).toBe(3);
    expect(blue.metadata.annotations).toEqual({ 'owner': 'web@example.com', 'kubernetes.io/change-cause': 'release 1.0.0 (JIRA-1)' });
    expect(green.metadata.annotations['kubernetes.io/change-cause']).toBe('2.0.0');
    expect(green.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['web', 'metrics']);
    expect(container(blue.spec.template.spec, 'shop-blue').readinessProbe.httpGet.path).toBe('/healthz');
    expect(find(manifests, 'Service', 'shop').spec.selector[NAME]).toBe('shop-green');
    expect(find(manifests, 'Service', 'shop-next').spec.selector[NAME]).toBe('shop-blue');
    for (const m of manifests) {
      expect(m.metadata.labels).toMatchObject({ 'team': 'web', 'app.kubernetes.io/component': 'storefront', 'app.kubernetes.io/part-of': 'retail' });
    }
    // Services are annotated by nobody: `annotations` are the Deployments'.
    expect(find(manifests, 'Service', 'shop').metadata.annotations).toBeUndefined();
  });
});

describe('labels and selectors', () => {
  const manifests = synthWith(minimal());
  const blue = find(manifests, 'Deployment', 'web-blue');
  const green = find(manifests, 'Deployment', 'web-green');

  test('each Deployment and its pods carry its colour and version', () => {
    expect(blue.metadata.labels).toMatchObject({ [COLOR_LABEL]: 'blue', [VERSION]: '1.0.0' });
    expect(blue.spec.template.metadata.labels).toMatchObject({ [COLOR_LABEL]: 'blue', [VERSION]: '1.0.0' });
    expect(green.metadata.labels).toMatchObject({ [COLOR_LABEL]: 'green', [VERSION]: '1.1.0' });
    expect(green.spec.template.metadata.labels).toMatchObject({ [COLOR_LABEL]: 'green', [VERSION]: '1.1.0' });
    expect(container(green.spec.template.spec, 'web-green').image).toBe('shop/web:1.1.0');
    expect(container(blue.spec.template.spec, 'web-blue').image).toBe('shop/web:1.0.0');
  });

  test('the change cause of each colour is its version', () => {
    expect(blue.metadata.annotations['kubernetes.io/change-cause']).toBe('1.0.0');
    expect(green.metadata.annotations['kubernetes.io/change-cause']).toBe('1.1.0');
  });

  test('the Deployments have their own selectors, which never select the other colour\'s pods', () => {
    expect(blue.spec.selector.matchLabels).toEqual({ [NAME]: 'web-blue', [INSTANCE]: 'test-web' });
    expect(green.spec.selector.matchLabels).toEqual({ [NAME]: 'web-green', [INSTANCE]: 'test-web' });
    expect(selects(blue.spec.selector.matchLabels, green.spec.template.metadata.labels)).toBe(false);
    expect(selects(green.spec.selector.matchLabels, blue.spec.template.metadata.labels)).toBe(false);
  });

  test('live selects the active colour\'s pods only, preview the idle one\'s', () => {
    const live = find(manifests, 'Service', 'web');
    const preview = find(manifests, 'Service', 'web-preview');
    expect(live.spec.selector).toEqual(blue.spec.selector.matchLabels);
    expect(preview.spec.selector).toEqual(green.spec.selector.matchLabels);
    expect(selects(live.spec.selector, green.spec.template.metadata.labels)).toBe(false);
    expect(selects(preview.spec.selector, blue.spec.template.metadata.labels)).toBe(false);
    expect(live.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }]);
  });

  test('the Services carry the shared labels, without colour or version', () => {
    const expected = {
      [NAME]: 'web',
      [INSTANCE]: 'test-web',
      'app.kubernetes.io/component': 'web',
      'app.kubernetes.io/part-of': 'test',
      'app.kubernetes.io/managed-by': 'cdk8s-patterns',
    };
    expect(find(manifests, 'Service', 'web').metadata.labels).toEqual(expected);
    expect(find(manifests, 'Service', 'web-preview').metadata.labels).toEqual(expected);
  });

  test('every object shares the instance label', () => {
    expect(manifests.map((m) => m.metadata.labels[INSTANCE])).toEqual(manifests.map(() => 'test-web'));
  });

  test('public fields', () => {
    const bg = new BlueGreenDeployment(newChart(), 'web', minimal({ active: 'green' }));
    expect(bg.active).toBe('green');
    expect(bg.idle).toBe('blue');
    expect(bg.deployment('green')).toBe(bg.green);
    expect(bg.live.name).toBe('web');
    expect(bg.preview.name).toBe(`web${BlueGreenDeployment.DEFAULTS.previewSuffix}`);
    expect(bg.live.dnsName).toBe('web.default.svc.cluster.local');
  });
});

describe('switching', () => {
  test('flipping active changes only the two Services\' selectors', () => {
    const before = synthWith(minimal({ active: 'blue' }));
    const after = synthWith(minimal({ active: 'green' }));
    expect(diffManifests(before, after)).toEqual([
      'Service/web spec.selector["app.kubernetes.io/name"]: "web-blue" → "web-green"',
      'Service/web-preview spec.selector["app.kubernetes.io/name"]: "web-green" → "web-blue"',
    ]);
  });

  test('with all props, and different containers per colour, still only the selectors change', () => {
    const props = (active: 'blue' | 'green') => minimal({
      active,
      name: 'shop',
      replicas: 2,
      labels: { team: 'web' },
      blue: { version: '1.0.0', replicas: 0 },
      green: { version: '2.0.0', containers: [{ name: 'app', image: 'shop/web:2.0.0', ports: PORTS }] },
      ports: [{ port: 80, targetPort: 'http' }, { port: 8080, name: 'direct' }],
    });
    const diff = diffManifests(synthWith(props('green')), synthWith(props('blue')));
    expect(diff).toEqual([
      'Service/shop spec.selector["app.kubernetes.io/name"]: "shop-green" → "shop-blue"',
      'Service/shop-preview spec.selector["app.kubernetes.io/name"]: "shop-blue" → "shop-green"',
    ]);
  });

  test('scaling the idle colour down changes its replicas only: budget and spread follow the shared replicas', () => {
    const before = synthWith(minimal({ replicas: 3 }));
    const after = synthWith(minimal({ replicas: 3, green: { version: '1.1.0', image: 'shop/web:1.1.0', replicas: 0 } }));
    expect(diffManifests(before, after)).toEqual(['Deployment/web-green spec.replicas: 3 → 0']);
    expect(find(after, 'PodDisruptionBudget', 'web-green').spec.maxUnavailable).toBe(1);
    expect(validateManifests(after)).toEqual([]);
  });

  test('the diff helper sees changes anywhere (guards the switching tests)', () => {
    const before = synthWith(minimal());
    const after = synthWith(minimal({ green: { version: '1.2.0', image: 'shop/web:1.1.0' } }));
    expect(diffManifests(before, after)).toEqual([
      'Deployment/web-green metadata.annotations["kubernetes.io/change-cause"]: "1.1.0" → "1.2.0"',
      'Deployment/web-green metadata.labels["app.kubernetes.io/version"]: "1.1.0" → "1.2.0"',
      'Deployment/web-green spec.template.metadata.labels["app.kubernetes.io/version"]: "1.1.0" → "1.2.0"',
    ]);
    expect(diffManifests(before, before.filter((m) => m.metadata.name !== 'web-preview'))).toEqual(['- Service/web-preview']);
  });
});

describe('composition', () => {
  test('each colour can have its own HorizontalAutoscaler', () => {
    const chart = newChart();
    const containers = [{ image: 'shop/web:1.0.0', ports: PORTS, resources: { cpu: { request: Cpu.millis(100) } } }];
    const bg = new BlueGreenDeployment(chart, 'web', minimal({ containers }));
    new HorizontalAutoscaler(chart, 'web-blue-hpa', { target: bg.blue, maxReplicas: 5, cpuUtilizationPercent: 70 });
    const manifests = synth(chart);
    expect(find(manifests, 'Deployment', 'web-blue').spec.replicas).toBeUndefined();
    expect(find(manifests, 'Deployment', 'web-green').spec.replicas).toBe(1);
    expect(byKind(manifests, 'HorizontalPodAutoscaler').map((h) => h.spec.scaleTargetRef.name)).toEqual(['web-blue']);
    expect(validateManifests(manifests)).toEqual([]);
  });
});

describe('errors', () => {
  test('active must be a colour', () => {
    expect(bgError({ active: 'red' as any })).toBe(
      '[test/web] active ("red") is not a colour; use "blue" or "green"');
  });

  test('a version must be a label value', () => {
    expect(bgError({ blue: { version: '1.0 beta' } })).toBe(
      '[test/web] blue.version ("1.0 beta") is not a valid label value; use 1 to 63 letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit');
    expect(bgError({ green: { version: '' } })).toBe(
      '[test/web] green.version ("") is not a valid label value; use 1 to 63 letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit');
  });

  test('image and containers of one colour exclude each other', () => {
    expect(bgError({ green: { version: '2', image: 'shop/web:2', containers: [{ image: 'shop/web:2', ports: PORTS }] } })).toBe(
      '[test/web] green.image ("shop/web:2") is set together with green.containers, which replaces every container; set the image inside green.containers, or drop green.containers');
  });

  test('image needs a single shared container', () => {
    const containers = [{ name: 'web', image: 'shop/web:1', ports: PORTS }, { name: 'log', image: 'busybox:1.36' }];
    expect(bgError({ containers, green: { version: '2', image: 'shop/web:2' } })).toBe(
      '[test/web] green.image ("shop/web:2") is ambiguous: the shared pod has 2 containers; set green.containers instead');
  });

  test('both colours must declare the same ports', () => {
    const green = { version: '2', containers: [{ image: 'shop/web:2', ports: [{ number: 9090, name: 'http' }] }] };
    expect(bgError({ green })).toBe(
      '[test/web] green.containers (["http=9090/TCP"]) declare other ports than blue (["http=8080/TCP"]), so switching would change what the Services forward to; give blue and green the same container ports');
  });

  test('the colour label is the construct\'s', () => {
    expect(bgError({ labels: { [COLOR_LABEL]: 'red' } })).toBe(
      '[test/web] labels["cdk8s-patterns/color"] ("red") is set by BlueGreenDeployment on each Deployment; remove it from labels');
    expect(bgError({ labels: { [NAME]: 'web' } })).toBe(
      '[test/web] labels["app.kubernetes.io/name"] ("web") is set by BlueGreenDeployment on each Deployment; remove it from labels');
  });

  test('the name leaves room for the preview suffix, or with previewName for the colour suffix', () => {
    const name = 'a'.repeat(56);
    expect(bgError({ name })).toBe(
      `[test/web] name ("${name}") is too long: "${name}-preview" would pass 63 characters; use a name of at most 55 characters`);
    expect(() => new BlueGreenDeployment(newChart(), 'web', minimal({ name: 'a'.repeat(55) }))).not.toThrow();
    expect(bgError({ name: 'a'.repeat(58), previewName: 'preview' })).toBe(
      `[test/web] name ("${'a'.repeat(58)}") is too long: "${'a'.repeat(58)}-green" would pass 63 characters; use a name of at most 57 characters`);
    expect(() => new BlueGreenDeployment(newChart(), 'web', minimal({ name: 'a'.repeat(57), previewName: 'preview' }))).not.toThrow();
  });

  test('all problems of the props are reported together, before any child exists', () => {
    const chart = newChart();
    const message = propsErrorOf(() => new BlueGreenDeployment(chart, 'web', minimal({
      active: 'red' as any,
      blue: { version: 'x y' },
    })));
    expect(message).toBe([
      '[test/web] active ("red") is not a colour; use "blue" or "green"',
      '[test/web] blue.version ("x y") is not a valid label value; use 1 to 63 letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit',
    ].join('\n'));
    expect(chart.node.findAll().map((c) => c.node.path)).toEqual(['test', 'test/web']);
  });

  test('a colour\'s replicas are checked as a prop of the blue-green deployment', () => {
    expect(bgError({ green: { version: '2', replicas: -1 } })).toBe(
      '[test/web] green.replicas (-1) must be a whole number of pods; use 0 or more');
  });

  test('Service port problems are reported by the live Service', () => {
    expect(bgError({ ports: [{ port: 80, targetPort: 'web' }] })).toBe(
      '[test/web/live] ports[0].targetPort ("web") is not a named TCP port of target "test/web/blue" (it has "http"); use one of its port names, or a port number');
  });

  test('in collect mode the problems surface at synth', () => {
    const app = Testing.app();
    app.node.setContext(COLLECT_ERRORS_CONTEXT, true);
    const chart = new Chart(app, 'test');
    new BlueGreenDeployment(chart, 'web', minimal({ active: 'red' as any }));
    expect(() => app.synth()).toThrow('active ("red") is not a colour; use "blue" or "green"');
  });
});

function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}
