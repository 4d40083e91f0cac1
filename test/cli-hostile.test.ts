/**
 * Hostile input to `cdk8s-patterns validate` (issue 12): documents that are null, numbers, strings or
 * lists; a 1 MiB string; nesting deeper than the API server allows, in JSON and in YAML; `__proto__` and
 * `constructor` keys in YAML and JSON. The command exits 1 (findings) or 2 (input errors) with one line
 * per problem: never a stack trace, never a hang (a spawn timeout fails the test), never a polluted prototype.
 * Spawned processes are slow, so each run reads a whole directory of cases.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../lib/cli/main';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'cdk8s-patterns.js');
const MIB = 1024 * 1024;

jest.setTimeout(120_000);

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-hostile-'));
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  write('bad/null.yaml', '---\nnull\n---\n~\n');
  write('bad/number.yaml', '42\n');
  write('bad/string.yaml', 'just a string\n');
  write('bad/array.json', '[1, "two", null]\n');
  write('bad/deep.yaml', `a: ${'['.repeat(20000)}${']'.repeat(20000)}\n`);
  let deep = '{}';
  for (let i = 0; i < 20000; i++) deep = `{"a":${deep}}`;
  write('found/deep.json', `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep","namespace":"shop"},"data":${deep}}`);
  write('found/huge.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${'n'.repeat(MIB)}\n  namespace: shop\ndata:\n  big: ${'y'.repeat(MIB)}\n`);
  write('found/proto.json', '{"apiVersion":"v1","kind":"ConfigMap","__proto__":{"polluted":1},'
    + '"metadata":{"name":"j","namespace":"shop","labels":{"__proto__":"x","constructor":"y"}},"data":{"constructor":{"prototype":{"polluted":2}}}}');
  write('found/proto.yaml', 'apiVersion: v1\nkind: ConfigMap\n__proto__:\n  polluted: 3\nmetadata:\n  name: y\n  namespace: shop\n'
    + '  annotations:\n    __proto__: x\n    constructor: y\ndata:\n  __proto__:\n    polluted: 4\n');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function cli(input: string): { code: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, CDK8S_CHECK_UPGRADE: 'false' };
  delete env.DEBUG;
  const r = spawnSync(process.execPath, [BIN, 'validate', input], { cwd: dir, encoding: 'utf8', env, timeout: 100_000, maxBuffer: 64 * MIB });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const NOT_OBJECT = 'not a Kubernetes object (a mapping with apiVersion, kind and metadata)';

test('null, number, string and list documents, and YAML nested too deep: input errors, exit 2', () => {
  expect(cli('bad')).toEqual({
    code: 2,
    stdout: '',
    stderr: [
      `bad/array.json: document 1 (line 1): item 0 is a number (1), ${NOT_OBJECT}`,
      `bad/array.json: document 1 (line 1): item 1 is a string ("two"), ${NOT_OBJECT}`,
      `bad/array.json: document 1 (line 1): item 2 is null, ${NOT_OBJECT}`,
      'bad/deep.yaml: document 1 (line 1): not valid YAML: Maximum call stack size exceeded (column 803)',
      `bad/number.yaml: document 1 (line 1): is a number (42), ${NOT_OBJECT}`,
      `bad/string.yaml: document 1 (line 1): is a string ("just a string"), ${NOT_OBJECT}`,
      'cdk8s-patterns validate: 6 input errors; nothing was validated',
      '',
    ].join('\n'),
  });
});

test('a 1 MiB string, JSON nested too deep, __proto__ and constructor keys: findings, exit 1', () => {
  const { code, stdout, stderr } = cli('found');
  expect({ code, stderr }).toEqual({ code: 1, stderr: '' });
  const lines = stdout.split('\n');
  expect(lines.map((l) => /\[([a-z0-9/-]+)\]$/.exec(l)?.[1] ?? l)).toEqual([
    'max-depth',
    'dns1123-name',
    'schema', 'schema', 'label-key',
    'schema', 'schema', 'annotation-key',
    '8 errors and 0 warnings in 4 objects from 4 files (Kubernetes 1.32, 1.36; Pod Security restricted; open world)',
    '',
  ]);
  // The message quotes the 1 MiB name shortened; the object column still spells it out in full.
  expect(lines[1]).toContain(`metadata.name: ConfigMap name "${'n'.repeat(499)}... (1048578 characters) is not a DNS-1123 subdomain`);
  expect(stdout).toContain('found/deep.json:1: ERROR   ConfigMap/shop/deep nests more than 10000 levels deep; the API server refuses it');
  expect(stdout).not.toMatch(/\n\s+at /);
});

test('in process: the same input pollutes no prototype', async () => {
  const out: string[] = [];
  const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t), readStdin: () => '' };
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    expect(await main(['validate', 'found/proto.json', 'found/proto.yaml'], io)).toBe(1);
  } finally {
    process.chdir(cwd);
  }
  expect(out.join('')).toContain('6 errors and 0 warnings in 2 objects from 2 files');
  for (const proto of [Object.prototype, Array.prototype, Function.prototype]) {
    expect((proto as any).polluted).toBeUndefined();
  }
  expect(({} as any).polluted).toBeUndefined();
});
