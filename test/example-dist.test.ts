/**
 * The example app's output, byte for byte: a refactoring of the library must not change one byte of
 * what `cdk8s synth` writes for main.ts. The fixtures are `dist/` as synthesized from main.ts before
 * the rule catalogue and construct-shape refactoring (issue 9), plus one intended change since (issue 14: the
 * kitchen's logger is a native sidecar, an init container with restartPolicy Always); regenerate them only for an intended
 * output change (`CDK8S_CHECK_UPGRADE=false npx cdk8s synth && cp dist/*.yaml test/fixtures/example-dist/`).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SafeApp } from '../lib/app';
import { CloudProvider } from '../lib/cloud-provider';
import { restaurantCharts } from '../main';

const FIXTURES = path.join(__dirname, 'fixtures', 'example-dist');

test('the example app synthesizes exactly the committed dist/', () => {
  const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'example-dist-')), 'dist');
  // As main.ts runs under `cdk8s synth`, with the default (generic) cloud profile.
  const app = new SafeApp({ outdir });
  restaurantCharts(app, CloudProvider.fromName('generic'));
  app.synth();
  const files = (dir: string) => fs.readdirSync(dir).sort();
  expect(files(outdir)).toEqual(files(FIXTURES));
  for (const file of files(FIXTURES)) {
    expect([file, fs.readFileSync(path.join(outdir, file), 'utf8')]).toEqual([file, fs.readFileSync(path.join(FIXTURES, file), 'utf8')]);
  }
});
