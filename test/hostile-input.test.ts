/**
 * Hostile input to validateManifests: whatever it is given, it returns findings. It never throws,
 * never hangs, and never writes through a "__proto__" key into a prototype.
 */
import { Finding, validateManifests } from '../lib/validation';

const error = (rule: string, object: string, path: string, message: string): Finding => ({ rule, severity: 'error', object, path, message });

/** `{ a: { a: ... leaf } }`, `levels` objects deep, built without recursion. */
function nested(levels: number, leaf: unknown = 'x'): any {
  let value: unknown = leaf;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

function nestedArrays(levels: number): any {
  let value: unknown = 'x';
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

const configMap = (extra: Record<string, unknown>): any => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'shop' }, ...extra });
const CM = 'ConfigMap/shop/c';

afterEach(() => {
  // Nothing reached a shared prototype.
  const probe: any = {};
  expect(probe.polluted).toBeUndefined();
  expect((Object.prototype as any).polluted).toBeUndefined();
  expect((Array.prototype as any).polluted).toBeUndefined();
  expect(Object.keys(Object.prototype)).toEqual([]);
});

describe('documents that are not objects', () => {
  test.each([
    ['null', null, 'null'],
    ['undefined', undefined, 'nothing'],
    ['a number', 42, '42'],
    ['a string', 'kind: Deployment', '"kind: Deployment"'],
    ['a boolean', true, 'true'],
    ['an array', [{ kind: 'Pod' }], '[{"kind":"Pod"}]'],
  ])('%s', (_, document, shown) => {
    expect(validateManifests([document])).toEqual([
      error('schema', 'manifests[0]', '', `expected a manifest object, got ${shown}`),
    ]);
  });

  test('a bad document does not hide the good ones', () => {
    const findings = validateManifests([null, configMap({ data: { a: 'b' } }), 7]);
    expect(findings).toEqual([
      error('schema', 'manifests[0]', '', 'expected a manifest object, got null'),
      error('schema', 'manifests[2]', '', 'expected a manifest object, got 7'),
    ]);
  });
});

describe('wrong types where objects belong', () => {
  test('spec is a number', () => {
    expect(validateManifests([{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: 5 }])).toEqual([
      error('schema', 'Deployment/shop/web', 'spec', 'must be an object, got an integer 5'),
    ]);
  });

  test('metadata is an array and spec a string', () => {
    expect(validateManifests([{ apiVersion: 'v1', kind: 'Service', metadata: [], spec: 'x' }])).toEqual([
      error('schema', 'Service/default/<manifest 0>', 'metadata', 'must be an object, got an array []'),
      error('schema', 'Service/default/<manifest 0>', 'spec', 'must be an object, got a string "x"'),
      error('dns1123-name', 'Service/default/<manifest 0>', 'metadata.name', 'missing metadata.name; every object needs a name (or generateName, which cdk8s apps rarely want)'),
    ]);
  });

  test('apiVersion, kind and name of the wrong types', () => {
    expect(validateManifests([{ apiVersion: 5, kind: {}, metadata: { name: 7, labels: 'x', annotations: [] } }])).toEqual([
      error('schema', '<no kind>/default/<manifest 0>', 'apiVersion', 'missing apiVersion and kind; every object needs both (e.g. apiVersion "apps/v1", kind "Deployment")'),
      error('dns1123-name', '<no kind>/default/<manifest 0>', 'metadata.name', 'missing metadata.name; every object needs a name (or generateName, which cdk8s apps rarely want)'),
    ]);
  });

  test('containers, ports, probes and resources of the wrong types', () => {
    const pod = {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' },
      spec: { containers: [null, 5, { name: 'app', image: 'x', ports: 'x', livenessProbe: 7, resources: { requests: 'x', limits: [] } }] },
    };
    const findings = validateManifests([pod]);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.filter((f) => f.rule === 'schema').map((f) => `${f.path}: ${f.message}`)).toEqual([
      'spec.containers[0]: must be an object, got null null',
      'spec.containers[1]: must be an object, got an integer 5',
      'spec.containers[name=app].livenessProbe: must be an object, got an integer 7',
      'spec.containers[name=app].ports: must be an array, got a string "x"',
      'spec.containers[name=app].resources.limits: must be an object, got an array []',
      'spec.containers[name=app].resources.requests: must be an object, got a string "x"',
    ]);
  });
});

describe('huge strings (1 MiB)', () => {
  const huge = (c: string) => c.repeat(1024 * 1024);

  test('in a name, a label and data: reported, with the value shortened in the message', () => {
    const findings = validateManifests([{ ...configMap({ data: { big: huge('y') } }), metadata: { name: huge('n'), namespace: 'shop', labels: { [huge('k')]: huge('v') } } }]);
    const object = `ConfigMap/shop/${huge('n')}`;
    expect(findings.map((f) => [f.rule, f.object === object, f.path.length])).toEqual([
      ['dns1123-name', true, 'metadata.name'.length],
      ['label-key', true, `metadata.labels[""]`.length + 1024 * 1024],
      ['label-value', true, `metadata.labels[""]`.length + 1024 * 1024],
    ]);
    expect(findings[0].message).toBe(`ConfigMap name "${'n'.repeat(499)}... (1048578 characters) is not a DNS-1123 subdomain; use at most 253 lower-case letters, digits, '-' and '.', starting and ending with a letter or digit; e.g. "${'n'.repeat(253)}"`);
    for (const f of findings) expect(f.message.length).toBeLessThan(1200);
  });

  test('a ConfigMap with 1 MiB of data is valid', () => {
    expect(validateManifests([configMap({ data: { big: huge('y') } })])).toEqual([]);
  });
});

describe('deep nesting', () => {
  test('10 000 levels (the API server limit) in a field that expects a string', () => {
    expect(validateManifests([configMap({ data: nested(10000) })])).toEqual([
      error('schema', CM, 'data.a', 'must be a string, got an object {...} (nested too deeply to show)'),
    ]);
  });

  test('10 000 levels of arrays, and of objects ending in null', () => {
    expect(validateManifests([configMap({ data: nestedArrays(10000) })])).toEqual([
      error('schema', CM, 'data', 'must be an object, got an array [...] (nested too deeply to show)'),
    ]);
    expect(validateManifests([configMap({ data: nested(10000, null) })])).toEqual([
      error('schema', CM, 'data.a', 'must be a string, got an object {...} (nested too deeply to show)'),
    ]);
  });

  test('10 000 levels under an unknown field of a Deployment', () => {
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: nested(10000) };
    expect(validateManifests([deployment]).map((f) => `${f.rule} ${f.path}`)).toEqual([
      'schema spec.a',
      'containers-required spec.template',
      'selector-required spec.selector',
    ]);
  });

  test('more than 10 000 levels: refused as the API server refuses it', () => {
    expect(validateManifests([configMap({ data: nested(10001) })])).toEqual([
      error('max-depth', CM, '', 'nests more than 10000 levels deep; the API server refuses it ("exceeded max depth of 10000"), so it was not checked further'),
    ]);
    expect(validateManifests([nested(20000)])).toEqual([
      error('max-depth', '<no kind>/default/<manifest 0>', '', 'nests more than 10000 levels deep; the API server refuses it ("exceeded max depth of 10000"), so it was not checked further'),
    ]);
  });

  test('a custom resource whose CRD keeps unknown fields, 9 990 levels deep with nulls', () => {
    const crd = customResourceDefinition({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
    expect(validateManifests([crd, { apiVersion: 'example.com/v1', kind: 'Foo', metadata: { name: 'f', namespace: 'shop' }, spec: nested(9990, null) }])).toEqual([]);
  });

  test('a CRD schema 3 000 levels deep: the schema check is skipped with a warning, not a crash', () => {
    let schema: any = { type: 'string' };
    for (let i = 0; i < 3000; i++) schema = { type: 'object', properties: { a: schema } };
    const message = 'is nested too deeply for the schema check, which was skipped for it; flatten it, or validate it with kubectl --dry-run=server';
    expect(validateManifests([customResourceDefinition(schema), { apiVersion: 'example.com/v1', kind: 'Foo', metadata: { name: 'f', namespace: 'shop' }, spec: nested(2999) }])).toEqual([
      { rule: 'max-depth', severity: 'warning', object: 'CustomResourceDefinition/foos.example.com', path: '', message },
      { rule: 'max-depth', severity: 'warning', object: 'Foo/shop/f', path: '', message },
    ]);
  });
});

function customResourceDefinition(openAPIV3Schema: unknown): any {
  return {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'foos.example.com' },
    spec: {
      group: 'example.com', scope: 'Namespaced', names: { kind: 'Foo', plural: 'foos' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema } }],
    },
  };
}

describe('__proto__, constructor and prototype keys (own keys, as JSON.parse makes them)', () => {
  test('in every map of a ConfigMap: reported as fields, nothing polluted', () => {
    const manifests = JSON.parse(`[{"apiVersion":"v1","kind":"ConfigMap","__proto__":{"polluted":1},
      "metadata":{"name":"c","namespace":"shop","__proto__":{"polluted":2},
        "labels":{"__proto__":"a","constructor":"b","prototype":"c"},"annotations":{"__proto__":{"polluted":3}}},
      "data":{"__proto__":{"polluted":4},"constructor":{"prototype":{"polluted":5}}}}]`);
    expect(validateManifests(manifests).map((f) => `${f.rule} ${f.path}: ${f.message.split(';')[0]}`)).toEqual([
      'schema data.__proto__: must be a string, got an object {"polluted":4}',
      'schema data.constructor: must be a string, got an object {"prototype":{"polluted":5}}',
      'schema metadata.annotations.__proto__: must be a string, got an object {"polluted":3}',
      'schema metadata.__proto__: unknown field "__proto__" in ObjectMeta',
      'schema __proto__: unknown field "__proto__" in ConfigMap',
      'label-key metadata.labels["__proto__"]: label key "__proto__" is not a valid label key',
      'annotation-key metadata.annotations["__proto__"]: annotation key "__proto__" is not a valid annotation key',
    ]);
  });

  test('as kinds, names and label keys: matched as plain strings', () => {
    const manifests = JSON.parse(`[
      {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"constructor","namespace":"shop"},
       "spec":{"selector":{"matchLabels":{"constructor":"x","prototype":"y"}},
        "template":{"metadata":{"labels":{"constructor":"x"}},"spec":{"containers":[{"name":"app","image":"x"}]}}}},
      {"apiVersion":"v1","kind":"toString","metadata":{"name":"valueof"}},
      {"apiVersion":"apps/v1","kind":"__proto__","metadata":{"name":"hasownproperty"}},
      {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"h","namespace":"shop"},
       "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"constructor"},"maxReplicas":2,
        "metrics":[{"type":"constructor"},{"type":"__proto__"}]}}]`);
    const findings = validateManifests(manifests, { podSecurity: 'baseline' });
    expect(findings.filter((f) => f.rule !== 'schema').map((f) => `${f.rule} ${f.object} ${f.path}: ${f.message}`)).toEqual([
      'selector-matches-template Deployment/shop/constructor spec.selector: spec.selector (constructor=x, prototype=y) does not match the pod template labels (constructor=x); add the selected labels to spec.template.metadata.labels',
      'api-version toString/default/valueof apiVersion: v1 has no kind "toString" in Kubernetes 1.32, 1.36',
      'api-version __proto__/default/hasownproperty apiVersion: apps/v1 has no kind "__proto__" in Kubernetes 1.32, 1.36',
      'hpa-metric HorizontalPodAutoscaler/shop/h spec.metrics[0].type: metric type must be one of Resource, ContainerResource, Pods, Object, External, got "constructor"',
      'hpa-metric HorizontalPodAutoscaler/shop/h spec.metrics[1].type: metric type must be one of Resource, ContainerResource, Pods, Object, External, got "__proto__"',
    ]);
  });

  test('a "__proto__" label on both selector and template matches like any other label', () => {
    const manifests = JSON.parse(`[{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop"},
       "spec":{"selector":{"matchLabels":{"__proto__":"x"}},
        "template":{"metadata":{"labels":{"__proto__":"y"}},"spec":{"containers":[{"name":"app","image":"x"}]}}}}]`);
    expect(validateManifests(manifests, { podSecurity: 'baseline' }).map((f) => `${f.rule} ${f.path}`)).toEqual([
      'label-key spec.template.metadata.labels["__proto__"]',
      'label-key spec.selector.matchLabels["__proto__"]',
      'selector-matches-template spec.selector',
    ]);
  });
});
