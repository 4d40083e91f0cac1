/**
 * Problems as data: a prop problem and a manifest finding have one shape (`Problem`), and one error
 * type (`SynthError`, which `PropsError` extends) carries both.
 */
import { Chart, JsonPatch, Testing } from 'cdk8s';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RollingDeployment } from '../lib/deployment';
import { COLLECT_ERRORS_CONTEXT, Problem, PropsError, SynthError } from '../lib/errors';
import { IngressBackend, RoutingIngress } from '../lib/ingress';
import { SafeApp } from '../lib/app';
import { Problems } from '../lib/private/construct-base';
import { ClusterIpService } from '../lib/service';

const IMAGE = 'nginxinc/nginx-unprivileged:1.27';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error, but nothing was thrown');
}

test('a PropsError is a SynthError whose problems are data: construct path, prop, value, rule, message and fix', () => {
  const chart = new Chart(Testing.app(), 'test');
  const error = thrown(() => new RollingDeployment(chart, 'Web_1', { containers: [{ image: IMAGE, ports: [{ number: 70000 }] }] })) as PropsError;
  expect(error).toBeInstanceOf(PropsError);
  expect(error).toBeInstanceOf(SynthError);
  expect(error.problems).toEqual<Problem[]>([{
    source: 'props', severity: 'error', constructPath: 'test/Web_1', prop: 'containers[0].ports[0].number', value: 70000, rule: 'port-range',
    message: 'is not a port number', fix: 'use an integer from 1 to 65535',
    text: '[test/Web_1] containers[0].ports[0].number (70000) is not a port number; use an integer from 1 to 65535',
  }]);
  expect(error.findings).toEqual([]);
});

test('creating a Problems has no side effect: it registers no check', () => {
  const chart = new Chart(Testing.app(), 'test');
  new Problems(chart);
  expect(chart.node.validate()).toEqual([]);
  expect(Testing.synth(chart)).toEqual([]);
});

describe('SafeApp', () => {
  let outdir: string;
  beforeEach(() => {
    outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'problems-')), 'dist');
  });

  test('collect mode: the SynthError lists every prop problem and deferred check as data', () => {
    const app = new SafeApp({ outdir, validation: false });
    expect(app.node.tryGetContext(COLLECT_ERRORS_CONTEXT)).toBe(true);
    const chart = new Chart(app, 'shop');
    new RollingDeployment(chart, 'a', { replicas: -1, containers: [{ image: IMAGE }] });
    new RoutingIngress(chart, 'ingress');
    const error = thrown(() => app.synth()) as SynthError;
    expect(error).toBeInstanceOf(SynthError);
    expect(error.problems.map((p) => [p.source, p.constructPath, p.prop, p.value])).toEqual([
      ['props', 'shop/a', 'replicas', -1],
      ['props', 'shop/ingress', 'rules', []],
    ]);
    for (const p of error.problems) expect(error.message).toContain(p.text);
  });

  test('manifest findings are problems of the same shape', () => {
    const app = new SafeApp({ outdir });
    // Only the app-wide check then sees the objects (each chart's own check reports through cdk8s, as text).
    app.node.setContext('cdk8s-patterns:validateManifests', false);
    const chart = new Chart(app, 'shop');
    const api = new RollingDeployment(chart, 'api', { containers: [{ image: IMAGE, ports: [{ number: 8080 }] }] });
    const service = new ClusterIpService(chart, 'svc', { target: api, ports: [{ port: 80 }] });
    new RoutingIngress(chart, 'ingress', { rules: [{ backend: IngressBackend.fromService(service) }] });
    // A change behind the constructs' back, which only the manifest check sees.
    service.apiObject.addJsonPatch(JsonPatch.replace('/spec/ports/0/port', 70000));
    const error = thrown(() => app.synth()) as SynthError;
    expect(error).toBeInstanceOf(SynthError);
    const finding = error.problems.find((p) => p.rule === 'port-range');
    expect(finding).toMatchObject({ source: 'manifest', severity: 'error', object: 'Service/default/svc', path: 'spec.ports[name=tcp-80].port' });
    expect(error.findings.map((f) => f.rule)).toContain('port-range');
  });
});
