// SafeApp's own synth (lib/private/synth.ts): the files cdk8s's App.synth() writes, byte for byte, with each object's JSON built once.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, AppProps, Chart, YamlOutputType } from 'cdk8s';
import { SafeApp } from '../lib/app';
import { lastGoodDir } from '../lib/private/cli-output';
import * as objectJson from '../lib/private/object-json';
import { restaurantCharts } from '../main';

let workdir: string;
beforeEach(() => {
  workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-'));
});
afterEach(() => {
  fs.rmSync(lastGoodDir(path.join(workdir, 'safe')), { recursive: true, force: true });
  fs.rmSync(workdir, { recursive: true, force: true });
  jest.restoreAllMocks();
});

/** Every file under `dir`, by relative path. */
function tree(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = path.join(prefix, entry.name);
    if (entry.isDirectory()) Object.assign(out, tree(path.join(dir, entry.name), rel));
    else out[rel] = fs.readFileSync(path.join(dir, entry.name), 'utf8');
  }
  return out;
}

/** The example app, plus a third chart that depends on the prod chart (so charts get indexed file names). */
function build(app: App): void {
  const [, prod] = restaurantCharts(app);
  const extra = new Chart(app, 'extra', { namespace: 'extra' });
  new ApiObject(extra, 'settings', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { enabled: 'true', port: '8080' } });
  extra.addDependency(prod);
}

/** What cdk8s's own App writes, and what SafeApp writes, with the same props. */
function both(props: AppProps): [Record<string, string>, Record<string, string>] {
  const plain = new App({ ...props, outdir: path.join(workdir, 'plain') });
  build(plain);
  plain.synth();
  const safe = new SafeApp({ ...props, outdir: path.join(workdir, 'safe') });
  build(safe);
  safe.synth();
  return [tree(path.join(workdir, 'plain')), tree(path.join(workdir, 'safe'))];
}

test.each([
  ['FILE_PER_CHART', YamlOutputType.FILE_PER_CHART, ['0000-restaurant-dev.k8s.yaml', '0001-restaurant-prod.k8s.yaml', '0002-extra.k8s.yaml']],
  ['FILE_PER_APP', YamlOutputType.FILE_PER_APP, ['app.k8s.yaml']],
])('%s: SafeApp writes the files App writes, byte for byte', (_name, yamlOutputType, names) => {
  const [plain, safe] = both({ yamlOutputType });
  expect(Object.keys(safe)).toEqual(names);
  expect(safe).toEqual(plain);
});

test.each([
  ['FILE_PER_RESOURCE', YamlOutputType.FILE_PER_RESOURCE],
  ['FOLDER_PER_CHART_FILE_PER_RESOURCE', YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE],
])('%s: SafeApp writes the files App writes, byte for byte, with the construct metadata', (_name, yamlOutputType) => {
  const [plain, safe] = both({ yamlOutputType, recordConstructMetadata: true, outputFileExtension: '.yml' });
  expect(Object.keys(safe)).toContain('construct-metadata.json');
  // Objects of one kind and name in two charts share a file name (cdk8s's naming): the last one written wins.
  expect(Object.keys(safe).filter((f) => f.endsWith('.yml')).length).toBeGreaterThan(20);
  expect(safe).toEqual(plain);
});

test.each([
  ['FILE_PER_CHART', YamlOutputType.FILE_PER_CHART],
  ['FILE_PER_APP', YamlOutputType.FILE_PER_APP],
])('%s, no dependencies anywhere: SafeApp orders charts and objects as App does, without building the graph', (_name, yamlOutputType) => {
  // Ids that read as array indices: cdk8s keys its graph by path, and such keys come first in a JavaScript object.
  const charts = (app: App): void => {
    for (const id of ['shop', '10', 'api', '2']) {
      const chart = new Chart(app, id, { namespace: 'n' });
      for (const name of ['b', '3', 'a']) {
        new ApiObject(chart, name, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${id}-${name}` }, data: { id } });
      }
    }
  };
  const plain = new App({ yamlOutputType, outdir: path.join(workdir, 'plain') });
  charts(plain);
  plain.synth();
  const safe = new SafeApp({ yamlOutputType, outdir: path.join(workdir, 'safe') });
  charts(safe);
  safe.synth();
  const written = tree(path.join(workdir, 'safe'));
  expect(written).toEqual(tree(path.join(workdir, 'plain')));
  if (yamlOutputType !== YamlOutputType.FILE_PER_APP) return;
  // Charts and objects in path-key order: '2' and '10' first, then the others as added (constructs orders children alike).
  const names = Object.values(written).join('').match(/(?<=name: )\S+/g);
  expect(names).toEqual(['2', '10', 'shop', 'api'].flatMap((id) => [`${id}-3`, `${id}-b`, `${id}-a`]));
});

test('SafeApp builds each object\'s JSON once per synth, for both checks and the file', () => {
  const built = jest.spyOn(objectJson, 'apiObjectJson');
  const toJson = jest.spyOn(ApiObject.prototype, 'toJson');
  const app = new SafeApp({ outdir: path.join(workdir, 'safe') });
  build(app);
  app.synth();
  const objects = app.node.findAll().filter(ApiObject.isApiObject);
  expect(objects.length).toBeGreaterThan(30);
  expect(new Set(built.mock.calls.map(([object]) => object)).size).toBe(objects.length);
  expect(built).toHaveBeenCalledTimes(objects.length);
  // apiObjectJson renders the core objects itself and leaves the others (CRDs, patched ones) to toJson(), once each.
  expect(toJson.mock.calls.length).toBeGreaterThan(0);
  expect(toJson.mock.calls.length).toBeLessThan(objects.length / 2);
  built.mockRestore();
  toJson.mockRestore();
});
