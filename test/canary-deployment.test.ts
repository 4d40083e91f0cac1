import { Chart, Duration, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27/lib/container';
import { CanaryDeployment, CanaryDeploymentProps, TRACK_LABEL } from '../lib/canary-deployment';
import { Gateway } from '../lib/gateway';
import { HttpRoute } from '../lib/http-route';
import { COLLECT_ERRORS_CONTEXT } from '../lib/private/errors';
import { Probe } from '../lib/probe';
import { validateManifests } from '../lib/validation';
import { diffManifests } from './manifest-diff';
import { byKind, container, find, newChart, propsErrorOf, synth } from './util';

const PORTS = [{ number: 8080, name: 'http' }];
const INSTANCE = 'app.kubernetes.io/instance';
const NAME = 'app.kubernetes.io/name';
const VERSION = 'app.kubernetes.io/version';

/** Ten pods, 1.0.0 stable, 1.1.0 (image only) as the canary at 10%. */
function minimal(overrides: Partial<CanaryDeploymentProps> = {}): CanaryDeploymentProps {
  return {
    replicas: 10,
    containers: [{ image: 'shop/api:1.0.0', ports: PORTS }],
    stable: { version: '1.0.0' },
    canary: { version: '1.1.0', image: 'shop/api:1.1.0' },
    canaryPercent: 10,
    ports: [{ port: 80 }],
    ...overrides,
  };
}

function synthWith(props: CanaryDeploymentProps): any[] {
  const chart = newChart();
  new CanaryDeployment(chart, 'api', props);
  return synth(chart);
}

/** Synthesizes the canary split by weight on an HTTPRoute `shop` of the shared Gateway `edge`. */
function synthRouted(props: Partial<CanaryDeploymentProps> = {}): any[] {
  const chart = newChart();
  const route = new HttpRoute(chart, 'shop', { gateway: Gateway.fromName('edge'), hostnames: ['shop.example.com'] });
  new CanaryDeployment(chart, 'api', minimal({ httpRoute: { route }, ...props }));
  return synth(chart);
}

function canaryError(overrides: Partial<CanaryDeploymentProps>): string {
  return propsErrorOf(() => new CanaryDeployment(newChart(), 'api', minimal(overrides)));
}

const replicasOf = (manifests: any[]) => ({
  stable: find(manifests, 'Deployment', 'api-stable').spec.replicas,
  canary: find(manifests, 'Deployment', 'api-canary').spec.replicas,
});

describe('snapshots', () => {
  test('minimal props', () => {
    const manifests = synthWith(minimal());
    expect(manifests).toMatchSnapshot();
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual([
      'Deployment/api-canary', 'Deployment/api-stable',
      'PodDisruptionBudget/api-canary', 'PodDisruptionBudget/api-stable',
      'Service/api',
    ]);
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('all props', () => {
    const chart = newChart({ namespace: 'shop' });
    const route = new HttpRoute(chart, 'shop', { gateway: Gateway.fromName('edge', { namespace: 'infra' }), hostnames: ['shop.example.com'] });
    const release = new CanaryDeployment(chart, 'api', {
      name: 'orders',
      component: 'backend',
      partOf: 'retail',
      labels: { team: 'orders' },
      annotations: { owner: 'orders@example.com' },
      replicas: 4,
      maxSurge: 1,
      progressDeadline: Duration.minutes(5),
      revisionHistoryLimit: 5,
      containers: [{
        image: 'shop/orders:1.0.0',
        ports: [...PORTS, { number: 9090, name: 'metrics' }],
        resources: { cpu: { request: Cpu.millis(100) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) } },
        readiness: Probe.httpGet('/healthz', { port: 'http' }),
        writablePaths: ['/tmp'],
      }],
      stable: { version: '1.0.0', changeCause: 'orders 1.0.0 (JIRA-1)' },
      canary: {
        version: '2.0.0',
        changeCause: 'orders 2.0.0 (JIRA-2)',
        containers: [{ name: 'orders', image: 'shop/orders:2.0.0', ports: [...PORTS, { number: 9090, name: 'metrics' }], writablePaths: ['/tmp'] }],
      },
      canaryPercent: 25,
      stage: 'canary',
      ports: [{ port: 80, targetPort: 'http' }, { port: 9090, targetPort: 'metrics' }],
      httpRoute: { route, path: '/orders', pathType: 'PathPrefix', port: 'http' },
    });
    const manifests = synth(chart);
    expect(manifests).toMatchSnapshot();
    expect(validateManifests(manifests)).toEqual([]);

    expect(find(manifests, 'Deployment', 'orders-stable').spec.replicas).toBe(4);
    expect(find(manifests, 'Deployment', 'orders-canary').spec.replicas).toBe(1);
    expect(find(manifests, 'Deployment', 'orders-canary').metadata.annotations).toEqual({
      'owner': 'orders@example.com', 'kubernetes.io/change-cause': 'orders 2.0.0 (JIRA-2)',
    });
    const rule = find(manifests, 'HTTPRoute', 'shop').spec.rules[0];
    expect(rule.matches).toEqual([{ path: { type: 'PathPrefix', value: '/orders' } }]);
    expect(rule.backendRefs).toEqual([
      { name: 'orders-stable', port: 80, weight: 75 },
      { name: 'orders-canary', port: 80, weight: 25 },
    ]);
    expect(release.stableService?.name).toBe('orders-stable');
    expect(release.canaryTrafficPercent).toBe(25);
    for (const m of manifests.filter((x) => x.kind !== 'HTTPRoute')) {
      expect(m.metadata.labels).toMatchObject({ 'team': 'orders', 'app.kubernetes.io/component': 'backend', 'app.kubernetes.io/part-of': 'retail' });
    }
  });
});

describe('replica ratio', () => {
  test.each([
    // [replicas, canaryPercent, stable, canary]
    [10, 10, 9, 1],
    [10, 25, 7, 3], // 2.5 rounds up
    [10, 4, 9, 1], // rounds to 0, but a canary above 0% gets a pod
    [4, 10, 3, 1],
    [2, 50, 1, 1],
    [3, 50, 1, 2],
    [10, 0, 10, 0],
    [10, 100, 0, 10],
    [0, 0, 0, 0],
    [0, 100, 0, 0],
  ])('%i replicas at %i%% → %i stable, %i canary', (replicas, canaryPercent, stable, canary) => {
    const release = new CanaryDeployment(newChart(), 'api', minimal({ replicas, canaryPercent }));
    expect([release.stableReplicas, release.canaryReplicas]).toEqual([stable, canary]);
    const manifests = synth(release.node.scope as Chart);
    expect(replicasOf(manifests)).toEqual({ stable, canary });
  });

  test('the traffic share is the share of pods, which rounding may move off canaryPercent', () => {
    expect(new CanaryDeployment(newChart(), 'api', minimal({ replicas: 10, canaryPercent: 10 })).canaryTrafficPercent).toBe(10);
    expect(new CanaryDeployment(newChart(), 'api', minimal({ replicas: 4, canaryPercent: 10 })).canaryTrafficPercent).toBe(25);
  });

  test('one Service selects the pods of both versions; each Deployment only its own', () => {
    const manifests = synthWith(minimal());
    const service = find(manifests, 'Service', 'api');
    const stable = find(manifests, 'Deployment', 'api-stable');
    const canary = find(manifests, 'Deployment', 'api-canary');
    expect(service.spec.selector).toEqual({ [INSTANCE]: 'test-api' });
    expect(selects(service.spec.selector, stable.spec.template.metadata.labels)).toBe(true);
    expect(selects(service.spec.selector, canary.spec.template.metadata.labels)).toBe(true);
    expect(selects(stable.spec.selector.matchLabels, canary.spec.template.metadata.labels)).toBe(false);
    expect(selects(canary.spec.selector.matchLabels, stable.spec.template.metadata.labels)).toBe(false);
    expect(service.metadata.labels).toEqual({
      [NAME]: 'api', [INSTANCE]: 'test-api', 'app.kubernetes.io/component': 'api',
      'app.kubernetes.io/part-of': 'test', 'app.kubernetes.io/managed-by': 'cdk8s-patterns',
    });
  });

  test('each Deployment and its pods carry the track and version', () => {
    const manifests = synthWith(minimal());
    const stable = find(manifests, 'Deployment', 'api-stable');
    const canary = find(manifests, 'Deployment', 'api-canary');
    expect(stable.spec.template.metadata.labels).toMatchObject({ [TRACK_LABEL]: 'stable', [VERSION]: '1.0.0' });
    expect(canary.spec.template.metadata.labels).toMatchObject({ [TRACK_LABEL]: 'canary', [VERSION]: '1.1.0' });
    expect(container(canary.spec.template.spec, 'api-canary').image).toBe('shop/api:1.1.0');
    expect(container(stable.spec.template.spec, 'api-stable').image).toBe('shop/api:1.0.0');
    expect(canary.metadata.annotations['kubernetes.io/change-cause']).toBe('1.1.0');
  });

  test('budgets and spread follow the total replicas, not each version\'s share', () => {
    const manifests = synthWith(minimal({ replicas: 10, canaryPercent: 10 }));
    const canary = find(manifests, 'Deployment', 'api-canary');
    expect(canary.spec.replicas).toBe(1);
    expect(canary.spec.template.spec.topologySpreadConstraints.map((c: any) => c.topologyKey))
      .toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
    expect(find(manifests, 'PodDisruptionBudget', 'api-canary').spec.maxUnavailable).toBe(1);

    const single = synthWith(minimal({ replicas: 1, canaryPercent: 0 }));
    expect(byKind(single, 'PodDisruptionBudget')).toEqual([]);
    expect(find(single, 'Deployment', 'api-stable').spec.template.spec.topologySpreadConstraints).toBeUndefined();
  });
});

describe('one-prop changes', () => {
  test('raising canaryPercent moves pods from stable to canary, and nothing else', () => {
    expect(diffManifests(synthWith(minimal({ canaryPercent: 10 })), synthWith(minimal({ canaryPercent: 30 })))).toEqual([
      'Deployment/api-canary spec.replicas: 1 → 3',
      'Deployment/api-stable spec.replicas: 9 → 7',
    ]);
  });

  test('promotion rolls the stable Deployment to the canary version and scales the canary to 0', () => {
    const before = synthWith(minimal());
    const after = synthWith(minimal({ stage: 'promoted' }));
    expect(diffManifests(before, after)).toEqual([
      'Deployment/api-canary spec.replicas: 1 → 0',
      'Deployment/api-stable metadata.annotations["kubernetes.io/change-cause"]: "1.0.0" → "1.1.0"',
      'Deployment/api-stable metadata.labels["app.kubernetes.io/version"]: "1.0.0" → "1.1.0"',
      'Deployment/api-stable spec.replicas: 9 → 10',
      'Deployment/api-stable spec.template.metadata.labels["app.kubernetes.io/version"]: "1.0.0" → "1.1.0"',
      'Deployment/api-stable spec.template.spec.containers[0].image: "shop/api:1.0.0" → "shop/api:1.1.0"',
      'PodDisruptionBudget/api-stable metadata.labels["app.kubernetes.io/version"]: "1.0.0" → "1.1.0"',
    ]);
    expect(validateManifests(after)).toEqual([]);
  });

  test('after promotion, making the canary the stable version changes nothing', () => {
    const promoted = synthWith(minimal({ stage: 'promoted' }));
    const settled = synthWith(minimal({
      stable: { version: '1.1.0', image: 'shop/api:1.1.0' },
      canary: { version: '1.1.0', image: 'shop/api:1.1.0' },
      canaryPercent: 0,
    }));
    expect(diffManifests(promoted, settled)).toEqual([]);
  });

  test('abort scales the canary to 0 and gives its pods back to stable', () => {
    const before = synthWith(minimal({ canaryPercent: 30 }));
    const after = synthWith(minimal({ canaryPercent: 30, stage: 'aborted' }));
    expect(diffManifests(before, after)).toEqual([
      'Deployment/api-canary spec.replicas: 3 → 0',
      'Deployment/api-stable spec.replicas: 7 → 10',
    ]);
    expect(diffManifests(after, synthWith(minimal({ canaryPercent: 0 })))).toEqual([]);
    expect(validateManifests(after)).toEqual([]);
  });
});

describe('weighted HTTPRoute', () => {
  test('a Service per version, weighted backendRefs, and the stable version keeps every replica', () => {
    const manifests = synthRouted();
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual([
      'Deployment/api-canary', 'Deployment/api-stable', 'HTTPRoute/shop',
      'PodDisruptionBudget/api-canary', 'PodDisruptionBudget/api-stable',
      'Service/api', 'Service/api-canary', 'Service/api-stable',
    ]);
    expect(validateManifests(manifests)).toEqual([]);
    expect(replicasOf(manifests)).toEqual({ stable: 10, canary: 1 });
    expect(find(manifests, 'HTTPRoute', 'shop').spec.rules).toEqual([{
      matches: [{ path: { type: 'PathPrefix', value: '/' } }],
      backendRefs: [{ name: 'api-stable', port: 80, weight: 90 }, { name: 'api-canary', port: 80, weight: 10 }],
    }]);
    const stable = find(manifests, 'Deployment', 'api-stable');
    const canary = find(manifests, 'Deployment', 'api-canary');
    expect(find(manifests, 'Service', 'api-stable').spec.selector).toEqual(stable.spec.selector.matchLabels);
    expect(find(manifests, 'Service', 'api-canary').spec.selector).toEqual(canary.spec.selector.matchLabels);
    expect(find(manifests, 'Service', 'api-canary').metadata.labels[TRACK_LABEL]).toBe('canary');
  });

  test.each([
    // [replicas, canaryPercent, canary pods]: enough for the canary's share, rounded up
    [10, 10, 1],
    [10, 15, 2],
    [3, 50, 2],
    [1, 1, 1],
    [10, 0, 0],
    [10, 100, 10],
  ])('%i replicas at %i%% → %i canary pods', (replicas, canaryPercent, canary) => {
    expect(replicasOf(synthRouted({ replicas, canaryPercent }))).toEqual({ stable: replicas, canary });
  });

  test('any percentage splits even one replica by weight', () => {
    const manifests = synthRouted({ replicas: 1, canaryPercent: 50 });
    expect(find(manifests, 'HTTPRoute', 'shop').spec.rules[0].backendRefs.map((b: any) => b.weight)).toEqual([50, 50]);
  });

  test('raising the weight changes the weights and the canary pods', () => {
    expect(diffManifests(synthRouted({ canaryPercent: 10 }), synthRouted({ canaryPercent: 50 }))).toEqual([
      'Deployment/api-canary spec.replicas: 1 → 5',
      'HTTPRoute/shop spec.rules[0].backendRefs[0].weight: 90 → 50',
      'HTTPRoute/shop spec.rules[0].backendRefs[1].weight: 10 → 50',
    ]);
  });

  test('promotion: the stable version rolls to the canary\'s, and takes all the weight', () => {
    expect(diffManifests(synthRouted(), synthRouted({ stage: 'promoted' }))).toEqual([
      'Deployment/api-canary spec.replicas: 1 → 0',
      'Deployment/api-stable metadata.annotations["kubernetes.io/change-cause"]: "1.0.0" → "1.1.0"',
      'Deployment/api-stable metadata.labels["app.kubernetes.io/version"]: "1.0.0" → "1.1.0"',
      'Deployment/api-stable spec.template.metadata.labels["app.kubernetes.io/version"]: "1.0.0" → "1.1.0"',
      'Deployment/api-stable spec.template.spec.containers[0].image: "shop/api:1.0.0" → "shop/api:1.1.0"',
      'HTTPRoute/shop spec.rules[0].backendRefs[0].weight: 90 → 100',
      'HTTPRoute/shop spec.rules[0].backendRefs[1].weight: 10 → 0',
      'PodDisruptionBudget/api-stable metadata.labels["app.kubernetes.io/version"]: "1.0.0" → "1.1.0"',
    ]);
  });

  test('abort: the canary gets no weight and no pods', () => {
    const aborted = synthRouted({ stage: 'aborted' });
    expect(diffManifests(synthRouted(), aborted)).toEqual([
      'Deployment/api-canary spec.replicas: 1 → 0',
      'HTTPRoute/shop spec.rules[0].backendRefs[0].weight: 90 → 100',
      'HTTPRoute/shop spec.rules[0].backendRefs[1].weight: 10 → 0',
    ]);
    expect(validateManifests(aborted)).toEqual([]);
  });

  test('httpRoute.port and httpRoute.path are checked as props of the canary, before the route sees them', () => {
    const chart = newChart();
    const route = new HttpRoute(chart, 'shop', { gateway: Gateway.fromName('edge') });
    expect(propsErrorOf(() => new CanaryDeployment(chart, 'api', minimal({ httpRoute: { route, path: 'api', port: 8443 } })))).toBe(
      [
        '[test/api] httpRoute.path ("api") must start with \'/\' for pathType PathPrefix; write "/api"',
        '[test/api] httpRoute.port (8443) is not a TCP port of the stable and canary Services (they have 80 ("http")); pass port: one of those numbers or names',
      ].join('\n'));
    expect(chart.node.findAll().map((c) => c.node.path).filter((p) => p.startsWith('test/api'))).toEqual(['test/api']);
  });

  test('httpRoute.port names a Service port by its name, or is the only TCP port', () => {
    const chart = newChart();
    const route = new HttpRoute(chart, 'shop', { gateway: Gateway.fromName('edge') });
    new CanaryDeployment(chart, 'api', minimal({ httpRoute: { route, port: 'http' } }));
    const backends = find(synth(chart), 'HTTPRoute', 'shop').spec.rules[0].backendRefs;
    expect(backends.map((b: any) => b.port)).toEqual([80, 80]);
    const two = minimal({ ports: [{ port: 80 }, { port: 81, targetPort: 8080, name: 'alt' }], httpRoute: { route: new HttpRoute(newChart(), 'r', { gateway: Gateway.fromName('edge') }) } });
    expect(propsErrorOf(() => new CanaryDeployment(newChart(), 'api', two))).toBe(
      '[test/api] httpRoute.port (undefined) picks no port: the stable and canary Services need exactly one TCP port for the default (they have 80 ("http"), 81 ("alt")); pass port: one of those numbers or names');
  });
});

describe('errors', () => {
  test('canaryPercent is a whole percentage', () => {
    const fix = 'is not a whole percentage; use a whole number from 0 to 100';
    expect(canaryError({ canaryPercent: 150 })).toBe(`[test/api] canaryPercent (150) ${fix}`);
    expect(canaryError({ canaryPercent: -5 })).toBe(`[test/api] canaryPercent (-5) ${fix}`);
    expect(canaryError({ canaryPercent: 2.5 })).toBe(`[test/api] canaryPercent (2.5) ${fix}`);
  });

  test('a split that leaves the stable version no pod', () => {
    expect(canaryError({ replicas: 1, canaryPercent: 10 })).toBe(
      '[test/api] canaryPercent (10) cannot be split over 1 replica: the stable version would keep no pod; raise replicas to at least 2, or split by weight with httpRoute');
    expect(canaryError({ replicas: 5, canaryPercent: 90 })).toBe(
      '[test/api] canaryPercent (90) cannot be split over 5 replicas: the stable version would keep no pod; raise replicas to at least 6, or split by weight with httpRoute');
    expect(canaryError({ replicas: 0, canaryPercent: 50 })).toBe(
      '[test/api] canaryPercent (50) cannot be split over 0 replicas: the stable version would keep no pod; raise replicas to at least 2, or split by weight with httpRoute');
  });

  test('after the canary stage, canaryPercent needs no split', () => {
    expect(() => new CanaryDeployment(newChart(), 'api', minimal({ replicas: 1, canaryPercent: 10, stage: 'promoted' }))).not.toThrow();
  });

  test('replicas and stage', () => {
    expect(canaryError({ replicas: -1 })).toBe('[test/api] replicas (-1) must be a whole number of pods; use 0 or more');
    expect(canaryError({ stage: 'done' as any })).toBe('[test/api] stage ("done") is not a canary stage; use "canary", "promoted" or "aborted"');
  });

  test('version overrides', () => {
    expect(canaryError({ canary: { version: 'v 2' } })).toBe(
      '[test/api] canary.version ("v 2") is not a valid label value; use 1 to 63 letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit');
    expect(canaryError({ canary: { version: '2', image: 'a', containers: [{ image: 'a', ports: PORTS }] } })).toBe(
      '[test/api] canary.image ("a") is set together with canary.containers, which replaces every container; set the image inside canary.containers, or drop canary.containers');
    expect(canaryError({ canary: { version: '2', containers: [{ image: 'a' }] } })).toBe(
      '[test/api] canary.containers ([]) declare other ports than stable (["http=8080/TCP"]), so moving traffic between them would change what the Service forwards to; give stable and canary the same container ports');
  });

  test('the track label is the construct\'s, and the name leaves room for the suffixes', () => {
    expect(canaryError({ labels: { [TRACK_LABEL]: 'x' } })).toBe(
      '[test/api] labels["cdk8s-patterns/track"] ("x") is set by CanaryDeployment on each Deployment; remove it from labels');
    expect(canaryError({ labels: { [NAME]: 'api' } })).toBe(
      '[test/api] labels["app.kubernetes.io/name"] ("api") is set by CanaryDeployment on each Deployment; remove it from labels');
    const name = 'a'.repeat(57);
    expect(canaryError({ name })).toBe(
      `[test/api] name ("${name}") is too long: "${name}-stable" would pass 63 characters; use a name of at most 56 characters`);
  });

  test('all problems together, before any child exists', () => {
    const chart = newChart();
    expect(propsErrorOf(() => new CanaryDeployment(chart, 'api', minimal({ replicas: 2.5, canaryPercent: 101 })))).toBe([
      '[test/api] replicas (2.5) must be a whole number of pods; use 0 or more',
      '[test/api] canaryPercent (101) is not a whole percentage; use a whole number from 0 to 100',
    ].join('\n'));
    expect(chart.node.findAll().map((c) => c.node.path)).toEqual(['test', 'test/api']);
  });

  test('in collect mode the problems surface at synth', () => {
    const app = Testing.app();
    app.node.setContext(COLLECT_ERRORS_CONTEXT, true);
    new CanaryDeployment(new Chart(app, 'test'), 'api', minimal({ replicas: 1 }));
    expect(() => app.synth()).toThrow('canaryPercent (10) cannot be split over 1 replica');
  });
});

function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}
