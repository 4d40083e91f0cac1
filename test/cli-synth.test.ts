// Every mode of the real `cdk8s synth` with SafeApp, in a project like `cdk8s init` makes (`output: dist`):
// a good synth writes what the CLI would, a failed one leaves the previous output as it was, bytes and modes.
import * as fs from 'fs';
import { parseAllDocuments } from 'yaml';
import { appCommand, TempProject } from './cli-project';

const APP = appCommand('synth-app.ts');
const REPORT = [
  'Validation failed with the following errors:',
  '  [shop/web] replicas (-1) must be a whole number of pods; use 0 or more',
];
const PUT_BACK = (folder: string) => `${folder} is back as the last good synth left it (cdk8s synth deletes it before the app runs)`;
let project: TempProject;

afterEach(() => project.remove());

/** The app's report: what the CLI shows on stderr before its own "command ... returned a non-zero exit code" trailer. */
function appReport(stderr: string): string[] {
  return stderr.slice(0, stderr.indexOf('Error: command "')).trimEnd().split('\n');
}

test('output: dist: a good synth writes dist/, a failed one puts back the previous dist/ with its bytes and modes', () => {
  project = new TempProject({ app: APP, output: 'dist' });
  expect(project.synth().status).toBe(0);
  expect(Object.keys(project.tree('dist'))).toEqual(['.', 'shop.k8s.yaml']);
  expect(project.tree('dist')['shop.k8s.yaml'].bytes).toContain('kind: Deployment');
  // A change the user makes in place after the synth is part of "the previous output".
  fs.chmodSync(project.path('dist', 'shop.k8s.yaml'), 0o600);
  const before = project.tree('dist');

  const failed = project.synth([], { BREAK: '1' });
  expect(failed.status).toBe(1);
  expect(appReport(failed.stderr)).toEqual([...REPORT, PUT_BACK('dist')]);
  expect(project.tree('dist')).toEqual(before);
  expect(project.tree('dist')['shop.k8s.yaml'].mode).toBe('600');
  expect(project.topLevel()).toEqual(['dist']);

  expect(project.synth([], { CHARTS: '2' }).status).toBe(0);
  expect(Object.keys(project.tree('dist'))).toEqual(['.', 'shop-staging.k8s.yaml', 'shop.k8s.yaml']);
}, 120_000);

test('a failed first synth says there was nothing to put back, and leaves no folder behind', () => {
  project = new TempProject({ app: APP, output: 'dist' });
  const failed = project.synth([], { BREAK: '1' });
  expect(failed.status).toBe(1);
  expect(appReport(failed.stderr)).toEqual([...REPORT, 'cdk8s synth deleted dist before the app ran, and no earlier good synth was kept to put back']);
  expect(project.topLevel()).toEqual([]);
}, 120_000);

test('-o writes to the folder given, and a failed synth puts that folder back; dist/ is not touched', () => {
  project = new TempProject({ app: APP, output: 'dist' });
  expect(project.synth(['-o', 'manifests/prod']).status).toBe(0);
  const before = project.tree('manifests/prod');
  expect(Object.keys(before)).toEqual(['.', 'shop.k8s.yaml']);

  const failed = project.synth(['--output', 'manifests/prod'], { BREAK: '1' });
  expect(failed.status).toBe(1);
  expect(appReport(failed.stderr)).toEqual([...REPORT, PUT_BACK('manifests/prod')]);
  expect(project.tree('manifests/prod')).toEqual(before);
  expect(project.topLevel()).toEqual(['manifests']);
}, 120_000);

test('--stdout prints the manifests, and dist/ (which the CLI deletes first) comes back as it was, good or failed', () => {
  project = new TempProject({ app: APP, output: 'dist' });
  expect(project.synth().status).toBe(0);
  const before = project.tree('dist');

  const printed = project.synth(['--stdout']);
  expect(printed.status).toBe(0);
  expect(printed.stdout).toBe(before['shop.k8s.yaml'].bytes);
  expect(project.tree('dist')).toEqual(before);

  // The CLI pipes every file at once, with nothing between them: the app gives it one file.
  const charts = project.synth(['--stdout'], { CHARTS: '2' });
  expect(charts.status).toBe(0);
  const docs = parseAllDocuments(charts.stdout);
  expect(docs.flatMap((d) => d.errors)).toEqual([]);
  expect(docs.map((d) => d.toJS().metadata.namespace)).toEqual(['shop', 'shop-staging']);
  expect(project.tree('dist')).toEqual(before);

  const failed = project.synth(['--stdout'], { BREAK: '1' });
  expect(failed.status).toBe(1);
  expect(failed.stdout).toBe('');
  expect(appReport(failed.stderr)).toEqual(REPORT);
  expect(project.tree('dist')).toEqual(before);
  expect(project.topLevel()).toEqual(['dist']);
  // Only dist/ has a last good copy: the CLI's temp folders of --stdout leave none behind.
  expect(fs.readdirSync(project.path('node_modules', '.cache', 'cdk8s-patterns', 'last-good'))).toHaveLength(1);
}, 120_000);

test('--format helm writes the chart where the CLI puts it; a failed synth puts back the previous chart', () => {
  project = new TempProject({ app: APP, output: 'dist' }, 'shop');
  expect(project.synth(['--format', 'helm', '--chart-version', '0.1.0']).status).toBe(0);
  const before = project.tree('dist');
  expect(Object.keys(before)).toEqual(['.', 'Chart.yaml', 'README.md', 'templates', 'templates/shop.k8s.yaml']);
  expect(before['Chart.yaml'].bytes).toContain('version: "0.1.0"');

  const failed = project.synth(['--format', 'helm', '--chart-version', '0.2.0'], { BREAK: '1' });
  expect(failed.status).toBe(1);
  expect(appReport(failed.stderr)).toEqual([...REPORT, PUT_BACK('dist')]);
  expect(project.tree('dist')).toEqual(before);
  expect(project.topLevel()).toEqual(['dist']);
}, 120_000);
