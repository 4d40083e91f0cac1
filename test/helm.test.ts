// `cdk8s synth --format helm` of the example app: the chart passes `helm lint`, and `helm template` renders
// the objects of a plain synth. The CRDs of cdk8s.yaml's imports go to the chart's crds/.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { appCommand, helmBinary, REPO, TempProject, TSX } from './cli-project';

let project: TempProject;
let helm: string;

beforeAll(() => {
  helm = helmBinary();
  // The repo's own cdk8s.yaml (CRD imports included) and app, in a project named like its chart.
  const config = parse(fs.readFileSync(path.join(REPO, 'cdk8s.yaml'), 'utf8'));
  project = new TempProject({ ...config, app: `node -r ${TSX} ${path.join(REPO, 'main.ts')}` }, 'restaurant');
  fs.symlinkSync(path.join(REPO, 'crds'), project.path('crds'));
  const chart = project.synth(['--format', 'helm', '--chart-version', '0.1.0']);
  expect(chart.stderr).toBe('');
  expect(chart.status).toBe(0);
  expect(project.synth(['-o', 'plain']).status).toBe(0);
}, 180_000);
afterAll(() => project?.remove());

function run(args: string[], cwd = project.dir) {
  return spawnSync(helm, args, { cwd, encoding: 'utf8', env: { ...process.env, HELM_CACHE_HOME: project.path('.helm') } });
}

/** The objects of a YAML stream, by `Kind/namespace/name`. */
function objects(text: string): Record<string, unknown> {
  const docs = parseAllDocuments(text).map((d) => d.toJS()).filter((d) => d);
  return Object.fromEntries(docs.map((d) => [`${d.kind}/${d.metadata.namespace ?? ''}/${d.metadata.name}`, d]));
}

test('the chart is where the CLI puts it: Chart.yaml, one template per environment, the imported CRDs in crds/', () => {
  const chart = project.tree('dist');
  expect(parse(chart['Chart.yaml'].bytes!)).toEqual({
    apiVersion: 'v2', name: 'restaurant', version: '0.1.0', description: 'Generated chart for restaurant', type: 'application',
  });
  expect(Object.keys(chart).filter((f) => f.startsWith('templates/'))).toEqual(['templates/restaurant-dev.k8s.yaml', 'templates/restaurant-prod.k8s.yaml']);
  expect(Object.keys(chart).filter((f) => f.startsWith('crds/')).length).toBe(5);
});

test('helm lint passes', () => {
  const lint = run(['lint', 'dist']);
  expect(lint.stderr).toBe('');
  expect(lint.stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
  expect(lint.status).toBe(0);
}, 60_000);

test('helm template renders the same objects as a plain synth', () => {
  const rendered = run(['template', 'restaurant', 'dist']);
  expect(rendered.status).toBe(0);
  const plain = fs.readdirSync(project.path('plain')).sort().map((f) => fs.readFileSync(project.path('plain', f), 'utf8')).join('---\n');
  const expected = objects(plain);
  expect(Object.keys(expected).length).toBeGreaterThan(20);
  expect(objects(rendered.stdout)).toEqual(expected);
}, 60_000);

test('a chart per environment: the app synthesizes one environment per run, the CLI writes each to its own folder', () => {
  const shop = new TempProject({ app: appCommand('synth-app.ts'), output: 'dist' }, 'shop');
  try {
    for (const environment of ['shop', 'shop-staging']) {
      const synth = shop.synth(['--format', 'helm', '--chart-version', '1.0.0', '-o', `charts/${environment}`], { CHARTS: '2', ENVIRONMENT: environment });
      expect(synth.status).toBe(0);
      expect(Object.keys(shop.tree(`charts/${environment}`)).filter((f) => f.startsWith('templates/'))).toEqual([`templates/${environment}.k8s.yaml`]);
      expect(run(['lint', `charts/${environment}`], shop.dir).status).toBe(0);
    }
  } finally {
    shop.remove();
  }
}, 120_000);
