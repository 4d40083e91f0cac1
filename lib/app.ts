import { App, AppProps, Chart, YamlOutputType } from 'cdk8s';
import * as fs from 'fs';
import * as path from 'path';
import { KubernetesWindow } from './kubernetes-version';
import { inspect } from 'util';
import { COLLECT_ERRORS_CONTEXT, findingProblem, SynthError } from './errors';
import { chartManifests, nameDuplicateConstructs } from './private/chart-validation';
import { collectedProblems } from './private/construct-base';
import { appCharts, checkOnce, constructsBelow, inSynthSession, resolveDependencies, validateConstructs, writeManifests } from './private/synth';
import { keepLastGood, OutputPlan, outputPlan, publish, restoreLastGood } from './private/cli-output';
import type { ValidateOptions } from './validation';

/** Also importable from here, where it used to live. */
export { SynthError } from './errors';

export interface SafeAppProps extends Omit<AppProps, 'outdir'> {
  /**
   * Where the manifests end up when the app runs on its own (`node main.ts`). Under `cdk8s synth` the
   * CLI decides: `output` of cdk8s.yaml, `-o`, the chart's `templates/` with `--format helm`, or its
   * temp folder with `--stdout`. The folder is replaced as a whole, and only after a synth succeeded
   * and passed every check: a failed synth leaves the previous output as it was.
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
 * A cdk8s `App` whose synth never costs the user their manifests, under every mode of `cdk8s synth`.
 *
 * It synthesizes into a staging folder of its own, checks all charts' objects together (which also
 * catches clashes between charts: two objects with one name, two Ingresses claiming one host and path),
 * and only then moves the staging copy in for the output folder. The CLI deletes its output folder
 * before it runs the app, so after each good synth the app keeps a copy of the output (in
 * node_modules/.cache/cdk8s-patterns) and puts it back when a synth fails. See docs/cli.md.
 *
 * A failed `synth()` throws `SynthError`; left uncaught, it prints its report alone (no stack trace
 * unless `DEBUG` is set) and the process exits with code 1.
 *
 * It writes the same files as `App.synth()`, byte for byte, at a fraction of the cost: each object's
 * JSON is built once and shared by every check and the writer (see docs/performance.md).
 */
export class SafeApp extends App {
  /** The folder the manifests are published to. */
  public readonly publishDir: string;
  private readonly validation: ValidateOptions | false;
  private readonly plan: OutputPlan;
  private readonly recordMetadata: boolean;

  constructor(props: SafeAppProps = {}) {
    const plan = outputPlan(path.resolve(props.outdir ?? 'dist'));
    // Beside the output, so that the final move stays on one file system.
    const staging = path.join(path.dirname(plan.output), `.${path.basename(plan.output)}.staging-${process.pid}`);
    // The CLI pipes every file of --stdout to stdout at once, with no `---` between them: two files would
    // print as one broken YAML document. One file holds every chart, in order.
    const yamlOutputType = plan.mode === 'stdout' ? YamlOutputType.FILE_PER_APP : props.yamlOutputType;
    super({ ...props, outdir: staging, yamlOutputType });
    this.plan = plan;
    this.publishDir = plan.target;
    this.validation = props.validation ?? {};
    // As App does; its own field is private.
    this.recordMetadata = props.recordConstructMetadata ?? process.env.CDK8S_RECORD_CONSTRUCT_METADATA === 'true';
    if (props.collectErrors ?? true) this.node.setContext(COLLECT_ERRORS_CONTEXT, true);
    if (props.outdir !== undefined && plan.mode !== 'app' && path.resolve(props.outdir) !== plan.output) {
      console.warn(`SafeApp: cdk8s synth writes to ${path.relative(process.cwd(), plan.output) || '.'}; outdir (${JSON.stringify(props.outdir)}) `
        + 'applies only when the app runs on its own');
    }
  }

  /**
   * Synthesizes, checks and publishes. Throws `SynthError` with the full report when any construct or
   * manifest check fails, leaving the previous output (or putting it back, under the CLI).
   */
  public synth(): void {
    try {
      this.synthAndCheck();
      publish(this.outdir, this.plan.target);
    } catch (e) {
      const note = this.putBackOutput();
      if (!(e instanceof SynthError)) throw e;
      reportWhenUncaught();
      throw note ? new SynthError(`${e.message}\n${note}`, e.problems) : e;
    } finally {
      fs.rmSync(this.outdir, { recursive: true, force: true });
      if (this.plan.deletedByCli && !fs.existsSync(this.plan.deletedByCli)) restoreLastGood(this.plan.deletedByCli);
    }
    // --stdout's folder is the CLI's temp folder, deleted after printing: nothing to keep.
    if (this.plan.mode === 'stdout') return;
    try {
      keepLastGood(this.plan.output);
    } catch (e) {
      // The synth itself succeeded; only a later failed synth under the CLI will miss this copy.
      console.warn(`SafeApp: could not keep a copy of ${this.plan.output} to put back after a failed synth: ${(e as Error).message}`);
    }
  }

  /**
   * What `App.synth()` does (lib/private/synth.ts), in one synth session: each object's JSON is built
   * once, checked by its chart and by the app, and written by the faster YAML writer, after the checks.
   */
  private synthAndCheck(): void {
    fs.rmSync(this.outdir, { recursive: true, force: true });
    inSynthSession(() => {
      let charts: Chart[];
      let dependantCharts: boolean;
      try {
        validateConstructs(this);
        dependantCharts = resolveDependencies(this);
        charts = appCharts(this);
      } catch (e) {
        // In collect mode the constructs' problems were reported through cdk8s validations, as text; the data is kept aside.
        throw new SynthError((e as Error).message, collectedProblems(this));
      }
      if (this.validation !== false) this.checkManifests(this.validation);
      try {
        writeManifests(this, charts, dependantCharts, this.recordMetadata);
      } catch (e) {
        throw new SynthError((e as Error).message);
      }
    });
  }

  private checkManifests(validation: ValidateOptions): void {
    // Loaded here, not at import: an app that never synthesizes needs no schemas.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose (see above); import() would make synth async
    const { validateManifests, formatFindings } = require('./validation') as typeof import('./validation');
    // The app's window, unless the options pin versions of their own (which then span the window).
    const window = validation.kubernetesVersions ? undefined : KubernetesWindow.of(this);
    const charts = constructsBelow(this).filter((c): c is Chart => Chart.isChart(c));
    const findings = nameDuplicateConstructs(
      checkOnce(validateManifests, charts.flatMap(chartManifests), { window, ...validation }), charts, validation,
    );
    const errors = findings.filter((f) => f.severity === 'error');
    if (errors.length > 0) {
      const where = this.plan.mode === 'app' ? `${this.publishDir} was left as it was` : 'nothing was published';
      throw new SynthError(`Manifest checks failed; ${where}:\n${formatFindings(errors)}`, errors.map(findingProblem));
    }
    const warnings = findings.filter((f) => f.severity === 'warning');
    if (warnings.length > 0) console.warn(formatFindings(warnings));
  }

  /** Under `cdk8s synth`, puts back the output the CLI deleted; says what happened, for the report. */
  private putBackOutput(): string | undefined {
    const { mode, output } = this.plan;
    if (mode !== 'plain' && mode !== 'helm') return undefined;
    const shown = path.relative(process.cwd(), output) || output;
    if (restoreLastGood(output)) return `${shown} is back as the last good synth left it (cdk8s synth deletes it before the app runs)`;
    // Without a copy, the CLI's fresh scaffolding would be a chart with no templates.
    if (mode === 'helm') fs.rmSync(output, { recursive: true, force: true });
    return `cdk8s synth deleted ${shown} before the app ran, and no earlier good synth was kept to put back`;
  }
}

let reporting = false;
/**
 * Makes a `SynthError` that nobody catches print its report alone and exit 1, instead of Node's stack
 * trace: user code needs no try/catch. The listener lives only until the next turn of the event loop,
 * after both an uncaught throw and an unhandled rejection (of an async main) are reported, so an error
 * the caller catches leaves no trace.
 */
function reportWhenUncaught(): void {
  if (reporting) return;
  reporting = true;
  const listener = (error: unknown): void => {
    // Not ours, or DEBUG: what Node itself would have printed, minus the source line.
    console.error(error instanceof SynthError && !process.env.DEBUG ? error.message : inspect(error));
    // Node exits on an uncaught error; so does this (stderr writes are synchronous on pipes and files).
    process.exit(1);
  };
  process.once('uncaughtException', listener);
  setImmediate(() => {
    process.removeListener('uncaughtException', listener);
    reporting = false;
  }).unref();
}
