import { App, AppProps, Chart } from 'cdk8s';
import * as fs from 'fs';
import * as path from 'path';
import { COLLECT_ERRORS_CONTEXT, findingProblem, SynthError } from './errors';
import { KubernetesWindow } from './kubernetes-version';
import { chartManifests } from './private/chart-validation';
import { collectedProblems } from './private/construct-base';
import type { ValidateOptions } from './validation';

/** Also importable from here, where it used to live. */
export { SynthError } from './errors';

export interface SafeAppProps extends Omit<AppProps, 'outdir'> {
  /**
   * Where the manifests end up. It is replaced as a whole, and only after a synth succeeded and
   * passed every check: a failed synth leaves the previous output exactly as it was.
   * @default 'dist'
   */
  readonly outdir?: string;
  /**
   * Report every invalid prop of every construct in one synth, instead of throwing at the first.
   * @default true
   */
  readonly collectErrors?: boolean;
  /**
   * Options of the app-wide manifest check (`validateManifests`) run before publishing; `false` skips it.
   * Each chart's own check at synth is separate: see `VALIDATE_MANIFESTS_CONTEXT`.
   * @default - the app's Kubernetes window (`KubernetesWindow.of(app)`), Pod Security `restricted`
   */
  readonly validation?: ValidateOptions | false;
}

/**
 * A cdk8s `App` whose synth never costs the user their manifests.
 *
 * It synthesizes into a staging folder, checks all charts' objects together (which also catches
 * clashes between charts: two objects with one name, two Ingresses claiming one host and path),
 * and only then swaps the staging copy in for `outdir`. Under `cdk8s synth`, point `output` in
 * cdk8s.yaml at a staging folder (this repo uses `.cdk8s.out`): the CLI deletes its output folder
 * before running the app, so it must not be `outdir`.
 */
export class SafeApp extends App {
  /** The folder the manifests are published to. */
  public readonly publishDir: string;
  private readonly validation: ValidateOptions | false;
  private readonly ownStaging: boolean;

  constructor(props: SafeAppProps = {}) {
    const publishDir = path.resolve(props.outdir ?? 'dist');
    const cliOutdir = process.env.CDK8S_OUTDIR && path.resolve(process.env.CDK8S_OUTDIR);
    // Our own staging folder sits beside outdir, so the final copy stays on one file system;
    // cdk8s creates it at synth.
    const ownStaging = path.join(path.dirname(publishDir), `.${path.basename(publishDir)}.staging-${process.pid}`);
    super({ ...props, outdir: cliOutdir && cliOutdir !== publishDir ? cliOutdir : ownStaging });
    this.publishDir = publishDir;
    this.ownStaging = this.outdir === ownStaging;
    this.validation = props.validation ?? {};
    if (props.collectErrors ?? true) this.node.setContext(COLLECT_ERRORS_CONTEXT, true);
  }

  /**
   * Synthesizes, checks and publishes. Throws `SynthError` with the full report, leaving
   * `publishDir` untouched, when any construct or manifest check fails.
   */
  public synth(): void {
    try {
      this.synthAndCheck();
      publish(this.outdir, this.publishDir);
    } finally {
      if (this.ownStaging) fs.rmSync(this.outdir, { recursive: true, force: true });
    }
  }

  private synthAndCheck(): void {
    if (this.ownStaging) fs.rmSync(this.outdir, { recursive: true, force: true });
    try {
      super.synth();
    } catch (e) {
      // In collect mode the constructs' problems were reported through cdk8s validations, as text; the data is kept aside.
      throw new SynthError((e as Error).message, collectedProblems(this));
    }
    if (this.validation !== false) {
      // Loaded here, not at import: an app that never synthesizes needs no schemas.
      const { validateManifests, formatFindings } = require('./validation') as typeof import('./validation');
      const charts = this.node.findAll().filter((c): c is Chart => Chart.isChart(c));
      // The app's window, unless the options pin versions of their own (which then span the window).
      const window = this.validation.kubernetesVersions ? undefined : KubernetesWindow.of(this);
      const findings = validateManifests(charts.flatMap(chartManifests), { window, ...this.validation });
      const errors = findings.filter((f) => f.severity === 'error');
      if (errors.length > 0) {
        throw new SynthError(`Manifest checks failed; ${this.publishDir} was left as it was:\n${formatFindings(errors)}`, errors.map(findingProblem));
      }
      const warnings = findings.filter((f) => f.severity === 'warning');
      if (warnings.length > 0) console.warn(formatFindings(warnings));
    }
  }
}

/**
 * Replaces `target` with a copy of `staging`. Two renames, not one: between them `target` is briefly
 * absent, but at no moment is it half written, and a crash leaves the previous copy beside it.
 */
function publish(staging: string, target: string): void {
  const next = `${target}.next-${process.pid}`;
  const previous = `${target}.previous-${process.pid}`;
  fs.rmSync(next, { recursive: true, force: true });
  fs.cpSync(staging, next, { recursive: true });
  if (fs.existsSync(target)) fs.renameSync(target, previous);
  fs.renameSync(next, target);
  fs.rmSync(previous, { recursive: true, force: true });
}
