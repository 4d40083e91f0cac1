// The validation plugin with the real CLI: a cdk8s-plus project lists this package under `validations:`
// in cdk8s.yaml, as docs/cli.md shows, and `cdk8s synth` runs the same checks, offline.
import * as fs from 'fs';
import * as path from 'path';
import { appCommand, REPO, TempProject, TSX } from './cli-project';

let project: TempProject;
afterEach(() => project.remove());

/**
 * The package as `npm install cdk8s-patterns` would put it in node_modules, except that its main runs the
 * TypeScript sources (through tsx) instead of build/: the CLI requires it in its own plain-node process.
 */
function installPackage(): void {
  const pkg = project.path('node_modules', 'cdk8s-patterns');
  fs.mkdirSync(pkg);
  fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'cdk8s-patterns', version: '0.1.0', main: 'index.js' }));
  fs.writeFileSync(path.join(pkg, 'index.js'), `require(${JSON.stringify(TSX)});\nmodule.exports = require(${JSON.stringify(path.join(REPO, 'lib', 'index.ts'))});\n`);
}

function plusProject(properties?: Record<string, unknown>): TempProject {
  project = new TempProject({
    app: appCommand('plus-app.ts'),
    output: 'dist',
    validations: [{ package: './node_modules/cdk8s-patterns', version: '0.1.0', class: 'ManifestValidation', ...(properties && { properties }) }],
  });
  installPackage();
  return project;
}

test('a cdk8s-plus app that breaks Pod Security "restricted" fails the synth with a report from the plugin', () => {
  const run = plusProject().synth();
  expect(run.status).toBe(2);
  expect(run.stderr).toContain('Validation failed. See above reports for details');
  expect(run.stdout).toContain('Validation Report (');
  expect(run.stdout).toContain('pss-restricted/seccomp (error) (1 occurrences)');
  expect(run.stdout).toContain('pss-restricted/capabilities (error) (1 occurrences)');
  expect(run.stdout).toContain('Recommendation: container "main" must drop ALL capabilities (securityContext.capabilities.drop: ["ALL"]), got nothing');
  expect(run.stdout).toContain('Construct Path: shop/web/Resource');
  expect(run.stdout).toContain(`Manifest Path: ${path.join('dist', 'shop.k8s.yaml')}`);
}, 120_000);

test('properties of cdk8s.yaml are the options of validateManifests: with podSecurity baseline the same app passes', () => {
  const run = plusProject({ podSecurity: 'baseline' }).synth();
  expect(run.stderr).toBe('');
  expect(run.stdout).toContain('Validations ended succesfully');
  expect(run.status).toBe(0);
}, 120_000);
