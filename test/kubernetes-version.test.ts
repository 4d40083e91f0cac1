/**
 * The Kubernetes window: which releases an app deploys to, how constructs read it, which features
 * its oldest release has, and what validateManifests makes of APIs its newest release deprecated
 * or removed.
 */
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SafeApp } from '../lib/app';
import {
  compareVersions, DEFAULT_KUBERNETES_WINDOW, KUBERNETES_FEATURES, KUBERNETES_WINDOW_CONTEXT, KubernetesFeature,
  KubernetesWindow, requireFeature, supportsFeature,
} from '../lib/kubernetes-version';
import { validateChartAtSynth, VALIDATE_MANIFESTS_CONTEXT } from '../lib/private/chart-validation';
import { API_LIFECYCLE } from '../lib/validation/api-lifecycle';
import { Finding, formatFindings, KUBERNETES_VERSIONS, validateManifests } from '../lib/validation';
import { restaurantCharts } from '../main';
import { container, goodApp, obj } from './fixtures/validation';

const error = (rule: string, object: string, p: string, message: string): Finding => ({ rule, severity: 'error', object, path: p, message });
const warning = (rule: string, object: string, p: string, message: string): Finding => ({ rule, severity: 'warning', object, path: p, message });
const OLD = { oldest: '1.27', newest: '1.35' } as const;

describe('the window', () => {
  test('defaults to 1.32 .. 1.36, and both ends are vendored', () => {
    expect(KubernetesWindow.DEFAULT).toEqual({ oldest: '1.32', newest: '1.36' });
    expect(KubernetesWindow.versions(DEFAULT_KUBERNETES_WINDOW)).toEqual(['1.32', '1.36']);
    expect(KubernetesWindow.versions({ oldest: '1.27', newest: '1.27' })).toEqual(['1.27']);
    expect(KUBERNETES_VERSIONS).toEqual(expect.arrayContaining([DEFAULT_KUBERNETES_WINDOW.oldest, DEFAULT_KUBERNETES_WINDOW.newest]));
  });

  test('an app declares it in context; a chart\'s own wins over its app\'s', () => {
    expect(KubernetesWindow.of(new Chart(Testing.app(), 'plain'))).toEqual(DEFAULT_KUBERNETES_WINDOW);
    const app = Testing.app();
    app.node.setContext(KUBERNETES_WINDOW_CONTEXT, OLD);
    const legacy = new Chart(app, 'legacy');
    expect(KubernetesWindow.of(legacy)).toEqual(OLD);
    const fresh = new Chart(app, 'fresh');
    KubernetesWindow.set(fresh, { oldest: '1.35', newest: '1.36' });
    expect(KubernetesWindow.of(fresh)).toEqual({ oldest: '1.35', newest: '1.36' });
  });

  test('a malformed window is refused with the releases to choose from', () => {
    const app = Testing.app();
    app.node.setContext(KUBERNETES_WINDOW_CONTEXT, { oldest: '1.28', newest: '1.36' });
    expect(() => KubernetesWindow.of(new Chart(app, 'c'))).toThrow(
      '[c] context "cdk8s-patterns:kubernetesWindow".oldest ("1.28") is not a vendored Kubernetes release; use one of 1.27, 1.32, 1.35, 1.36',
    );
    expect(() => KubernetesWindow.set(new Chart(Testing.app(), 'd'), { oldest: '1.36', newest: '1.32' })).toThrow(
      '[d] KubernetesWindow.set.oldest ("1.36") must not be newer than newest ("1.32"); swap them',
    );
    expect(() => validateManifests([], { window: '1.32' as any })).toThrow(
      'validateManifests: window ("1.32") must be { oldest, newest }; set e.g. { oldest: \'1.32\', newest: \'1.36\' }',
    );
  });

  test('releases compare as numbers', () => {
    expect(['1.10', '1.9', '1.27', '1.3'].sort(compareVersions)).toEqual(['1.3', '1.9', '1.10', '1.27']);
  });
});

describe('features', () => {
  test('each feature is on by default no later than it is GA, and the default window has all but in-place resize', () => {
    for (const info of Object.values(KUBERNETES_FEATURES)) expect(compareVersions(info.minimum, info.ga)).toBeLessThanOrEqual(0);
    const missing = (Object.keys(KUBERNETES_FEATURES) as KubernetesFeature[]).filter((f) => !supportsFeature(DEFAULT_KUBERNETES_WINDOW, f));
    expect(missing).toEqual(['trafficDistributionPreferSame', 'containerResizePolicy']);
  });

  test('a feature outside the window is a problem that says what to raise, or what to do instead', () => {
    expect(requireFeature(DEFAULT_KUBERNETES_WINDOW, 'nativeSidecars')).toBeUndefined();
    expect(requireFeature(OLD, 'nativeSidecars')).toEqual({
      feature: 'nativeSidecars',
      rule: 'needs Kubernetes >= 1.29 for native sidecars (the window\'s oldest is 1.27)',
      fix: 'raise the window\'s oldest to 1.29 or later (cdk8s-patterns:kubernetesWindow), or run the sidecar as a regular container',
      message: 'native sidecars need Kubernetes >= 1.29 (the window\'s oldest is 1.27); '
        + 'raise the window\'s oldest to 1.29 or later (cdk8s-patterns:kubernetesWindow), or run the sidecar as a regular container',
    });
  });

  test('constructs ask with their scope, which reads the window of their chart', () => {
    const app = Testing.app();
    app.node.setContext(KUBERNETES_WINDOW_CONTEXT, OLD);
    expect(requireFeature(new Chart(app, 'old'), 'serviceTrafficDistribution')?.message).toBe(
      'Service trafficDistribution needs Kubernetes >= 1.31 (the window\'s oldest is 1.27); '
      + 'raise the window\'s oldest to 1.31 or later (cdk8s-patterns:kubernetesWindow), or leave trafficDistribution unset',
    );
    expect(requireFeature(new Chart(Testing.app(), 'today'), 'serviceTrafficDistribution')).toBeUndefined();
  });
});

describe('validateManifests and the window', () => {
  /** The known-good app with its worker's log shipper turned into a native sidecar. */
  function withNativeSidecar(): any[] {
    const manifests = goodApp();
    const spec = obj(manifests, 'Pod', 'worker').spec;
    const shipper = spec.containers.pop();
    spec.initContainers = [{ ...shipper, restartPolicy: 'Always' }];
    return manifests;
  }

  test('a feature outside the window fails with its message', () => {
    expect(validateManifests(withNativeSidecar())).toEqual([]);
    expect(validateManifests(withNativeSidecar(), { window: OLD })).toEqual([
      error('kubernetes-window', 'Pod/shop/worker', 'spec.initContainers[name=log-shipper].restartPolicy',
        'native sidecars need Kubernetes >= 1.29 (the window\'s oldest is 1.27); '
        + 'raise the window\'s oldest to 1.29 or later (cdk8s-patterns:kubernetesWindow), or run the sidecar as a regular container'),
    ]);
  });

  test('in-place resize needs 1.33, so the default window refuses it; a window from 1.35 takes it', () => {
    const manifests = goodApp();
    const resizePolicy = [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }];
    obj(manifests, 'Pod', 'worker').spec.containers.push(container('resizable', { resizePolicy }));
    expect(validateManifests(manifests).map((f) => [f.rule, f.path])).toEqual([
      ['kubernetes-window', 'spec.containers[name=resizable].resizePolicy'],
    ]);
    expect(validateManifests(manifests, { window: { oldest: '1.35', newest: '1.36' } })).toEqual([]);
    obj(manifests, 'Pod', 'worker').spec.containers[2].resizePolicy = null; // YAML's `resizePolicy:` is absent
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('the newer trafficDistribution values need 1.34, PreferClose 1.31', () => {
    const manifests = goodApp();
    const service = obj(manifests, 'Service', 'web');
    service.spec.trafficDistribution = 'PreferClose';
    expect(validateManifests(manifests)).toEqual([]);
    service.spec.trafficDistribution = 'PreferSameZone';
    expect(validateManifests(manifests).map((f) => f.message)).toEqual([
      'trafficDistribution PreferSameZone and PreferSameNode need Kubernetes >= 1.34 (the window\'s oldest is 1.32); '
      + 'raise the window\'s oldest to 1.34 or later (cdk8s-patterns:kubernetesWindow), or use PreferClose (the older name of PreferSameZone)',
    ]);
  });

  const flowSchema = {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kind: 'FlowSchema', metadata: { name: 'batch' },
    spec: { priorityLevelConfiguration: { name: 'workload-low' } },
  };

  test('an API removed by the window\'s newest release is an error naming the replacement', () => {
    const removed = 'flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema was removed in Kubernetes 1.32; use apiVersion flowcontrol.apiserver.k8s.io/v1';
    expect(validateManifests([flowSchema])).toEqual([error('api-version', 'FlowSchema/batch', 'apiVersion', removed)]);
    // Still served by the oldest release: only the newest's check fails, and says so.
    expect(validateManifests([flowSchema], { window: OLD })).toEqual([
      error('api-version', 'FlowSchema/batch', 'apiVersion', `Kubernetes 1.35: ${removed}`),
    ]);
    // Reported even when the schemas checked stop short of the newest release.
    expect(validateManifests([flowSchema], { window: OLD, kubernetesVersions: ['1.27'] })).toEqual([
      error('api-version', 'FlowSchema/batch', 'apiVersion', removed),
    ]);
  });

  test('an API deprecated within the window is a warning naming the replacement', () => {
    const endpoints = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'legacy', namespace: 'shop' }, subsets: [] };
    expect(validateManifests([endpoints])).toEqual([
      warning('deprecated-api', 'Endpoints/shop/legacy', 'apiVersion',
        'v1 Endpoints is deprecated since Kubernetes 1.33; use discovery.k8s.io/v1 EndpointSlice (the control plane writes those for every Service)'),
    ]);
    expect(validateManifests([endpoints], { window: { oldest: '1.27', newest: '1.32' } })).toEqual([]);
    // Before its deprecation (1.29), a v1beta3 FlowSchema is fine.
    expect(validateManifests([flowSchema], { kubernetesVersions: ['1.27'] })).toEqual([]);
  });

  test('the deprecation table covers the flow-control, autoscaling, policy and batch groups, each with a replacement', () => {
    const groups = new Set(API_LIFECYCLE.map((e) => e.apiVersion.split('/')[0]));
    for (const group of ['flowcontrol.apiserver.k8s.io', 'autoscaling', 'policy', 'batch']) expect(groups).toContain(group);
    for (const entry of API_LIFECYCLE) {
      expect(entry.use).not.toBe('');
      if (entry.removed) expect(compareVersions(entry.deprecated, entry.removed)).toBeLessThan(0);
    }
  });
});

describe('the example app on every vendored release of the default window', () => {
  const releases = KUBERNETES_VERSIONS.filter((v) => compareVersions(v, DEFAULT_KUBERNETES_WINDOW.oldest) >= 0
    && compareVersions(v, DEFAULT_KUBERNETES_WINDOW.newest) <= 0);

  test('the window holds at least its two ends', () => {
    expect(releases).toEqual(expect.arrayContaining(KubernetesWindow.versions(DEFAULT_KUBERNETES_WINDOW)));
  });

  test('a window from 1.27 refuses the example: its kitchen logger is a native sidecar', () => {
    const app = Testing.app();
    KubernetesWindow.set(app, OLD);
    expect(() => restaurantCharts(app)).toThrow('[restaurant-dev/kitchen] sidecars (["logger"]) needs Kubernetes >= 1.29 for native sidecars '
      + '(the window\'s oldest is 1.27); raise the window\'s oldest to 1.29 or later (cdk8s-patterns:kubernetesWindow), or run the sidecar as a regular container');
  });

  test.each(releases)('Kubernetes %s: every object passes', (version) => {
    const manifests = restaurantCharts(Testing.app()).flatMap((chart) => Testing.synth(chart));
    expect(formatFindings(validateManifests(manifests, { window: DEFAULT_KUBERNETES_WINDOW, kubernetesVersions: [version] }))).toBe('');
  });
});

describe('the per-chart check and SafeApp read the window of their scope', () => {
  /** A chart of the known-good worker Pod, its log shipper a native sidecar, as a raw ApiObject. */
  function sidecarChart(app: App, window?: KubernetesWindow): Chart {
    const chart = new Chart(app, 'shop');
    if (window) KubernetesWindow.set(chart, window);
    const pod = obj(goodApp(), 'Pod', 'worker');
    const shipper = pod.spec.containers.pop();
    pod.spec.initContainers = [{ ...shipper, restartPolicy: 'Always' }];
    new ApiObject(chart, 'worker', pod);
    validateChartAtSynth(chart);
    return chart;
  }
  const SIDECAR_MESSAGE = 'Pod/shop/worker spec.initContainers[name=log-shipper].restartPolicy: native sidecars need Kubernetes >= 1.29 '
    + '(the window\'s oldest is 1.27); raise the window\'s oldest to 1.29 or later (cdk8s-patterns:kubernetesWindow), '
    + 'or run the sidecar as a regular container [kubernetes-window]';

  test('a chart whose window starts at 1.27 refuses a native sidecar at synth; the default window takes it', () => {
    expect(Testing.synth(sidecarChart(Testing.app())).map((m) => m.kind)).toEqual(['Pod']);
    expect(() => Testing.synth(sidecarChart(Testing.app(), OLD))).toThrow(SIDECAR_MESSAGE);
  });

  test('SafeApp checks all charts against the app\'s window', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'window-'));
    try {
      const app = new SafeApp({ outdir: path.join(outdir, 'dist') });
      app.node.setContext(VALIDATE_MANIFESTS_CONTEXT, false); // leave it to the app-wide check
      KubernetesWindow.set(app, OLD);
      sidecarChart(app);
      expect(() => app.synth()).toThrow(SIDECAR_MESSAGE.replace(' [kubernetes-window]', ''));
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
