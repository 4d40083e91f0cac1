import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, DependencyGraph, Names, YamlOutputType } from 'cdk8s';
import { IConstruct } from 'constructs';
import { apiObjectJson } from './object-json';
import { stringifyManifests } from './yaml-writer';
import type { Finding, ValidateOptions, validateManifests } from '../validation';

/*
 * `App.synth()` of cdk8s 2.70 (node_modules/cdk8s/lib/app.js), step for step, with two changes that
 * make it cheaper and leave its output byte for byte the same:
 * - each object's JSON is built once per synth (`objectJson`) and shared by the manifest checks and
 *   the writer; cdk8s builds it again for every validation pass (1 + one per chart) and to write it;
 * - YAML is written by yaml-writer.ts, which writes cdk8s's bytes several times faster.
 * Only public cdk8s API is used; test/app-output.test.ts compares the result with cdk8s's own synth.
 */

interface Session {
  readonly json: WeakMap<ApiObject, any>;
  /** `findAll()` of the constructs the synth walks (the app, each chart): the tree does not change meanwhile. */
  readonly below: WeakMap<IConstruct, IConstruct[]>;
  /** The last manifest check: the charts' checks and the app's check of one chart are the same call. */
  lastCheck?: { readonly manifests: readonly any[]; readonly options: string; readonly findings: Finding[] };
}

let session: Session | undefined;

/**
 * Runs `fn` as one synth: while it runs, `objectJson` builds each object's JSON once. Constructs must
 * not change meanwhile, which holds between the first construct validation and the last file written.
 */
export function inSynthSession<T>(fn: () => T): T {
  const outer = session;
  session ??= { json: new WeakMap(), below: new WeakMap() };
  try {
    return fn();
  } finally {
    session = outer;
  }
}

export function inSynthSessionNow(): boolean {
  return session !== undefined;
}

/** `root.node.findAll()`: a synth walks the app and each chart several times; in a synth session, once. */
export function constructsBelow(root: IConstruct): IConstruct[] {
  if (!session) return root.node.findAll();
  let all = session.below.get(root);
  if (!all) {
    all = root.node.findAll();
    session.below.set(root, all);
  }
  return all;
}

/** The object's manifest, as `toJson()` makes it; built once per synth session. */
export function objectJson(object: ApiObject): any {
  if (!session) return apiObjectJson(object);
  let json = session.json.get(object);
  if (json === undefined) {
    json = apiObjectJson(object);
    session.json.set(object, json);
  }
  return json;
}

/**
 * `validateManifests(manifests, options)`, answered from the last call of this synth when that had the
 * same objects and options: an app of one chart is checked by its chart and by SafeApp alike.
 */
export function checkOnce(validate: typeof validateManifests, manifests: any[], options: ValidateOptions): Finding[] {
  const key = JSON.stringify(options);
  const last = session?.lastCheck;
  if (last && last.options === key && last.manifests.length === manifests.length && last.manifests.every((m, i) => m === manifests[i])) {
    return last.findings;
  }
  const findings = validate(manifests, options);
  if (session) session.lastCheck = { manifests, options: key, findings };
  return findings;
}

/** cdk8s's `validate(app)`: every construct's validations, one error per line, prefixed with its path. */
export function validateConstructs(app: App): void {
  const errors: string[] = [];
  for (const child of constructsBelow(app)) {
    for (const error of child.node.validate()) errors.push(`[${child.node.path}] ${error}`);
  }
  if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
}

/** cdk8s's `resolveDependencies(app)`: chart and object dependencies from construct dependencies; whether charts depend on each other. */
export function resolveDependencies(app: App): boolean {
  const all = constructsBelow(app);
  let dependantCharts = false;
  for (const parent of all.filter(Chart.isChart)) {
    for (const child of parent.node.children.filter(Chart.isChart)) {
      parent.node.addDependency(child);
      dependantCharts = true;
    }
  }
  const dependencies = (): { source: IConstruct; target: IConstruct }[] =>
    all.flatMap((source) => source.node.dependencies.map((target) => ({ source, target })));
  for (const { source, target } of dependencies()) {
    if (Chart.of(source) !== Chart.of(target)) {
      Chart.of(source).node.addDependency(Chart.of(target));
      dependantCharts = true;
    }
  }
  for (const { source, target } of dependencies()) {
    const targetChart = Chart.of(target);
    const sourceChart = Chart.of(source);
    const targets = target.node.findAll().filter((c) => ApiObject.isApiObject(c) && Chart.of(c) === targetChart);
    const sources = source.node.findAll().filter((c) => ApiObject.isApiObject(c) && Chart.of(c) === sourceChart);
    for (const t of targets) for (const s of sources) if (t !== s) s.node.addDependency(t);
  }
  return dependantCharts;
}

/**
 * `new DependencyGraph(root.node).topology()`. When no construct below `root` depends on another (the library's
 * constructs add no dependencies; an app may), the graph has no edges, and its topology is every construct in the
 * order of the object it keys them in by path: `findAll()` order, except that paths which read as array indices come
 * first, in numeric order. Only the root of the tree and the constructs directly below it can have such a path (a
 * chart `"2"` of an app; deeper ones have a '/'). That order is returned without building the graph, which costs two
 * Sets and a path per construct (~70 ms for the 9 000 constructs of 1 000 web services).
 */
function topology(root: IConstruct): IConstruct[] {
  const all = constructsBelow(root);
  if (all.some((c) => c.node.dependencies.length > 0)) return new DependencyGraph(root.node).topology();
  if (root.node.scope !== undefined) return all;
  const indexLike = all.filter((c) => (c === root || c.node.scope === root) && isArrayIndex(c.node.path));
  if (indexLike.length === 0) return all;
  return [...indexLike.sort((a, b) => Number(a.node.id) - Number(b.node.id)), ...all.filter((c) => !indexLike.includes(c))];
}

/** A property key that JavaScript objects order first, numerically. */
function isArrayIndex(key: string): boolean {
  return /^(0|[1-9][0-9]*)$/.test(key) && Number(key) < 4294967295;
}

/** cdk8s's `app.charts`: every chart of the app, dependencies first. */
export function appCharts(app: App): Chart[] {
  return topology(app).filter((c): c is Chart => c instanceof Chart);
}

/** cdk8s's `chartToKube(chart)`: the chart's own objects, dependencies first. */
export function chartObjects(chart: Chart): ApiObject[] {
  return topology(chart).filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === chart);
}

/** A chart's manifests as `chart.toJson()` returns them, without its second validation pass (unless a subclass overrides it). */
export function chartJson(chart: Chart): any[] {
  if (chart.toJson !== Chart.prototype.toJson) return chart.toJson();
  return chartObjects(chart).map(objectJson);
}

/** Writes the charts' manifests as `App.synth()` does, for each `YamlOutputType`, plus the construct metadata if asked. */
export function writeManifests(app: App, charts: readonly Chart[], dependantCharts: boolean, recordConstructMetadata: boolean): void {
  fs.mkdirSync(app.outdir, { recursive: true });
  const save = (file: string, docs: unknown[]): void => fs.writeFileSync(file, stringifyManifests(docs), { encoding: 'utf8' });
  const fileName = (kind: string, name: string | undefined): string => `${kind}.${name}`.replace(/[^0-9a-zA-Z-_.]/g, '') + app.outputFileExtension;
  const chartName = (chart: Chart, index: number): string => (dependantCharts ? `${String(index).padStart(4, '0')}-` : '') + Names.toDnsLabel(chart);
  switch (app.yamlOutputType) {
    case YamlOutputType.FILE_PER_APP:
      if (charts.length > 0) save(path.join(app.outdir, `app${app.outputFileExtension}`), charts.flatMap(chartJson));
      break;
    case YamlOutputType.FILE_PER_CHART:
      charts.forEach((chart, i) => save(path.join(app.outdir, chartName(chart, i) + app.outputFileExtension), chartJson(chart)));
      break;
    case YamlOutputType.FILE_PER_RESOURCE:
      for (const json of charts.flatMap(chartJson)) {
        if (json !== undefined) save(path.join(app.outdir, fileName(json.kind, json.metadata.name)), [json]);
      }
      break;
    case YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE:
      charts.forEach((chart, i) => {
        const folder = path.join(app.outdir, chartName(chart, i));
        fs.mkdirSync(folder, { recursive: true });
        for (const object of chartObjects(chart)) save(path.join(folder, fileName(object.kind, object.metadata.name)), [objectJson(object)]);
      });
      break;
    default:
      break;
  }
  if (recordConstructMetadata) {
    const resources: Record<string, { path: string }> = {};
    for (const object of charts.flatMap(chartObjects)) resources[object.name] = { path: object.node.path };
    fs.writeFileSync(path.join(app.outdir, 'construct-metadata.json'), JSON.stringify({ version: '1.0.0', resources }));
  }
}
