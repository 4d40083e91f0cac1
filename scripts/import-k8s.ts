/**
 * Generates imports/k8s.ts, the L1 bindings of the window's oldest Kubernetes release, exactly as
 * `cdk8s import k8s@<version>` writes them, but from the definitions in this repository: the CLI
 * downloads them from GitHub, which fails offline.
 *
 *   npm run import:k8s
 *
 * It runs the CLI's own k8s importer (node_modules/cdk8s-cli/lib/import/k8s.js, which renders with
 * json2jsii) and only swaps its download for a read of scripts/k8s-definitions/v<version>.json.gz:
 * cdk8s-team/cdk8s `kubernetes-schemas/v<version>/_definitions.json`, the file the CLI would fetch,
 * gzipped. test/import-k8s.test.ts regenerates the file and compares it byte for byte.
 *
 * One change to what the CLI writes: each generated `toJson_*` conversion, and each conversion of a map field (labels,
 * resource limits), drops undefined values with `Object.fromEntries(... .filter(...))` instead of json2jsii's `reduce`
 * that copies the object once per field kept (quadratic: a PodSpec or Container copied dozens of times, for every
 * object of every synth). Same result, keys in the same order; about 7% of the CPU time of a synth of 1000 web services.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';

/** The release the bindings describe: the default window's oldest. */
export const K8S_IMPORT_VERSION = '1.32.0';

const ROOT = path.resolve(__dirname, '..');

/** The gzipped definitions `cdk8s import k8s@<version>` would download. */
export function definitionsFile(version = K8S_IMPORT_VERSION): string {
  return path.join(ROOT, 'scripts', 'k8s-definitions', `v${version}.json.gz`);
}

// cdk8s-cli's package.json `exports` hides lib/; a file path reaches it anyway.
function cliModule(relative: string): any {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a computed path into a CommonJS package, loaded synchronously
  return require(path.join(path.dirname(require.resolve('cdk8s-cli/package.json')), relative));
}

const QUADRATIC_FILTER = 'return Object.entries(result).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1] }), {});';
const LINEAR_FILTER = 'return Object.fromEntries(Object.entries(result).filter((i) => i[1] !== undefined));';
/** A map field's conversion (labels, resource limits): `Object.entries(obj.x).reduce(...: EXPR }), {})`. */
const QUADRATIC_MAP = /Object\.entries\((obj\.\w+)\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: (.*?) \}\), \{\}\)/g;

/** Renders the bindings into `outdir/k8s.ts` and returns that file's text. */
export async function importK8s(outdir: string, version = K8S_IMPORT_VERSION): Promise<string> {
  const util = cliModule('lib/util.js');
  const { ImportKubernetesApi } = cliModule('lib/import/k8s.js');
  const expectedUrl = `https://raw.githubusercontent.com/cdk8s-team/cdk8s/master/kubernetes-schemas/v${version}/_definitions.json`;
  const download = util.download;
  util.download = async (url: string): Promise<string> => {
    if (url !== expectedUrl) throw new Error(`import-k8s: unexpected download ${url} (expected ${expectedUrl})`);
    return zlib.gunzipSync(fs.readFileSync(definitionsFile(version))).toString('utf8');
  };
  const log = console.log;
  const error = console.error;
  try {
    // The importer narrates to the console; the caller reports what matters.
    console.log = () => undefined;
    console.error = () => undefined;
    // What `cdk8s import k8s@<version> --language typescript --output <outdir>` passes (lib/cli/cmds/import.js).
    const importer = new ImportKubernetesApi({ apiVersion: version, exclude: undefined });
    await importer.import({ outdir, targetLanguage: 'typescript', classNamePrefix: undefined, moduleNamePrefix: undefined });
  } finally {
    util.download = download;
    console.log = log;
    console.error = error;
  }
  const text = fs.readFileSync(path.join(outdir, 'k8s.ts'), 'utf8');
  if (!text.includes(QUADRATIC_FILTER)) throw new Error('import-k8s: the generated conversions no longer filter undefined fields as expected');
  return text.split(QUADRATIC_FILTER).join(LINEAR_FILTER)
    .replace(QUADRATIC_MAP, (_all, map: string, value: string) =>
      `Object.fromEntries(Object.entries(${map}).filter((i) => i[1] !== undefined).map((i) => [i[0], ${value}]))`);
}

/** The bindings as they would be generated now, without touching imports/. */
export async function generatedK8s(version = K8S_IMPORT_VERSION): Promise<string> {
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'import-k8s-'));
  try {
    return await importK8s(staging, version);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

if (require.main === module) {
  generatedK8s().then((text) => {
    fs.writeFileSync(path.join(ROOT, 'imports', 'k8s.ts'), text);
    process.stdout.write(`imports/k8s.ts: Kubernetes ${K8S_IMPORT_VERSION}, ${text.length} characters\n`);
  }).catch((e: Error) => {
    process.stderr.write(`${e.stack ?? e.message}\n`);
    process.exit(1);
  });
}
