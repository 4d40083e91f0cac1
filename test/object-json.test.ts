import { ApiObject, App, Chart, Duration, JsonPatch, Lazy, Size, Testing } from 'cdk8s';
import * as k8s from '../imports/k8s';
import {
  ClusterIpService, Cpu, HorizontalAutoscaler, IngressBackend, IngressController, Probe, RollingDeployment, RoutingIngress,
} from '../lib';
import { apiObjectJson } from '../lib/private/object-json';
import { restaurantCharts } from '../main';

/** How many JSON patches the object has (AppNamespace patches its Namespace). */
function patchesOf(object: ApiObject): number {
  return (object as unknown as { patches: unknown[] }).patches.length;
}

/** The core L1 classes: the ones `apiObjectJson` renders itself. */
const CORE = new Set<unknown>(Object.values(k8s));

/**
 * `apiObjectJson` must be `toJson()`, key order included: the YAML is written in that order. It renders a
 * core L1 object itself (`toJson()` is not called) unless `fallback` says it leaves this one to `toJson()`.
 */
function expectSameJson(object: ApiObject, fallback = !CORE.has(object.constructor) || patchesOf(object) > 0): void {
  const expected = object.toJson();
  const toJson = jest.spyOn(object, 'toJson');
  const actual = apiObjectJson(object);
  expect(toJson).toHaveBeenCalledTimes(fallback ? 1 : 0);
  toJson.mockRestore();
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
  expect(actual).toStrictEqual(expected);
}

function objectsOf(app: App): ApiObject[] {
  return app.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
}

test('builds the JSON toJson() builds, for every object of the example app', () => {
  const app = Testing.app();
  restaurantCharts(app);
  const objects = objectsOf(app);
  expect(objects.filter((o) => CORE.has(o.constructor)).length).toBeGreaterThan(40);
  objects.forEach((o) => expectSameJson(o));
});

test('builds the JSON toJson() builds, for the benchmark\'s web services (bench/library.ts)', () => {
  const app = Testing.app();
  const chart = new Chart(app, 'services', { namespace: 'shop' });
  const ingress = new RoutingIngress(chart, 'ingress', { controller: IngressController.GENERIC, ingressClassName: 'nginx' });
  for (let i = 0; i < 5; i++) {
    const name = `web-${i}`;
    const deployment = new RollingDeployment(chart, name, {
      containers: [{
        name: 'app',
        image: `registry.example.com/shop/${name}:1.0.0`,
        ports: [{ number: 8080, name: 'http' }],
        resources: { cpu: { request: Cpu.millis(100), limit: Cpu.units(1) }, memory: { request: Size.mebibytes(128), limit: Size.gibibytes(1) } },
        liveness: Probe.httpGet('/healthz', { port: 'http', period: Duration.seconds(10) }),
      }],
      maxSurge: i % 2 === 0 ? '25%' : 1,
    });
    const svc = new ClusterIpService(chart, `${name}-service`, { name, target: deployment, ports: [{ port: 80, targetPort: 'http' }] });
    new HorizontalAutoscaler(chart, `${name}-autoscaler`, { target: deployment, minReplicas: 2, maxReplicas: 10, cpuUtilizationPercent: 70 });
    ingress.addHostRule(`${name}.example.com`, IngressBackend.fromService(svc));
  }
  objectsOf(app).forEach((o) => expectSameJson(o));
});

test('unwraps IntOrString and Quantity, renames fields and drops what the schema lacks, as the generated conversion does', () => {
  const chart = Testing.chart();
  const object = new k8s.KubeService(chart, 'svc', {
    metadata: { labels: { b: 'x', a: Lazy.any({ produce: () => 'y' }) }, annotations: { gone: undefined as unknown as string } },
    spec: {
      clusterIp: 'None',
      ports: [{ port: 80, targetPort: k8s.IntOrString.fromString('http') }, { port: 81, targetPort: k8s.IntOrString.fromNumber(8081) }],
      selector: { app: 'web' },
      ...{ notAField: true },
    },
  });
  expectSameJson(object);
  expect(apiObjectJson(object).spec).toEqual({
    clusterIP: 'None',
    ports: [{ port: 80, targetPort: 'http' }, { port: 81, targetPort: 8081 }],
    selector: { app: 'web' },
  });
  const limits = new k8s.KubeLimitRange(chart, 'limits', {
    spec: { limits: [{ type: 'Container', max: { cpu: k8s.Quantity.fromString('1'), memory: k8s.Quantity.fromNumber(1024) } }] },
  });
  expectSameJson(limits);
});

test('builds metadata as metadata.toJson() does: attributes, added labels and annotations, finalizers, owners, no empties', () => {
  const chart = Testing.chart();
  const bare = new k8s.KubeConfigMap(chart, 'bare', { metadata: { name: 'bare', annotations: {}, finalizers: [] } });
  const full = new k8s.KubeConfigMap(chart, 'full', {
    metadata: {
      name: 'full', namespace: 'shop', generateName: 'f-', labels: { z: '1', a: Lazy.any({ produce: () => '2' }) },
      managedFields: [{ manager: 'me', fieldsV1: {} }], annotations: { note: 'x' },
    },
  });
  full.metadata.addLabel('added', 'yes');
  full.metadata.addAnnotation('empty', '');
  full.metadata.addFinalizers('example.com/cleanup');
  full.metadata.addOwnerReference({ apiVersion: 'v1', kind: 'ConfigMap', name: 'bare', uid: 'u-1', controller: true });
  for (const object of [bare, full]) expectSameJson(object);
  expect(apiObjectJson(bare).metadata).toEqual({ name: 'bare' });
  expect(Object.keys(apiObjectJson(full).metadata)).toEqual(['annotations', 'finalizers', 'generateName', 'labels', 'managedFields', 'name', 'namespace',
    'ownerReferences']);
});

test('leaves to toJson() what it does not render itself: patches, resolvers of the app, unsorted keys, refused values', () => {
  const patched = new k8s.KubeConfigMap(Testing.chart(), 'patched', { data: { b: '1', a: '2' } });
  patched.addJsonPatch(JsonPatch.add('/data/c', '3'));
  expectSameJson(patched, true);
  expect(apiObjectJson(patched).data).toEqual({ a: '2', b: '1', c: '3' });

  const upper = { resolve: (context: { value: unknown; replaceValue(v: unknown): void }) => {
    if (context.value === 'web') context.replaceValue('WEB');
  } };
  const resolved = new k8s.KubeConfigMap(new Chart(Testing.app({ resolvers: [upper] }), 'chart'), 'resolved', { data: { app: 'web' } });
  expectSameJson(resolved, true);

  const env = process.env.CDK8S_DISABLE_SORT;
  process.env.CDK8S_DISABLE_SORT = '1';
  try {
    expectSameJson(new k8s.KubeConfigMap(Testing.chart(), 'unsorted', { data: { b: '1', a: '2' } }), true);
  } finally {
    if (env === undefined) delete process.env.CDK8S_DISABLE_SORT;
    else process.env.CDK8S_DISABLE_SORT = env;
  }

  const refused = new k8s.KubeConfigMap(Testing.chart(), 'refused', { data: { when: new Date(0) as unknown as string } });
  expect(() => apiObjectJson(refused)).toThrow('can\'t render non-simple object of type \'Date\'');
});
