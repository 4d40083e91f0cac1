/*
 * The published declarations must compile in a strict consumer that has no @types/node (`"types": []`): a public
 * signature that named Node's `Buffer` once broke `import { ConfigMap } from 'cdk8s-patterns'` for such projects,
 * and only a hand-made `npm pack` consumer found it. Our own tsconfig loads @types/node, so `tsc --noEmit` cannot see it.
 *
 * In process, with no build/ folder and nothing written to disk: the declarations are emitted the way
 * `npm run build` does (tsconfig.build.json; the same bytes), then served to an in-memory consumer as an installed
 * package at node_modules/cdk8s-patterns, next to the real dependencies and without any @types package. The
 * dependencies' own declarations (cdk8s, constructs, the cdk8s-plus-27 files ours name) need no Node types either,
 * so skipLibCheck stays off for all of them.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');
const PACKAGE_JSON = fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8');
const PACKAGE: { name: string; exports: Record<string, string | { types?: string }> } = JSON.parse(PACKAGE_JSON);

/** A directory no real file lives under: the consumer project sees only what the host below serves. */
const CONSUMER = path.join(path.parse(ROOT).root, '__published-types-consumer__');
const INSTALLED = path.join(CONSUMER, 'node_modules', PACKAGE.name);
const TS_LIB_DIR = path.dirname(ts.getDefaultLibFilePath({}));

interface Declarations {
  /** Installed path (under INSTALLED) -> text, for every emitted d.ts. */
  readonly files: Map<string, string>;
  /** Export subpath ('.', './validation') -> the installed d.ts its `types` condition names. */
  readonly entries: Map<string, string>;
  /** Installed d.ts -> the lib/ source it was emitted from, to say where a failure must be fixed. */
  readonly sources: Map<string, string>;
  readonly emitProblems: string[];
}

/** Emits the d.ts of the published entry points with the build's own options, in memory. */
function emitDeclarations(): Declarations {
  const configPath = path.join(ROOT, 'tsconfig.build.json');
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); },
  })!;
  const outDir = config.options.outDir!;
  const rootDir = config.options.rootDir!;
  const entries = new Map<string, string>();
  const rootNames: string[] = [];
  for (const [subpath, target] of Object.entries(PACKAGE.exports)) {
    const types = typeof target === 'string' ? undefined : target.types;
    if (!types) continue;
    entries.set(subpath, path.join(INSTALLED, types));
    rootNames.push(path.join(rootDir, path.relative(outDir, path.join(ROOT, types))).replace(/\.d\.ts$/, '.ts'));
  }
  const files = new Map<string, string>();
  const sources = new Map<string, string>();
  const options: ts.CompilerOptions = { ...config.options, declaration: true, emitDeclarationOnly: true, noEmit: false };
  const host = ts.createCompilerHost(options);
  host.writeFile = (fileName, text, _bom, _onError, sourceFiles) => {
    const installed = path.join(INSTALLED, path.relative(ROOT, fileName));
    files.set(installed, text);
    if (sourceFiles?.length === 1) sources.set(installed, path.relative(ROOT, sourceFiles[0].fileName));
  };
  // Only the entry points' closure: what a consumer can reach.
  const program = ts.createProgram({ rootNames, options, host });
  // The sixth argument is TypeScript's internal `forceDtsEmit`: with it the emitter asks the checker only what the
  // declarations need, instead of first type-checking each file in full (`tsc --noEmit` in `npm test` does that), which
  // cuts this step from ~8 s to ~2 s of CPU for the same bytes. Were it ever dropped, the emit is only slower.
  const emit = program.emit as (...args: [...Parameters<ts.Program['emit']>, forceDtsEmit: boolean]) => ts.EmitResult;
  const result = emit.call(program, undefined, undefined, undefined, true, undefined, true);
  const emitProblems = [...program.getOptionsDiagnostics(), ...result.diagnostics].map((d) => formatDiagnostic(d, new Map()));
  return { files, entries, sources, emitProblems };
}

/**
 * A compiler host for a project at CONSUMER whose node_modules holds the emitted package and the real dependencies
 * (hoisted, as npm installs them) but no @types: the only other files it sees are TypeScript's own lib files.
 */
function consumerHost(files: ReadonlyMap<string, string>): ts.CompilerHost {
  const nodeModules = path.join(CONSUMER, 'node_modules') + path.sep;
  const installedPackageJson = path.join(INSTALLED, 'package.json');
  const real = (p: string): string | undefined => {
    if (p.startsWith(TS_LIB_DIR + path.sep)) return p;
    if (!p.startsWith(nodeModules) || p.startsWith(INSTALLED + path.sep) || p === INSTALLED) return undefined;
    const rest = p.slice(nodeModules.length);
    return rest.startsWith('@types') ? undefined : path.join(ROOT, 'node_modules', rest);
  };
  const readFile = (p: string): string | undefined => {
    if (p === installedPackageJson) return PACKAGE_JSON;
    if (files.has(p)) return files.get(p);
    const r = real(p);
    return r !== undefined && fs.existsSync(r) && fs.statSync(r).isFile() ? fs.readFileSync(r, 'utf8') : undefined;
  };
  const virtualDirs = new Set<string>();
  for (const file of [...files.keys(), installedPackageJson]) {
    for (let dir = path.dirname(file); dir.startsWith(CONSUMER); dir = path.dirname(dir)) virtualDirs.add(dir);
  }
  return {
    fileExists: (p) => readFile(p) !== undefined,
    readFile,
    directoryExists: (p) => {
      if (virtualDirs.has(p)) return true;
      const r = real(p);
      return r !== undefined && fs.existsSync(r) && fs.statSync(r).isDirectory();
    },
    getDirectories: () => [],
    realpath: (p) => p,
    getSourceFile: (fileName, languageVersion) => {
      const text = readFile(fileName);
      return text === undefined ? undefined : ts.createSourceFile(fileName, text, languageVersion);
    },
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    getDefaultLibLocation: () => TS_LIB_DIR,
    writeFile: () => { throw new Error('the consumer is only type-checked'); },
    getCurrentDirectory: () => CONSUMER,
    getCanonicalFileName: (f) => f,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
  };
}

/** `file(line,col): TS2304 Cannot find name 'Buffer'. (emitted from lib/...)`, with paths relative to the consumer. */
function formatDiagnostic(d: ts.Diagnostic, sources: ReadonlyMap<string, string>): string {
  const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  if (!d.file) return `TS${d.code} ${text}`;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
  const source = sources.get(d.file.fileName);
  const where = `${path.relative(CONSUMER, d.file.fileName)}(${line + 1},${character + 1})`;
  return `${where}: TS${d.code} ${text}${source ? ` (emitted from ${source})` : ''}`;
}

/** Uses the public API the way a project does: the constructs, their fields, and the validator's own entry point. */
const CONSUMER_SOURCE = `
import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import { ConfigMap, Cpu, Job, Probe, Secret, StatefulSet, WebService, type ContainerProps } from 'cdk8s-patterns';
import { validateManifests, type Finding, type ValidateOptions } from 'cdk8s-patterns/validation';

const app: App = Testing.app();
const chart = new Chart(app, 'shop');
const config = new ConfigMap(chart, 'config', { data: { 'app.json': '{}' } });
const secret = new Secret(chart, 'credentials', { stringData: { password: 'hunter2' } });
const container: ContainerProps = {
  image: 'example/web:1.0',
  ports: [{ number: 8080, name: 'http' }],
  resources: { cpu: { request: Cpu.millis(100) }, memory: { request: Size.mebibytes(128), limit: Size.mebibytes(128) } },
  readiness: Probe.httpGet('/', { port: 'http', period: Duration.seconds(5) }),
};
const web = new WebService(chart, 'web', { version: '1.0', containers: [container] });
const db = new StatefulSet(chart, 'db', {
  version: '17',
  containers: [{ ...container, image: 'postgres:17' }],
  volumeClaims: [{ name: 'data', size: Size.gibibytes(1) }],
});
new Job(chart, 'migrate', { backoffLimit: 3, containers: [{ ...container, ports: [] }] });

const names: string[] = [config.name, secret.name, web.deployment.name, web.service.name, db.service.name, ...config.keys];
const hash: string = config.contentHash + secret.contentHash;
const options: ValidateOptions = {};
const findings: Finding[] = validateManifests(Testing.synth(chart), options);
export const report: string[] = [...names, hash, ...findings.map((f) => \`\${f.severity} \${f.object} \${f.message}\`)];
`;

describe('published type declarations', () => {
  let declarations: Declarations;
  beforeAll(() => { declarations = emitDeclarations(); });

  test('emit without errors, and cover every exported entry point', () => {
    expect(declarations.emitProblems).toEqual([]);
    expect([...declarations.entries.keys()].sort()).toEqual(['.', './validation']);
    for (const entry of declarations.entries.values()) expect(declarations.files.has(entry)).toBe(true);
  });

  test('compile in a strict consumer with no @types/node, no DOM lib and skipLibCheck off', () => {
    // strict plus the stricter checks a consumer may turn on, except exactOptionalPropertyTypes: under it the d.ts of
    // cdk8s-plus-27 that ours import fail (Resource, ConfigMap, Secret... "incorrectly implements interface"), as do
    // RollingDeployment and StatefulSet (getters `X | undefined` against optional interface properties).
    const options: ts.CompilerOptions = {
      strict: true,
      noUncheckedIndexedAccess: true,
      noImplicitOverride: true,
      noPropertyAccessFromIndexSignature: true,
      useUnknownInCatchVariables: true,
      types: [],
      lib: ['lib.es2020.d.ts'],
      target: ts.ScriptTarget.ES2020,
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      skipLibCheck: false,
      noEmit: true,
    };
    const files = new Map(declarations.files);
    const index = path.join(CONSUMER, 'index.ts');
    files.set(index, CONSUMER_SOURCE);
    const program = ts.createProgram({ rootNames: [index], options, host: consumerHost(files) });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => formatDiagnostic(d, declarations.sources));
    expect(problems).toEqual([]);
    // Guards the guard: the check above saw the package's own declarations and no Node types.
    const seen = program.getSourceFiles().map((f) => path.relative(CONSUMER, f.fileName));
    expect(seen).toContain(path.join('node_modules', PACKAGE.name, 'build', 'lib', 'config-map.d.ts'));
    expect(seen.filter((f) => /@types[\\/]node/.test(f))).toEqual([]);
  });

  // `exports` serves node16/nodenext and bundlers; projects still on `moduleResolution: node` (node10) reach the
  // subpath through `typesVersions` instead, which nothing else in the repository reads.
  test.each([
    ['node10', ts.ModuleResolutionKind.Node10],
    ['node16', ts.ModuleResolutionKind.Node16],
    ['bundler', ts.ModuleResolutionKind.Bundler],
  ])('every entry point resolves to its emitted declarations under moduleResolution %s', (_name, moduleResolution) => {
    const module = moduleResolution === ts.ModuleResolutionKind.Bundler ? ts.ModuleKind.ESNext
      : moduleResolution === ts.ModuleResolutionKind.Node16 ? ts.ModuleKind.Node16 : ts.ModuleKind.CommonJS;
    const options: ts.CompilerOptions = { module, moduleResolution, types: [] };
    const host = consumerHost(declarations.files);
    const resolved = [...declarations.entries.keys()].map((subpath) => {
      const specifier = path.posix.join(PACKAGE.name, subpath);
      const result = ts.resolveModuleName(specifier, path.join(CONSUMER, 'index.ts'), options, host);
      return [specifier, result.resolvedModule?.resolvedFileName];
    });
    expect(resolved).toEqual([...declarations.entries].map(([subpath, file]) => [path.posix.join(PACKAGE.name, subpath), file]));
  });
});
