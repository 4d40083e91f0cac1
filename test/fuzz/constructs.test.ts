/**
 * Property-based tests of the constructs (issue 12). For generated valid props, the app synthesizes
 * with no error finding on every vendored Kubernetes version and re-synthesizes byte-identically.
 * With exactly one prop made invalid, the result is a PropsError (or synth-time validation error)
 * naming that prop, or an error finding naming that field: never a crash, never silence.
 *
 * `npm test` runs a fixed seed; `npm run fuzz` runs thousands of cases (see ./config.ts).
 */
import { Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { PropsError } from '../../lib';
import { KUBERNETES_VERSIONS, validateManifests } from '../../lib/validation';
import { AppSpec, arbAppSpec, arbPod, arbWebService, buildApp, buildPod, buildWebService, PodSpecSpec, WebServiceSpec } from './app-spec';
import { fuzzParameters } from './config';
import { APP_MUTATORS, Mutator, POD_MUTATORS, WEB_SERVICE_MUTATORS } from './mutators';

interface Scenario<S> {
  readonly name: string;
  readonly arb: fc.Arbitrary<S>;
  readonly build: (chart: Chart, spec: S) => unknown;
  readonly namespace: (spec: S) => string | undefined;
  readonly chartId?: (spec: S) => string;
  readonly mutators: Mutator<S>[];
  /** Cases per property in `npm test`. */
  readonly runs: number;
}

const SCENARIOS: Scenario<any>[] = [
  {
    name: 'RollingDeployment + Service (4 kinds) + RoutingIngress + Gateway/HttpRoute + HPA + PDB + NetworkPolicy + VPA',
    arb: arbAppSpec, build: buildApp, namespace: (s: AppSpec) => s.namespace, chartId: (s: AppSpec) => s.chartId, mutators: APP_MUTATORS, runs: 80,
  } as Scenario<AppSpec>,
  { name: 'WebService', arb: arbWebService, build: buildWebService, namespace: () => 'shop', mutators: WEB_SERVICE_MUTATORS, runs: 25 } as Scenario<WebServiceSpec>,
  { name: 'MultiContainerPod', arb: arbPod, build: buildPod, namespace: () => 'shop', mutators: POD_MUTATORS, runs: 25 } as Scenario<PodSpecSpec>,
];

function newApp<S>(scenario: Scenario<S>, spec: S): { app: ReturnType<typeof Testing.app>; chart: Chart } {
  const app = Testing.app();
  const chart = new Chart(app, scenario.chartId?.(spec) ?? 'test', { namespace: scenario.namespace(spec) });
  scenario.build(chart, spec);
  return { app, chart };
}

// `npm run fuzz` uses a fresh seed: print it, so that a run can be repeated with FUZZ_SEED.
if (process.env.FUZZ_RUNS) {
  beforeAll(() => console.log(`fuzz: seed ${fuzzParameters(80).seed}, ${fuzzParameters(80).numRuns} cases per property of the main scenario`));
}

describe.each(SCENARIOS)('$name', (scenario) => {
  test('valid props: no error finding on any Kubernetes version, and the same bytes twice', () => {
    fc.assert(fc.property(scenario.arb, (spec) => {
      const { app, chart } = newApp(scenario, spec);
      const manifests = Testing.synth(chart);
      for (const version of KUBERNETES_VERSIONS) {
        const errors = validateManifests(manifests, { kubernetesVersions: [version] }).filter((f) => f.severity === 'error');
        expect({ version, errors }).toEqual({ version, errors: [] });
      }
      const first = app.synthYaml();
      expect(app.synthYaml()).toBe(first);
      expect(newApp(scenario, spec).app.synthYaml()).toBe(first);
    }), fuzzParameters(scenario.runs));
  });

  test('one invalid prop: an error that names it, never a crash or silence', () => {
    const arb = fc.tuple(scenario.arb, fc.constantFrom(...scenario.mutators));
    fc.assert(fc.property(arb, ([valid, mutator]) => {
      fc.pre(!mutator.applies || mutator.applies(valid));
      const outcome = outcomeOf(scenario, mutator.mutate(valid));
      if (outcome.kind === 'crash') throw new Error(`${mutator.name}: crashed with ${outcome.text}`);
      if (outcome.kind === 'accepted') throw new Error(`${mutator.name}: silently accepted`);
      if (!mutator.names.test(outcome.text)) throw new Error(`${mutator.name}: the ${outcome.kind} does not name ${mutator.names}:\n${outcome.text}`);
    }), fuzzParameters(scenario.runs));
  });
});

// Every mutator at least once per `npm test`, on the first generated spec it applies to.
describe.each(SCENARIOS)('$name: each mutator once', (scenario) => {
  const samples = fc.sample(scenario.arb, { seed: 12012, numRuns: 60 });
  test.each(scenario.mutators.map((m) => [m.name, m] as const))('%s', (_, mutator) => {
    const valid = samples.find((s) => !mutator.applies || mutator.applies(s));
    if (valid === undefined) throw new Error(`no sample to apply ${mutator.name} to; widen the generator`);
    const outcome = outcomeOf(scenario, mutator.mutate(valid));
    expect(outcome.kind).not.toBe('crash');
    expect(outcome.kind).not.toBe('accepted');
    if (outcome.kind !== 'accepted') expect(outcome.text).toMatch(mutator.names);
  });
});

type Outcome = { kind: 'props-error' | 'synth-error' | 'finding' | 'crash'; text: string } | { kind: 'accepted' };

/** What became of an invalid spec: where it was caught, and the text that must name the prop. */
function outcomeOf<S>(scenario: Scenario<S>, spec: S): Outcome {
  let chart: Chart;
  try {
    chart = newApp(scenario, spec).chart;
  } catch (e) {
    return e instanceof PropsError ? { kind: 'props-error', text: e.message } : { kind: 'crash', text: String((e as Error)?.stack ?? e) };
  }
  let manifests: any[];
  try {
    manifests = Testing.synth(chart);
  } catch (e) {
    const message = String((e as Error)?.message ?? e);
    // cdk8s reports failed validations (prop errors of collect mode, manifest findings) this way.
    return message.startsWith('Validation failed') ? { kind: 'synth-error', text: message } : { kind: 'crash', text: String((e as Error)?.stack ?? e) };
  }
  const errors = validateManifests(manifests).filter((f) => f.severity === 'error');
  return errors.length > 0 ? { kind: 'finding', text: errors.map((f) => `${f.object} ${f.path}: ${f.message}`).join('\n') } : { kind: 'accepted' };
}
