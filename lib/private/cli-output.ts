import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * How this run was started, read from what the cdk8s CLI passes to the app (node_modules/cdk8s-cli,
 * lib/cli/cmds/synth.js and lib/util.js, 2.207): it deletes its output folder, then runs the app with
 * `CDK8S_OUTDIR` set, and reads the manifests the app wrote there.
 *
 * - `app`: no CLI (`node main.ts`): the app's own `outdir`, which nothing deleted.
 * - `plain`: `cdk8s synth [-o dir]`: `CDK8S_OUTDIR` is the output folder.
 * - `helm`: `cdk8s synth --format helm`: the CLI wrote `Chart.yaml` (and `crds/`) into the output
 *   folder and passes its `templates/` folder.
 * - `stdout`: `cdk8s synth --stdout`: a `mkdtemp` folder under the temp dir, printed then deleted.
 *   The CLI still deletes `output` of cdk8s.yaml first, if set.
 */
export type OutputMode = 'app' | 'plain' | 'helm' | 'stdout';

export interface OutputPlan {
  readonly mode: OutputMode;
  /** The folder the manifests are published to, replaced as a whole. */
  readonly target: string;
  /**
   * The folder this run owns as a whole (the chart in `helm` mode, else `target`): it is what the
   * last good copy keeps, and what is put back when the CLI deleted it.
   */
  readonly output: string;
  /** In `stdout` mode, the output folder of cdk8s.yaml, which the CLI deleted although it prints. */
  readonly deletedByCli?: string;
}

export function outputPlan(appOutdir: string, env: NodeJS.ProcessEnv = process.env): OutputPlan {
  const cliOutdir = env.CDK8S_OUTDIR;
  if (!cliOutdir) return { mode: 'app', target: appOutdir, output: appOutdir };
  const target = path.resolve(cliOutdir);
  if (isCliTempDir(target)) {
    const configured = configuredOutput();
    return { mode: 'stdout', target, output: target, deletedByCli: configured };
  }
  const chart = path.dirname(target);
  if (path.basename(target) === 'templates' && fs.existsSync(path.join(chart, 'Chart.yaml'))) {
    return { mode: 'helm', target, output: chart };
  }
  return { mode: 'plain', target, output: target };
}

/** `--stdout` runs the app in `mkdtemp(<tmpdir>/cdk8s-)`; no other mode writes there. */
function isCliTempDir(dir: string): boolean {
  const tmp = fs.realpathSync(os.tmpdir());
  const parent = fs.existsSync(path.dirname(dir)) ? fs.realpathSync(path.dirname(dir)) : path.dirname(dir);
  return parent === tmp && /^cdk8s-[A-Za-z0-9]{6}$/.test(path.basename(dir));
}

/** `output` of the cdk8s.yaml the CLI read (it reads the one in the working directory). */
function configuredOutput(): string | undefined {
  try {
    // Loaded here, not at import: only `cdk8s synth --stdout` needs it, and `yaml` costs every synth ~70 ms to load.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose; this runs in a synchronous synth
    const config = (require('yaml') as typeof import('yaml')).parse(fs.readFileSync('cdk8s.yaml', 'utf8'));
    return typeof config?.output === 'string' ? path.resolve(config.output) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where the copy of the last good output of `folder` is kept: node_modules/.cache, the usual home of
 * tool caches (git-ignored with node_modules), or the temp dir when the project has no node_modules.
 */
export function lastGoodDir(folder: string): string {
  const modules = path.resolve('node_modules');
  const root = fs.existsSync(modules) ? path.join(modules, '.cache', 'cdk8s-patterns',
    'last-good') : path.join(os.tmpdir(), 'cdk8s-patterns-last-good');
  return path.join(root, createHash('sha256').update(path.resolve(folder)).digest('hex').slice(0, 16));
}

/**
 * Keeps a copy of `folder`, replacing the previous copy. Files are hard links where the file system
 * allows: the copy costs no space, and since a link shares the file itself, a file the user changes
 * in place afterwards (its mode, its bytes) is put back as it was when the CLI deleted it.
 */
export function keepLastGood(folder: string): void {
  const keep = lastGoodDir(folder);
  const next = `${keep}.next-${process.pid}`;
  fs.rmSync(next, { recursive: true, force: true });
  mirror(folder, next);
  fs.rmSync(keep, { recursive: true, force: true });
  fs.renameSync(next, keep);
}

/**
 * Puts back the last good copy of `folder`, replacing what is there (the CLI's fresh chart scaffolding
 * in `helm` mode). Returns whether there was a copy to put back.
 */
export function restoreLastGood(folder: string): boolean {
  const keep = lastGoodDir(folder);
  if (!fs.existsSync(keep)) return false;
  const next = `${folder}.restore-${process.pid}`;
  fs.rmSync(next, { recursive: true, force: true });
  mirror(keep, next);
  fs.rmSync(folder, { recursive: true, force: true });
  fs.renameSync(next, folder);
  return true;
}

/** Copies the tree `from` to `to` (which must not exist): folders with their modes, files linked or copied. */
function mirror(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const dest = path.join(to, entry.name);
    if (entry.isDirectory()) {
      mirror(source, dest);
    } else if (entry.isFile()) {
      try {
        fs.linkSync(source, dest);
      } catch {
        // Another file system (EXDEV), or one without links: a copy keeps bytes and mode.
        fs.copyFileSync(source, dest);
        fs.chmodSync(dest, fs.statSync(source).mode & 0o7777);
      }
    } else {
      fs.cpSync(source, dest, { verbatimSymlinks: true });
    }
  }
  fs.chmodSync(to, fs.statSync(from).mode & 0o7777);
}

/**
 * Replaces `target` with `staging`, moved. Two renames, not one: between them `target` is briefly
 * absent, but at no moment is it half written, and a crash leaves the previous copy beside it.
 */
export function publish(staging: string, target: string): void {
  const previous = `${target}.previous-${process.pid}`;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (fs.existsSync(target)) fs.renameSync(target, previous);
  fs.renameSync(staging, target);
  fs.rmSync(previous, { recursive: true, force: true });
}

