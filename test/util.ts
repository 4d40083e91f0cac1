import { Chart, Testing } from 'cdk8s';
import { VALIDATE_MANIFESTS_CONTEXT } from '../lib/private/chart-validation';
import { PropsError } from '../lib/private/errors';

/** A fresh app and chart, named `test`, as every test's starting point. */
export function newChart(props: { namespace?: string; validateManifests?: boolean } = {}): Chart {
  const app = Testing.app();
  // Off only for tests about the YAML of settings no Pod Security level allows (privileged, ...).
  if (props.validateManifests === false) app.node.setContext(VALIDATE_MANIFESTS_CONTEXT, false);
  return new Chart(app, 'test', { namespace: props.namespace });
}

/** Synthesizes the chart the same way `cdk8s synth` does (validations included). */
export function synth(chart: Chart): any[] {
  return Testing.synth(chart);
}

/** The one manifest of `kind` named `name`; fails loudly when it is missing or not unique. */
export function find(manifests: any[], kind: string, name: string): any {
  const hits = manifests.filter((m) => m.kind === kind && m.metadata?.name === name);
  if (hits.length !== 1) {
    const have = manifests.map((m) => `${m.kind}/${m.metadata?.name}`).join(', ');
    throw new Error(`expected exactly one ${kind}/${name}, found ${hits.length} among: ${have}`);
  }
  return hits[0];
}

export function byKind(manifests: any[], kind: string): any[] {
  return manifests.filter((m) => m.kind === kind);
}

/** A container of a pod spec, by name. */
export function container(podSpec: any, name: string): any {
  const hit = (podSpec.containers ?? []).find((c: any) => c.name === name);
  if (!hit) throw new Error(`no container named ${name}`);
  return hit;
}

/** The message of the PropsError that `fn` throws; fails when it throws nothing or something else. */
export function propsErrorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PropsError);
    return (e as Error).message;
  }
  throw new Error('expected a PropsError, but nothing was thrown');
}
