/**
 * `cdk8s-patterns validate`, run as users run it: the package's bin as a child process, from the
 * repository root, so file names in the messages are the relative paths given on the command line.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'cdk8s-patterns.js');
const F = 'test/fixtures/cli';

interface Run { code: number | null; stdout: string; stderr: string }

function cli(args: string[], stdin?: string, bin = BIN): Run {
  const env = { ...process.env };
  delete env.DEBUG;
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: ROOT, input: stdin ?? '', encoding: 'utf8', env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The validator's last report line. */
const summary = (counts: string, objects: string, context = 'Kubernetes 1.32, 1.36; Pod Security restricted; open world'): string =>
  `${counts} in ${objects} (${context})\n`;

const inputErrors = (...lines: string[]): string =>
  `${lines.join('\n')}\ncdk8s-patterns validate: ${lines.length} input error${lines.length === 1 ? '' : 's'}; nothing was validated\n`;

const CAP_DROP = 'container "app" must drop ALL capabilities (securityContext.capabilities.drop: ["ALL"]), got nothing (restricted Pod Security Standard); '
  + 'or opt this workload down to baseline (construct prop podSecurity: PodSecurityLevel.BASELINE, or annotation cdk8s-patterns/pod-security: baseline)';
const NO_SCHEMA = 'no schema for cert-manager.io/v1 Certificate: it is not a Kubernetes 1.32, 1.36 API and no CRD for it is vendored in crds/ or included in the manifests, so it was not validated';

jest.setTimeout(60_000);

describe('clean input: exit 0', () => {
  test('a multi-document file with comments that every check accepts', () => {
    expect(cli(['validate', `${F}/shop.yaml`])).toEqual({ code: 0, stdout: summary('no findings', '11 objects from 1 file'), stderr: '' });
  });

  test('a directory: its .yaml, .yml and .json files, recursively; other files are not read', () => {
    // app-dir/README.txt is not YAML; app-dir/nested/secret.json is indented with tabs, which only JSON allows.
    expect(cli(['validate', `${F}/app-dir`])).toEqual({ code: 0, stdout: summary('no findings', '2 objects from 2 files'), stderr: '' });
  });

  test('stdin, named -', () => {
    const shop = fs.readFileSync(path.join(ROOT, F, 'shop.yaml'), 'utf8');
    expect(cli(['validate', '-'], shop)).toEqual({ code: 0, stdout: summary('no findings', '11 objects from 1 file'), stderr: '' });
  });

  test('an empty file next to others adds nothing', () => {
    expect(cli(['validate', `${F}/empty.yaml`, `${F}/shop.yaml`])).toEqual({ code: 0, stdout: summary('no findings', '11 objects from 2 files'), stderr: '' });
  });
});

describe('findings: exit 1, one line each, at the line of the field', () => {
  test('multi-document helm template output: comments and an empty document are skipped, the typo is found', () => {
    expect(cli(['validate', `${F}/helm-output.yaml`])).toEqual({
      code: 1,
      stdout: `${F}/helm-output.yaml:37: ERROR   Deployment/shop/shop spec.replica: unknown field "replica" in DeploymentSpec; did you mean "replicas"? [schema]\n`
        + summary('1 error and 0 warnings', '3 objects from 1 file'),
      stderr: '',
    });
  });

  test('a kind: List (kubectl get -o yaml) is expanded into its items', () => {
    expect(cli(['validate', `${F}/list.yaml`])).toEqual({
      code: 1,
      stdout: `${F}/list.yaml:32: ERROR   Pod/shop/worker spec.containers[name=app].securityContext.capabilities.drop: ${CAP_DROP} [pss-restricted/capabilities]\n`
        + summary('1 error and 0 warnings', '2 objects from 1 file'),
      stderr: '',
    });
  });

  test('JSON (kubectl get -o json): a List with server-set fields; a warning alone does not fail', () => {
    expect(cli(['validate', `${F}/kubectl-list.json`])).toEqual({
      code: 0,
      stdout: `${F}/kubectl-list.json:19: WARNING Service/shop/api spec.selector: selector app.kubernetes.io/name=api matches no pod template in namespace "shop" `
        + 'of these manifests; the Service would have no endpoints: make the selector match the workload\'s pod labels [service-selector]\n'
        + summary('0 errors and 1 warning', '1 object from 1 file'),
      stderr: '',
    });
  });

  test('--pod-security: the restricted level (default) fails a pod that baseline accepts', () => {
    const restricted = cli(['validate', `${F}/restricted-pod.yaml`]);
    expect(restricted.code).toBe(1);
    const lines = restricted.stdout.trimEnd().split('\n');
    expect(lines.slice(0, -1).map((l) => /^(\S+) ERROR {3}Pod\/shop\/legacy (\S+): .* \[(\S+)\]$/.exec(l)?.slice(1))).toEqual([
      [`${F}/restricted-pod.yaml:9:`, 'spec.containers[name=app].securityContext.allowPrivilegeEscalation', 'pss-restricted/allow-privilege-escalation'],
      [`${F}/restricted-pod.yaml:9:`, 'spec.containers[name=app].securityContext.runAsNonRoot', 'pss-restricted/run-as-non-root'],
      [`${F}/restricted-pod.yaml:9:`, 'spec.containers[name=app].securityContext.seccompProfile.type', 'pss-restricted/seccomp'],
      [`${F}/restricted-pod.yaml:9:`, 'spec.containers[name=app].securityContext.capabilities.drop', 'pss-restricted/capabilities'],
    ]);
    expect(lines[lines.length - 1]).toBe(summary('4 errors and 0 warnings', '1 object from 1 file').trimEnd());
    expect(cli(['validate', '--pod-security', 'baseline', `${F}/restricted-pod.yaml`])).toEqual({
      code: 0, stdout: summary('no findings', '1 object from 1 file', 'Kubernetes 1.32, 1.36; Pod Security baseline; open world'), stderr: '',
    });
  });

  test('--kubernetes-version: an API removed in 1.32 fails only when 1.35 is checked', () => {
    expect(cli(['validate', '--kubernetes-version', '1.27,1.35', `${F}/flowschema.yaml`])).toEqual({
      code: 1,
      stdout: `${F}/flowschema.yaml:2: ERROR   FlowSchema/batch-jobs apiVersion: Kubernetes 1.35: flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema was removed in Kubernetes 1.32; `
        + 'use apiVersion flowcontrol.apiserver.k8s.io/v1 [api-version]\n'
        + summary('1 error and 0 warnings', '1 object from 1 file', 'Kubernetes 1.27, 1.35; Pod Security restricted; open world'),
      stderr: '',
    });
    expect(cli(['validate', '--kubernetes-version', '1.27', `${F}/flowschema.yaml`])).toEqual({
      code: 0, stdout: summary('no findings', '1 object from 1 file', 'Kubernetes 1.27; Pod Security restricted; open world'), stderr: '',
    });
    expect(cli(['validate', '--kubernetes-version', '1.35,1.27', `${F}/shop.yaml`]).stdout)
      .toBe(summary('no findings', '11 objects from 1 file', 'Kubernetes 1.27, 1.35; Pod Security restricted; open world'));
  });
});

describe('where findings point', () => {
  const twice = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata: {x: "1"}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata: {x: "2"}\n';

  test('--namespace: objects without one are matched (and named) in it; a duplicate is reported at the second copy', () => {
    const run = cli(['validate', '--namespace', 'shop', '-'], twice);
    expect(run.code).toBe(1);
    // The message text itself belongs to the validator's tests; here: the line, the object id and the rule.
    const [finding, total] = run.stdout.trimEnd().split('\n');
    expect(finding).toMatch(/^<stdin>:10: ERROR {3}ConfigMap\/shop\/a metadata\.name: .* \[duplicate-object\]$/);
    expect(total).toBe(summary('1 error and 0 warnings', '2 objects from 1 file').trimEnd());
  });
});

describe('a custom resource without its CRD', () => {
  test('open world (default): a warning that it was not validated; exit 0', () => {
    expect(cli(['validate', `${F}/certificate.yaml`])).toEqual({
      code: 0, stdout: `${F}/certificate.yaml:2: WARNING Certificate/shop/shop-tls ${NO_SCHEMA} [schema]\n${summary('0 errors and 1 warning', '1 object from 1 file')}`, stderr: '',
    });
  });

  test('--strict: warnings fail too', () => {
    expect(cli(['validate', '--strict', `${F}/certificate.yaml`])).toEqual({
      code: 1,
      stdout: `${F}/certificate.yaml:2: WARNING Certificate/shop/shop-tls ${NO_SCHEMA} [schema]\n`
        + summary('0 errors and 1 warning', '1 object from 1 file', 'Kubernetes 1.32, 1.36; Pod Security restricted; open world; strict'),
      stderr: '',
    });
  });

  test('--world closed: the input is the whole app, so the missing CRD is an error', () => {
    expect(cli(['validate', '--world', 'closed', `${F}/certificate.yaml`])).toEqual({
      code: 1,
      stdout: `${F}/certificate.yaml:2: ERROR   Certificate/shop/shop-tls ${NO_SCHEMA} [schema]\n`
        + summary('1 error and 0 warnings', '1 object from 1 file', 'Kubernetes 1.32, 1.36; Pod Security restricted; closed world'),
      stderr: '',
    });
  });
});

describe('input errors: exit 2, naming the file, the document and its line; nothing is validated', () => {
  test('malformed YAML', () => {
    expect(cli(['validate', `${F}/malformed.yaml`])).toEqual({
      code: 2, stdout: '', stderr: inputErrors(`${F}/malformed.yaml: document 2 (line 11): not valid YAML: Nested mappings are not allowed in compact mappings (column 9)`),
    });
  });

  test('malformed JSON', () => {
    expect(cli(['validate', `${F}/broken.json`])).toEqual({
      code: 2, stdout: '', stderr: inputErrors(`${F}/broken.json: document 1 (line 5): not valid JSON: Expected double-quoted property name in JSON at position 83`),
    });
  });

  test('an empty file, alone', () => {
    expect(cli(['validate', `${F}/empty.yaml`])).toEqual({
      code: 2, stdout: '', stderr: inputErrors(`${F}/empty.yaml: no Kubernetes objects (empty, or only comments and empty documents)`),
    });
  });

  test('YAML that is not Kubernetes (foo: bar)', () => {
    expect(cli(['validate', `${F}/not-kubernetes.yaml`])).toEqual({
      code: 2, stdout: '', stderr: inputErrors(`${F}/not-kubernetes.yaml: document 1 (line 1): is not a Kubernetes object: it has no apiVersion and no kind (keys: foo, baz)`),
    });
  });

  test('a missing file, reported with every other input error', () => {
    expect(cli(['validate', `${F}/nope.yaml`, `${F}/not-kubernetes.yaml`])).toEqual({
      code: 2,
      stdout: '',
      stderr: inputErrors(
        `${F}/nope.yaml: no such file or directory`,
        `${F}/not-kubernetes.yaml: document 1 (line 1): is not a Kubernetes object: it has no apiVersion and no kind (keys: foo, baz)`,
      ),
    });
  });

  test('stdin: scalars, and List items that are not objects (a comment before the first --- belongs to document 1)', () => {
    const text = '# a comment\n---\njust text\n---\napiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: { name: a }\n  - 42\n';
    expect(cli(['validate', '-'], text)).toEqual({
      code: 2,
      stdout: '',
      stderr: inputErrors(
        '<stdin>: document 1 (line 3): is a string ("just text"), not a Kubernetes object (a mapping with apiVersion, kind and metadata)',
        '<stdin>: document 2 (line 11): item 1 is a number (42), not a Kubernetes object (a mapping with apiVersion, kind and metadata)',
      ),
    });
  });
});

describe('usage errors: exit 2, one line on stderr', () => {
  test.each([
    [['validate', '--frobnicate', `${F}/shop.yaml`], 'cdk8s-patterns validate: unknown option --frobnicate; see cdk8s-patterns validate --help'],
    [['validate', `${F}/shop.yaml`, '--format'], 'cdk8s-patterns validate: option --format needs a value'],
    [['validate', '--format', 'xml', `${F}/shop.yaml`], 'cdk8s-patterns validate: --format must be "text" or "json", got "xml"'],
    [['validate', '--pod-security', 'none', `${F}/shop.yaml`], 'cdk8s-patterns validate: --pod-security must be "restricted" or "baseline", got "none"'],
    [['validate', '--world', 'flat', `${F}/shop.yaml`], 'cdk8s-patterns validate: --world must be "open" or "closed", got "flat"'],
    [['validate', '--kubernetes-version', '1.30', `${F}/shop.yaml`], 'cdk8s-patterns validate: --kubernetes-version "1.30" is not one this cdk8s-patterns has schemas for: 1.27, 1.32, 1.35, 1.36'],
    [['validate'], 'cdk8s-patterns validate: name at least one file, directory, or - for stdin; see cdk8s-patterns validate --help'],
    [['frobnicate'], 'cdk8s-patterns: unknown command "frobnicate"; the commands are validate and diagram'],
  ])('%j', (args, message) => {
    expect(cli(args)).toEqual({ code: 2, stdout: '', stderr: `${message}\n` });
  });

  test('no command: the overview on stderr; --help: on stdout, exit 0', () => {
    const none = cli([]);
    expect([none.code, none.stdout, none.stderr.split('\n')[0]]).toEqual([2, '', 'Usage: cdk8s-patterns <command> [options]']);
    const help = cli(['validate', '--help']);
    expect([help.code, help.stderr, help.stdout.split('\n')[0]]).toEqual([0, '', 'Usage: cdk8s-patterns validate [options] <file|directory|->...']);
    expect(help.stdout).toContain('Exit codes: 0 no errors, 1 findings (errors; warnings with --strict), 2 usage or input error.');
  });
});

describe('--format json', () => {
  test('findings with their file, document and line; ok is false exactly when the exit code is not 0', () => {
    const run = cli(['validate', '--format', 'json', `${F}/helm-output.yaml`]);
    expect([run.code, run.stderr]).toEqual([1, '']);
    expect(JSON.parse(run.stdout)).toEqual({
      ok: false,
      summary: { files: 1, objects: 3, errors: 1, warnings: 0 },
      options: { kubernetesVersions: ['1.32', '1.36'], podSecurity: 'restricted', world: 'open', namespace: 'default', strict: false },
      inputErrors: [],
      findings: [{
        rule: 'schema', severity: 'error', object: 'Deployment/shop/shop', path: 'spec.replica',
        message: 'unknown field "replica" in DeploymentSpec; did you mean "replicas"?', file: `${F}/helm-output.yaml`, document: 4, line: 37,
      }],
    });
  });

  test('input errors go to stdout as JSON too (exit 2)', () => {
    const run = cli(['validate', '--format', 'json', '--world', 'closed', '-'], 'foo: bar\n');
    expect([run.code, run.stderr]).toEqual([2, '']);
    expect(JSON.parse(run.stdout)).toEqual({
      ok: false,
      summary: { files: 1, objects: 0, errors: 0, warnings: 0 },
      options: { kubernetesVersions: ['1.32', '1.36'], podSecurity: 'restricted', world: 'closed', namespace: 'default', strict: false },
      inputErrors: [{ file: '<stdin>', document: 1, line: 1, message: 'is not a Kubernetes object: it has no apiVersion and no kind (keys: foo)' }],
      findings: [],
    });
  });

  test('a clean run is ok', () => {
    const run = cli(['validate', '--format', 'json', `${F}/shop.yaml`]);
    expect([run.code, JSON.parse(run.stdout).ok, JSON.parse(run.stdout).findings]).toEqual([0, true, []]);
  });
});

describe('the published layout', () => {
  // What npm publishes: bin/ and the compiled build/ (no lib/*.ts), so the bin must load build/.
  const dir = path.join(ROOT, '.cli-build-test');

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('bin/cdk8s-patterns.js runs the compiled JavaScript when there is no TypeScript source', () => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
    fs.copyFileSync(BIN, path.join(dir, 'bin', 'cdk8s-patterns.js'));
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
      extends: '../tsconfig.build.json',
      compilerOptions: { outDir: 'build', rootDir: '..', declaration: false },
      include: [],
      files: ['../lib/cli/main.ts', '../lib/cli/diagram.ts'],
    }));
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(dir, 'tsconfig.json')], { cwd: ROOT, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(fs.existsSync(path.join(dir, 'build', 'lib', 'cli', 'main.js'))).toBe(true);
    expect(cli(['validate', `${F}/helm-output.yaml`], undefined, path.join(dir, 'bin', 'cdk8s-patterns.js'))).toEqual(cli(['validate', `${F}/helm-output.yaml`]));
  });

  test('package.json names the bin and publishes it', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ 'cdk8s-patterns': 'bin/cdk8s-patterns.js' });
    expect(pkg.files).toEqual(expect.arrayContaining(['bin/**', 'build/lib/**', 'schemas/**']));
    expect(fs.readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });
});
