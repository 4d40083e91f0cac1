// How SafeApp reads the mode of `cdk8s synth` from what the CLI passes (CDK8S_OUTDIR), without the CLI.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { SafeApp } from '../lib/app';
import { keepLastGood, lastGoodDir, outputPlan, restoreLastGood } from '../lib/private/cli-output';

let workdir: string;
const cwd = process.cwd();
beforeEach(() => {
  workdir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'safe-app-output-')));
  fs.mkdirSync(path.join(workdir, 'node_modules'));
  process.chdir(workdir);
});
afterEach(() => {
  process.chdir(cwd);
  fs.rmSync(workdir, { recursive: true, force: true });
  jest.restoreAllMocks();
});

test('no CDK8S_OUTDIR: the app\'s own outdir', () => {
  expect(outputPlan('/p/dist', {})).toEqual({ mode: 'app', target: '/p/dist', output: '/p/dist' });
});

test('cdk8s synth [-o dir]: the CLI\'s folder', () => {
  expect(outputPlan('/p/dist', { CDK8S_OUTDIR: 'manifests' })).toEqual({
    mode: 'plain', target: path.join(workdir, 'manifests'), output: path.join(workdir, 'manifests'),
  });
});

test('--format helm: templates/ of a folder the CLI wrote Chart.yaml into; the chart is the output', () => {
  fs.mkdirSync(path.join(workdir, 'dist'));
  fs.writeFileSync(path.join(workdir, 'dist', 'Chart.yaml'), 'name: x\n');
  expect(outputPlan('/p/dist', { CDK8S_OUTDIR: 'dist/templates' })).toEqual({
    mode: 'helm', target: path.join(workdir, 'dist', 'templates'), output: path.join(workdir, 'dist'),
  });
  // A folder named templates without a chart is a plain output folder.
  expect(outputPlan('/p/dist', { CDK8S_OUTDIR: 'other/templates' }).mode).toBe('plain');
});

test('--stdout: the CLI\'s mkdtemp folder; the output of cdk8s.yaml is what it deleted', () => {
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-'));
  try {
    expect(outputPlan('/p/dist', { CDK8S_OUTDIR: temp })).toEqual({ mode: 'stdout', target: temp, output: temp, deletedByCli: undefined });
    fs.writeFileSync(path.join(workdir, 'cdk8s.yaml'), 'app: node main.js\noutput: out\n');
    expect(outputPlan('/p/dist', { CDK8S_OUTDIR: temp }).deletedByCli).toBe(path.join(workdir, 'out'));
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
});

test('the last good copy comes back with its bytes and modes; files changed in place come back changed', () => {
  const dist = path.join(workdir, 'dist');
  fs.mkdirSync(path.join(dist, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(dist, 'a.yaml'), 'a: 1\n');
  fs.writeFileSync(path.join(dist, 'sub', 'b.yaml'), 'b: 2\n');
  fs.chmodSync(path.join(dist, 'sub'), 0o750);
  keepLastGood(dist);
  expect(lastGoodDir(dist).startsWith(path.join(workdir, 'node_modules', '.cache', 'cdk8s-patterns', 'last-good'))).toBe(true);
  fs.chmodSync(path.join(dist, 'a.yaml'), 0o600);
  fs.rmSync(dist, { recursive: true });

  expect(restoreLastGood(dist)).toBe(true);
  expect(fs.readFileSync(path.join(dist, 'a.yaml'), 'utf8')).toBe('a: 1\n');
  expect(fs.statSync(path.join(dist, 'a.yaml')).mode & 0o777).toBe(0o600);
  expect(fs.readFileSync(path.join(dist, 'sub', 'b.yaml'), 'utf8')).toBe('b: 2\n');
  expect(fs.statSync(path.join(dist, 'sub')).mode & 0o777).toBe(0o750);
  expect(restoreLastGood(path.join(workdir, 'never-synthesized'))).toBe(false);
});

test('under the CLI, an explicit outdir that differs gets a warning, and the CLI\'s folder is used', () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  process.env.CDK8S_OUTDIR = '.cdk8s.out';
  try {
    const app = new SafeApp({ outdir: 'dist' });
    new Chart(app, 'empty');
    expect(app.publishDir).toBe(path.join(workdir, '.cdk8s.out'));
    expect(warn).toHaveBeenCalledWith('SafeApp: cdk8s synth writes to .cdk8s.out; outdir ("dist") applies only when the app runs on its own');
  } finally {
    delete process.env.CDK8S_OUTDIR;
  }
});
