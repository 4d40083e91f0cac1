import { createHash } from 'crypto';
import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { KubernetesWindow } from '../kubernetes-version';
import type { Finding } from '../validation';
import { checkOnce, constructsBelow, inSynthSessionNow, objectJson } from './synth';

/**
 * Context key: set to `false` to skip the manifest check that every chart using this library runs
 * at synth (for benchmarks, or apps that validate their output another way).
 */
export const VALIDATE_MANIFESTS_CONTEXT = 'cdk8s-patterns:validateManifests';

const registered = new WeakSet<Chart>();
/**
 * The last check of each chart, by a hash of its manifests. `App.synth()` runs every construct
 * validation once, then again for each chart it writes (1 + charts times in all), and the
 * manifests do not change in between: the same manifests get the same answer without a second
 * `validateManifests` (measured: the example app's 2 charts went from 6 calls to 2).
 */
const lastCheck = new WeakMap<Chart, { readonly hash: string; readonly messages: string[] }>();
/**
 * Makes the chart of `scope` check its own manifests when it is synthesized, through cdk8s's own
 * construct validations (so `cdk8s synth`, `app.synth()` and `Testing.synth` all run it). Called by
 * every construct of this library, so any chart that uses one is checked; the first call per chart
 * registers the check.
 */
export function validateChartAtSynth(scope: IConstruct): void {
  const chart = Chart.of(scope);
  if (registered.has(chart)) return;
  registered.add(chart);
  chart.node.addValidation({
    validate: () => {
      if (chart.node.tryGetContext(VALIDATE_MANIFESTS_CONTEXT) === false) return [];
      // A construct that already failed (a bad prop in collect mode, a route with no rules) still
      // writes its objects; checking them would bury its message under findings that repeat it.
      const others = constructsBelow(chart).filter((c) => c !== chart && Chart.of(c) === chart);
      if (others.some((c) => c.node.validate().length > 0)) return [];
      // Loaded on first synth, not at import: ajv and the schemas are only needed here.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose; a chart validation is synchronous, so no import()
      const { validateManifests } = require('../validation') as typeof import('../validation');
      const manifests = chartManifests(chart);
      const check = (): string[] => nameDuplicateConstructs(checkOnce(validateManifests, manifests, { window: KubernetesWindow.of(chart) }), [chart])
        .filter((f) => f.severity === 'error')
        .map((f) => `${f.object} ${f.path ? `${f.path}: ` : ''}${f.message} [${f.rule}]`);
      // SafeApp runs one validation pass per synth, and its objects do not change meanwhile.
      if (inSynthSessionNow()) return check();
      const hash = createHash('sha1').update(JSON.stringify(manifests)).digest('hex');
      const last = lastCheck.get(chart);
      if (last?.hash === hash) return [...last.messages];
      const messages = check();
      lastCheck.set(chart, { hash, messages });
      return [...messages];
    },
  });
}

/**
 * The chart's objects as JSON. `chart.toJson()` would run the app's validations again (and so this
 * one, recursively); each ApiObject's own `toJson()` resolves it, patches included, without that.
 * Under SafeApp's synth each object's JSON is built once, and the same JSON is written.
 */
export function chartManifests(chart: Chart): any[] {
  return constructsBelow(chart)
    .filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === chart)
    .map(objectJson);
}

/**
 * Names the constructs behind each `duplicate-object` finding: the validator sees only manifests, the
 * app knows which ApiObject wrote each one. `Deployment/shop/web is defined twice (by shop/web and
 * shop-again/web); ...`. Findings of other rules pass through unchanged.
 */
export function nameDuplicateConstructs(findings: Finding[], charts: readonly Chart[],
  options: { readonly defaultNamespace?: string } = {}): Finding[] {
  if (!findings.some((f) => f.rule === 'duplicate-object')) return findings;
  const paths = new Map<string, string[]>();
  for (const chart of charts) {
    for (const object of chart.node.findAll()) {
      if (!ApiObject.isApiObject(object) || Chart.of(object) !== chart) continue;
      const name = object.metadata.name;
      const namespace = object.metadata.namespace ?? options.defaultNamespace ?? 'default';
      // The validator ids cluster-scoped objects without a namespace; either key finds the object.
      for (const id of new Set([`${object.kind}/${namespace}/${name}`, `${object.kind}/${name}`])) {
        paths.set(id, [...paths.get(id) ?? [], constructPath(object)]);
      }
    }
  }
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const found = paths.get(f.object);
    if (f.rule !== 'duplicate-object' || !found || found.length < 2) return f;
    // The validator reports the second, third... object against the first one.
    const nth = (seen.get(f.object) ?? 0) + 1;
    seen.set(f.object, nth);
    const by = `by ${found[0]} and ${found[Math.min(nth, found.length - 1)]}`;
    return { ...f,
      message: f.message.replace(/ is defined twice( \(([^)]*)\))?;/,
        (_m, _g, versions) => ` is defined twice (${versions ? `${versions}, ` : ''}${by});`) };
  });
}

/** The path users wrote: `shop/web`, not the `shop/web/Resource` of the ApiObject a construct wraps. */
function constructPath(object: ApiObject): string {
  return object.node.path.replace(/\/(Resource|Default)$/, '');
}
