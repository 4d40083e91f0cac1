import { ApiObject, Chart } from 'cdk8s';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SafeApp, SynthError } from '../lib/app';
import { lastGoodDir } from '../lib/private/cli-output';
import { RollingDeployment } from '../lib/deployment';
import { ClusterIpService } from '../lib/service';

const IMAGE = 'nginxinc/nginx-unprivileged:1.27-alpine';
let workdir: string;
let outdir: string;

beforeEach(() => {
  workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'safe-app-'));
  outdir = path.join(workdir, 'dist');
});
afterEach(() => {
  // SafeApp keeps a copy of each good output (for the CLI, which deletes it); these are the repo's.
  for (const dir of [outdir, path.join(workdir, 'one'), path.join(workdir, 'two')]) fs.rmSync(lastGoodDir(dir), { recursive: true, force: true });
  fs.rmSync(workdir, { recursive: true, force: true });
});

function webChart(app: SafeApp, id = 'shop', replicas = 2): Chart {
  const chart = new Chart(app, id, { namespace: 'shop' });
  const web = new RollingDeployment(chart, 'web', { replicas, containers: [{ image: IMAGE, ports: [{ number: 8080, name: 'http' }], writablePaths: ['/tmp'] }] });
  new ClusterIpService(chart, 'web-service', { name: 'web', target: web, ports: [{ port: 80 }] });
  return chart;
}

/** The previous output a failed synth must leave alone. */
function previousOutput(): void {
  fs.mkdirSync(outdir);
  fs.writeFileSync(path.join(outdir, 'previous.k8s.yaml'), 'kind: Previous\n');
}

function files(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

function synthError(app: SafeApp): SynthError {
  try {
    app.synth();
  } catch (e) {
    expect(e).toBeInstanceOf(SynthError);
    return e as SynthError;
  }
  throw new Error('expected the synth to fail');
}

test('a good synth replaces the output folder as a whole and leaves no staging folder behind', () => {
  previousOutput();
  const app = new SafeApp({ outdir });
  webChart(app);
  app.synth();
  expect(Object.keys(files(outdir))).toEqual(['shop.k8s.yaml']);
  expect(files(outdir)['shop.k8s.yaml']).toContain('kind: Deployment');
  expect(fs.readdirSync(workdir)).toEqual(['dist']);
});

test('invalid props of several constructs are reported together and the previous output is kept', () => {
  previousOutput();
  const app = new SafeApp({ outdir });
  const chart = new Chart(app, 'shop');
  new RollingDeployment(chart, 'web', { replicas: -1, containers: [{ image: IMAGE }] });
  new RollingDeployment(chart, 'api', { maxSurge: 0, maxUnavailable: 0, containers: [{ image: IMAGE }] });
  expect(synthError(app).message).toBe([
    'Validation failed with the following errors:',
    '  [shop/web] replicas (-1) must be a whole number of pods; use 0 or more',
    '  [shop/api] maxUnavailable (0) and maxSurge are both zero, so a rollout could never replace a pod; allow at least one extra pod (maxSurge: 1) or one unavailable pod (maxUnavailable: 1)',
  ].join('\n'));
  expect(files(outdir)).toEqual({ 'previous.k8s.yaml': 'kind: Previous\n' });
  expect(fs.readdirSync(workdir)).toEqual(['dist']);
});

test('an object the API server would reject fails the synth and keeps the previous output', () => {
  previousOutput();
  const app = new SafeApp({ outdir });
  const chart = webChart(app);
  new ApiObject(chart, 'typo', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, dat: { a: 'b' } } as any);
  expect(synthError(app).message).toBe([
    'Validation failed with the following errors:',
    '  [shop] ConfigMap/shop/settings dat: unknown field "dat" in ConfigMap; did you mean "data"? [schema]',
  ].join('\n'));
  expect(files(outdir)).toEqual({ 'previous.k8s.yaml': 'kind: Previous\n' });
});

test('clashes between charts are caught by the app-wide check', () => {
  previousOutput();
  const app = new SafeApp({ outdir });
  webChart(app, 'shop');
  webChart(app, 'shop-again');
  const error = synthError(app);
  expect(error.findings.map((f) => `${f.rule} ${f.object}`)).toEqual([
    'duplicate-object Deployment/shop/web',
    'duplicate-object PodDisruptionBudget/shop/web',
    'duplicate-object Service/shop/web',
  ]);
  expect(error.message.split('\n')).toEqual([
    `Manifest checks failed; ${outdir} was left as it was:`,
    'ERROR   Deployment/shop/web metadata.name: Deployment/shop/web is defined twice (by shop/web and shop-again/web); one would overwrite the other on apply: '
      + 'rename one or remove the duplicate [duplicate-object]',
    'ERROR   PodDisruptionBudget/shop/web metadata.name: PodDisruptionBudget/shop/web is defined twice (by shop/web/DisruptionBudget and '
      + 'shop-again/web/DisruptionBudget); one would overwrite the other on apply: rename one or remove the duplicate [duplicate-object]',
    'ERROR   Service/shop/web metadata.name: Service/shop/web is defined twice (by shop/web-service and shop-again/web-service); one would overwrite '
      + 'the other on apply: rename one or remove the duplicate [duplicate-object]',
  ]);
  expect(files(outdir)).toEqual({ 'previous.k8s.yaml': 'kind: Previous\n' });
});

test('synthesis is deterministic: two synths write byte-identical files', () => {
  const first = new SafeApp({ outdir: path.join(workdir, 'one') });
  webChart(first);
  first.synth();
  const second = new SafeApp({ outdir: path.join(workdir, 'two') });
  webChart(second);
  second.synth();
  expect(files(path.join(workdir, 'two'))).toEqual(files(path.join(workdir, 'one')));
});
