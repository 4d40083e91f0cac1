import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27/lib/container';
import { Construct } from 'constructs';
import { RollingDeployment, RollingDeploymentProps } from '../lib/deployment';
import { EnvValue } from '../lib/env';
import { MANAGED_BY } from '../lib/labels';
import { PropsError } from '../lib/private/errors';
import { Probe } from '../lib/probe';
import { PodSecurityLevel } from '../lib/security';
import { byKind, container, find, newChart, propsErrorOf, synth } from './util';

const IMAGE = 'nginxinc/nginx-unprivileged:1.27';

/** Synthesizes `new RollingDeployment(chart, 'api', props)` and returns the Deployment named `api`. */
function deploy(props: Partial<RollingDeploymentProps> = {}): any {
  const chart = newChart();
  new RollingDeployment(chart, 'api', { containers: [{ image: IMAGE }], ...props });
  return find(synth(chart), 'Deployment', 'api');
}

function deployError(props: Partial<RollingDeploymentProps>): string {
  return propsErrorOf(() => new RollingDeployment(newChart(), 'api', { containers: [{ image: IMAGE }], ...props }));
}

describe('snapshots', () => {
  test('minimal props', () => {
    const chart = newChart();
    new RollingDeployment(chart, 'api', { containers: [{ image: IMAGE }] });
    expect(synth(chart)).toMatchSnapshot();
  });

  test('all props', () => {
    const chart = newChart();
    new RollingDeployment(chart, 'api', {
      name: 'orders',
      component: 'backend',
      partOf: 'shop',
      version: '2.1.0',
      labels: { team: 'payments' },
      annotations: { owner: 'payments@example.com' },
      replicas: 3,
      maxSurge: 1,
      maxUnavailable: '10%',
      minReady: Duration.seconds(10),
      progressDeadline: Duration.minutes(5),
      revisionHistoryLimit: 5,
      changeCause: 'bump to 2.1.0 (JIRA-42)',
      serviceAccountName: 'orders',
      automountServiceAccountToken: true,
      podSecurity: PodSecurityLevel.BASELINE,
      terminationGracePeriod: Duration.seconds(45),
      podAnnotations: { 'prometheus.io/scrape': 'true' },
      volumes: [{ name: 'cache', sizeLimit: Size.mebibytes(256), medium: 'Memory' }],
      initContainers: [{ name: 'migrate', image: 'orders-migrate:2.1.0', args: ['up'] }],
      containers: [
        {
          name: 'app',
          image: 'orders:2.1.0',
          imagePullPolicy: 'IfNotPresent',
          command: ['/orders'],
          args: ['--listen', ':8080'],
          workingDir: '/srv',
          ports: [{ number: 8080, name: 'http' }, { number: 9090, name: 'metrics', protocol: 'TCP' }],
          env: {
            LOG_LEVEL: 'info',
            DB_PASSWORD: EnvValue.fromSecret('orders-db', 'password'),
            FEATURES: EnvValue.fromConfigMap('orders-flags', 'features', { optional: true }),
            POD_IP: EnvValue.fromField('status.podIP'),
          },
          resources: {
            cpu: { request: Cpu.millis(250), limit: Cpu.units(1) },
            memory: { request: Size.mebibytes(128), limit: Size.gibibytes(1) },
          },
          liveness: Probe.httpGet('/healthz', { port: 'http', period: Duration.seconds(10), failureThreshold: 3 }),
          readiness: Probe.tcpSocket({ port: 8080, initialDelay: Duration.seconds(2), successThreshold: 2 }),
          startup: Probe.exec(['/orders', 'ping'], { period: Duration.seconds(5), failureThreshold: 30, timeout: Duration.seconds(2) }),
          security: { runAsUser: 10001, runAsGroup: 10001, addCapabilities: ['NET_BIND_SERVICE'] },
          writablePaths: ['/tmp'],
          mounts: [{ volume: 'cache', path: '/cache' }],
        },
        { name: 'logger', image: 'busybox:1.36', mounts: [{ volume: 'cache', path: '/cache', readOnly: true }] },
      ],
    });
    const manifests = synth(chart);
    expect(manifests).toMatchSnapshot();
    // The snapshot is for review; the contract is asserted here and in the tests below.
    const d = find(manifests, 'Deployment', 'orders');
    expect(d.spec.replicas).toBe(3);
    expect(d.spec.template.spec.initContainers.map((c: any) => c.name)).toEqual(['migrate']);
    expect(d.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['app', 'logger']);
    expect(d.spec.template.spec.serviceAccountName).toBe('orders');
    expect(d.spec.template.spec.terminationGracePeriodSeconds).toBe(45);
  });
});

describe('defaults', () => {
  test('a minimal deployment is the only manifest', () => {
    const chart = newChart();
    new RollingDeployment(chart, 'api', { containers: [{ image: IMAGE }] });
    const manifests = synth(chart);
    expect(manifests.map((m) => `${m.apiVersion} ${m.kind}/${m.metadata.name}`)).toEqual(['apps/v1 Deployment/api']);
  });

  test('DEFAULTS are the documented values', () => {
    expect(RollingDeployment.DEFAULTS).toEqual({
      replicas: 1,
      maxSurge: '25%',
      maxUnavailable: 0,
      progressDeadlineSeconds: 600,
      revisionHistoryLimit: 10,
      availabilityFromReplicas: 2,
      topologySpread: { maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway' },
    });
  });

  test('DEFAULTS appear in the YAML', () => {
    const { spec } = deploy();
    const defaults = RollingDeployment.DEFAULTS;
    expect(spec.replicas).toBe(defaults.replicas);
    expect(spec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: defaults.maxSurge, maxUnavailable: defaults.maxUnavailable },
    });
    expect(spec.progressDeadlineSeconds).toBe(defaults.progressDeadlineSeconds);
    expect(spec.revisionHistoryLimit).toBe(defaults.revisionHistoryLimit);
  });

  test('minReadySeconds is left to Kubernetes unless set', () => {
    expect(deploy().spec).not.toHaveProperty('minReadySeconds');
  });

  test('pods get no termination grace period, service account or annotations unless set', () => {
    const { template } = deploy().spec;
    expect(template.spec).not.toHaveProperty('terminationGracePeriodSeconds');
    expect(template.spec).not.toHaveProperty('serviceAccountName');
    expect(template.metadata).not.toHaveProperty('annotations');
  });
});

describe('rollout strategy', () => {
  test('replicas as given, including 0', () => {
    expect(deploy({ replicas: 4 }).spec.replicas).toBe(4);
    expect(deploy({ replicas: 0 }).spec.replicas).toBe(0);
  });

  test('maxSurge and maxUnavailable as pod counts are YAML numbers', () => {
    const { rollingUpdate } = deploy({ maxSurge: 2, maxUnavailable: 1 }).spec.strategy;
    expect(rollingUpdate).toEqual({ maxSurge: 2, maxUnavailable: 1 });
  });

  test('maxSurge and maxUnavailable as percentages are YAML strings', () => {
    const { rollingUpdate } = deploy({ maxSurge: '50%', maxUnavailable: '25%' }).spec.strategy;
    expect(rollingUpdate).toEqual({ maxSurge: '50%', maxUnavailable: '25%' });
  });

  // apps validation.go ValidateRollingUpdateDeployment caps only maxUnavailable at 100% (IsNotMoreThan100Percent).
  test('maxSurge above 100% is valid: the API server caps only maxUnavailable', () => {
    const { rollingUpdate } = deploy({ maxSurge: '150%' }).spec.strategy;
    expect(rollingUpdate).toEqual({ maxSurge: '150%', maxUnavailable: RollingDeployment.DEFAULTS.maxUnavailable });
  });

  test('maxSurge 0 is fine when maxUnavailable allows progress', () => {
    const { rollingUpdate } = deploy({ maxSurge: 0, maxUnavailable: 1 }).spec.strategy;
    expect(rollingUpdate).toEqual({ maxSurge: 0, maxUnavailable: 1 });
  });

  test('the boundaries 0% and 100% are accepted', () => {
    const { rollingUpdate } = deploy({ maxSurge: '100%', maxUnavailable: '0%' }).spec.strategy;
    expect(rollingUpdate).toEqual({ maxSurge: '100%', maxUnavailable: '0%' });
  });

  test('minReady and progressDeadline in seconds', () => {
    const { spec } = deploy({ minReady: Duration.seconds(30), progressDeadline: Duration.minutes(15) });
    expect(spec.minReadySeconds).toBe(30);
    expect(spec.progressDeadlineSeconds).toBe(900);
  });

  test('revisionHistoryLimit as given, including 0', () => {
    expect(deploy({ revisionHistoryLimit: 3 }).spec.revisionHistoryLimit).toBe(3);
    expect(deploy({ revisionHistoryLimit: 0 }).spec.revisionHistoryLimit).toBe(0);
  });
});

describe('change cause', () => {
  const CHANGE_CAUSE = 'kubernetes.io/change-cause';

  test('from the images when there is no version', () => {
    expect(deploy().metadata.annotations[CHANGE_CAUSE]).toBe(IMAGE);
  });

  test('from every image of a multi-container pod, init containers excluded', () => {
    const d = deploy({
      initContainers: [{ name: 'migrate', image: 'migrate:1' }],
      containers: [{ name: 'app', image: 'app:1.2' }, { name: 'logger', image: 'busybox:1.36' }],
    });
    expect(d.metadata.annotations[CHANGE_CAUSE]).toBe('app:1.2, busybox:1.36');
  });

  test('from the version when set', () => {
    expect(deploy({ version: '1.4.2' }).metadata.annotations[CHANGE_CAUSE]).toBe('1.4.2');
  });

  test('explicit changeCause wins over version and images', () => {
    expect(deploy({ version: '1.4.2', changeCause: 'roll back JIRA-7' }).metadata.annotations[CHANGE_CAUSE]).toBe('roll back JIRA-7');
  });

  test('is on the Deployment only, next to the user annotations, not on the pods', () => {
    const d = deploy({ annotations: { owner: 'team-a' } });
    expect(d.metadata.annotations).toEqual({ owner: 'team-a', [CHANGE_CAUSE]: IMAGE });
    expect(d.spec.template.metadata).not.toHaveProperty('annotations');
  });
});

describe('names and labels', () => {
  test('object name is the construct id', () => {
    const d = deploy();
    expect(d.metadata.name).toBe('api');
  });

  test('nested construct ids are joined with "-"', () => {
    const chart = newChart();
    const shop = new Construct(chart, 'shop');
    new RollingDeployment(new Construct(shop, 'orders'), 'api', { containers: [{ image: IMAGE }] });
    const d = find(synth(chart), 'Deployment', 'shop-orders-api');
    expect(d.metadata.labels['app.kubernetes.io/name']).toBe('shop-orders-api');
    expect(d.metadata.labels['app.kubernetes.io/instance']).toBe('test-shop-orders-api');
    expect(container(d.spec.template.spec, 'shop-orders-api').image).toBe(IMAGE);
  });

  test('PascalCase and camelCase construct ids become kebab-case DNS labels', () => {
    const chart = newChart();
    new RollingDeployment(chart, 'OrderApi', { containers: [{ image: IMAGE }] });
    new RollingDeployment(chart, 'apiV2', { containers: [{ image: IMAGE }] });
    new RollingDeployment(chart, 'HTTPServer', { containers: [{ image: IMAGE }] });
    const manifests = synth(chart);
    expect(find(manifests, 'Deployment', 'order-api').metadata.name).toBe('order-api');
    expect(find(manifests, 'Deployment', 'api-v2').metadata.name).toBe('api-v2');
    expect(find(manifests, 'Deployment', 'http-server').metadata.name).toBe('http-server');
  });

  test('name prop overrides the object, label and container name', () => {
    const d = (() => {
      const chart = newChart();
      new RollingDeployment(chart, 'api', { name: 'orders', containers: [{ image: IMAGE }] });
      return find(synth(chart), 'Deployment', 'orders');
    })();
    expect(d.metadata.labels['app.kubernetes.io/name']).toBe('orders');
    expect(d.metadata.labels['app.kubernetes.io/instance']).toBe('test-orders');
    expect(d.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['orders']);
  });

  test('recommended labels on the Deployment and on the pod template', () => {
    const d = deploy();
    const expected = {
      'app.kubernetes.io/name': 'api',
      'app.kubernetes.io/instance': 'test-api',
      'app.kubernetes.io/component': 'api',
      'app.kubernetes.io/part-of': 'test',
      'app.kubernetes.io/managed-by': MANAGED_BY,
    };
    expect(MANAGED_BY).toBe('cdk8s-patterns');
    expect(d.metadata.labels).toEqual(expected);
    expect(d.spec.template.metadata.labels).toEqual(expected);
  });

  test('component, partOf, version and extra labels', () => {
    const d = deploy({ component: 'backend', partOf: 'shop', version: '2.0.0', labels: { team: 'payments' } });
    const expected = {
      'app.kubernetes.io/name': 'api',
      'app.kubernetes.io/instance': 'test-api',
      'app.kubernetes.io/component': 'backend',
      'app.kubernetes.io/part-of': 'shop',
      'app.kubernetes.io/managed-by': MANAGED_BY,
      'app.kubernetes.io/version': '2.0.0',
      'team': 'payments',
    };
    expect(d.metadata.labels).toEqual(expected);
    expect(d.spec.template.metadata.labels).toEqual(expected);
  });

  test('selector is the immutable name+instance pair and matches the template labels', () => {
    const d = deploy({ version: '2.0.0', labels: { team: 'payments' } });
    const selector = d.spec.selector.matchLabels;
    expect(selector).toEqual({ 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'test-api' });
    for (const [key, value] of Object.entries(selector)) {
      expect(d.spec.template.metadata.labels[key]).toBe(value);
    }
  });

  test('two deployments in one chart select disjoint pods', () => {
    const chart = newChart();
    new RollingDeployment(chart, 'api', { containers: [{ image: IMAGE }] });
    new RollingDeployment(chart, 'web', { containers: [{ image: IMAGE }] });
    const manifests = synth(chart);
    expect(byKind(manifests, 'Deployment')).toHaveLength(2);
    const api = find(manifests, 'Deployment', 'api').spec.selector.matchLabels;
    const web = find(manifests, 'Deployment', 'web').spec.selector.matchLabels;
    expect(api['app.kubernetes.io/name']).not.toBe(web['app.kubernetes.io/name']);
  });

  test('the chart namespace is applied', () => {
    const chart = newChart({ namespace: 'shop' });
    new RollingDeployment(chart, 'api', { containers: [{ image: IMAGE }] });
    expect(find(synth(chart), 'Deployment', 'api').metadata.namespace).toBe('shop');
  });

  test('the construct exposes what it wrote', () => {
    const chart = newChart();
    const d = new RollingDeployment(chart, 'api', {
      replicas: 2,
      containers: [{ name: 'app', image: IMAGE, ports: [{ number: 8080, name: 'http' }] }, { name: 'metrics', image: 'exporter:1', ports: [{ number: 9125, protocol: 'UDP' }] }],
    });
    expect(d.name).toBe('api');
    expect(d.replicas).toBe(2);
    expect(d.selectorLabels).toEqual({ 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'test-api' });
    expect(d.labels['app.kubernetes.io/managed-by']).toBe(MANAGED_BY);
    expect(d.ports).toEqual([
      { container: 'app', number: 8080, name: 'http', protocol: 'TCP' },
      { container: 'metrics', number: 9125, name: undefined, protocol: 'UDP' },
    ]);
    expect(d.containers.map((c) => c.name)).toEqual(['app', 'metrics']);
    expect(d.autoscaler).toBeUndefined();
  });
});

describe('several containers', () => {
  test('every container keeps its own props, in order', () => {
    const d = deploy({
      containers: [
        { name: 'app', image: 'app:1', ports: [{ number: 8080 }], env: { MODE: 'app' } },
        { name: 'proxy', image: 'envoy:1.30', ports: [{ number: 9901 }], env: { MODE: 'proxy' } },
      ],
    });
    const spec = d.spec.template.spec;
    expect(spec.containers.map((c: any) => c.name)).toEqual(['app', 'proxy']);
    expect(container(spec, 'app')).toMatchObject({ image: 'app:1', ports: [{ containerPort: 8080 }], env: [{ name: 'MODE', value: 'app' }] });
    expect(container(spec, 'proxy')).toMatchObject({ image: 'envoy:1.30', ports: [{ containerPort: 9901 }], env: [{ name: 'MODE', value: 'proxy' }] });
  });

  test('init containers run before the app, in order', () => {
    const d = deploy({
      initContainers: [{ name: 'wait-db', image: 'busybox:1.36' }, { name: 'migrate', image: 'migrate:1' }],
      containers: [{ name: 'app', image: 'app:1' }],
    });
    expect(d.spec.template.spec.initContainers.map((c: any) => c.name)).toEqual(['wait-db', 'migrate']);
    expect(d.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['app']);
  });
});

describe('errors', () => {
  test.each([-1, 1.5])('replicas %p', (replicas) => {
    expect(deployError({ replicas })).toBe(
      `[test/api] replicas (${replicas}) must be a whole number of pods; use 0 or more`,
    );
  });

  test.each([
    ['maxSurge', -1, '-1'],
    ['maxSurge', 1.5, '1.5'],
    ['maxSurge', 'ten%', '"ten%"'],
  ] as const)('%s %p is neither a count nor a percentage (any percentage will do)', (prop, value, shown) => {
    expect(deployError({ [prop]: value as any })).toBe(
      `[test/api] ${prop} (${shown}) is neither a pod count nor a percentage; use a whole number such as 1, or a percentage such as "25%"`,
    );
  });

  test.each([
    ['maxUnavailable', '150%', '"150%"'],
    ['maxUnavailable', -1, '-1'],
    ['maxUnavailable', '12.5%', '"12.5%"'],
    ['maxUnavailable', 'half', '"half"'],
  ] as const)('%s %p is neither a count nor a percentage', (prop, value, shown) => {
    expect(deployError({ [prop]: value as any })).toBe(
      `[test/api] ${prop} (${shown}) is neither a pod count nor a percentage; use a whole number such as 1, or a percentage from "0%" to "100%"`,
    );
  });

  test.each([
    [0, undefined, '0'],
    ['0%', '0%', '"0%"'],
    [0, 0, '0'],
  ] as const)('maxSurge %p with maxUnavailable %p can never make progress', (maxSurge, maxUnavailable, shown) => {
    expect(deployError({ maxSurge, maxUnavailable })).toBe(
      `[test/api] maxUnavailable (${shown}) and maxSurge are both zero, so a rollout could never replace a pod; allow at least one extra pod (maxSurge: 1) or one unavailable pod (maxUnavailable: 1)`,
    );
  });

  test('progressDeadline not longer than minReady', () => {
    expect(deployError({ minReady: Duration.minutes(1), progressDeadline: Duration.seconds(60) })).toBe(
      '[test/api] progressDeadline (60s) must be longer than minReady (60s); raise progressDeadline or lower minReady',
    );
  });

  test('minReady against the default progressDeadline', () => {
    expect(deployError({ minReady: Duration.minutes(15) })).toBe(
      '[test/api] progressDeadline (600s) must be longer than minReady (900s); raise progressDeadline or lower minReady',
    );
  });

  test('revisionHistoryLimit below 0', () => {
    expect(deployError({ revisionHistoryLimit: -1 })).toBe(
      '[test/api] revisionHistoryLimit (-1) must be a whole number; use 0 or more (0 disables rollback)',
    );
  });

  test('several problems of one deployment are reported together, one per line', () => {
    const message = deployError({
      replicas: -2,
      maxUnavailable: '200%',
      minReady: Duration.seconds(700),
      revisionHistoryLimit: 2.5,
      containers: [{ image: IMAGE, ports: [{ number: 0 }] }],
    });
    expect(message).toBe([
      '[test/api] replicas (-2) must be a whole number of pods; use 0 or more',
      '[test/api] maxUnavailable ("200%") is neither a pod count nor a percentage; use a whole number such as 1, or a percentage from "0%" to "100%"',
      '[test/api] progressDeadline (600s) must be longer than minReady (700s); raise progressDeadline or lower minReady',
      '[test/api] revisionHistoryLimit (2.5) must be a whole number; use 0 or more (0 disables rollback)',
      '[test/api] containers[0].ports[0].number (0) is not a port number; use an integer from 1 to 65535',
    ].join('\n'));
  });

  test('the error lists each problem in PropsError.problems', () => {
    let error: unknown;
    try {
      new RollingDeployment(newChart(), 'api', { replicas: -1, revisionHistoryLimit: -1, containers: [{ image: IMAGE }] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PropsError);
    expect((error as PropsError).problems.map((p) => p.text)).toEqual([
      '[test/api] replicas (-1) must be a whole number of pods; use 0 or more',
      '[test/api] revisionHistoryLimit (-1) must be a whole number; use 0 or more (0 disables rollback)',
    ]);
  });

  test('the construct path in the message is the full path of a nested construct', () => {
    const chart = newChart();
    const shop = new Construct(chart, 'shop');
    expect(propsErrorOf(() => new RollingDeployment(shop, 'api', { replicas: -1, containers: [{ image: IMAGE }] }))).toBe(
      '[test/shop/api] replicas (-1) must be a whole number of pods; use 0 or more',
    );
  });

  test('throws before creating the Deployment object', () => {
    const chart = newChart();
    expect(() => new RollingDeployment(chart, 'api', { replicas: -1, containers: [{ image: IMAGE }] })).toThrow(PropsError);
    const half = chart.node.tryFindChild('api');
    expect(half?.node.tryFindChild('Resource')).toBeUndefined();
  });
});

// The pod annotations the API server reads (TPL-4 to TPL-6), with the rules validateManifests checks them with
// (lib/rules/pod-annotations.ts; pkg/apis/core/validation/validation.go ValidatePodSpecificAnnotations).
describe('podAnnotations the API server reads', () => {
  test('an AppArmor annotation for a missing container, a deletion cost with a sign, a seccomp annotation against the field', () => {
    expect(deployError({
      podAnnotations: {
        'container.apparmor.security.beta.kubernetes.io/apii': 'runtime/default',
        'controller.kubernetes.io/pod-deletion-cost': '+5',
        'container.seccomp.security.alpha.kubernetes.io/api': 'unconfined',
      },
    })).toBe([
      '[test/api] podAnnotations ("container.apparmor.security.beta.kubernetes.io/apii") names container "apii", which the pod does not have; name one '
        + 'of its containers: "api"',
      '[test/api] podAnnotations["controller.kubernetes.io/pod-deletion-cost"] ("+5") is not a 32-bit integer; use a whole number from -2147483648 to '
        + '2147483647, without \'+\' or leading zeros (pods with a lower cost are removed first)',
      '[test/api] podAnnotations["container.seccomp.security.alpha.kubernetes.io/api"] ("unconfined") does not match the seccomp profile type '
        + '"RuntimeDefault" of container "api"; write "runtime/default", or remove the annotation (the field replaces it)',
    ].join('\n'));
  });

  test('annotations that agree pass, and reach the pod template', () => {
    const podAnnotations = {
      'container.apparmor.security.beta.kubernetes.io/api': 'runtime/default',
      'controller.kubernetes.io/pod-deletion-cost': '-5',
      'container.seccomp.security.alpha.kubernetes.io/api': 'runtime/default',
    };
    expect(deploy({ podAnnotations }).spec.template.metadata.annotations).toMatchObject(podAnnotations);
  });
});

// DEP-8, with the enumeration validateManifests checks spec.strategy.type with (lib/rules/enums.ts).
test('a strategy Kubernetes does not know', () => {
  expect(deployError({ strategy: 'BlueGreen' as 'Recreate' })).toBe(
    '[test/api] strategy ("BlueGreen") is not a Deployment strategy Kubernetes knows; use \'RollingUpdate\' or \'Recreate\'');
});
