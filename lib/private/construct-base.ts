/*
 * What every construct of the library shares: its prop problems (collected, then thrown or, in collect
 * mode, reported at synth), its synth-time checks, and its chart's manifest check. A construct checks
 * its props first (pure functions adding to a `Problems`), reports them once, then renders.
 */
import { Construct, IConstruct } from 'constructs';
import { COLLECT_ERRORS_CONTEXT, Problem, PropsError } from '../errors';
import type { Violation } from '../rules/violation';
import { validateChartAtSynth } from './chart-validation';

/** Rule id of a prop problem that no rule of the catalogue names. */
export const PROPS_RULE = 'props';

/** A prop problem before it is located at a construct. */
export interface PropProblem {
  readonly prop: string;
  readonly value: unknown;
  readonly rule: string;
  readonly message: string;
  readonly fix: string;
}

/**
 * The prop problems of one check. Every message has the shape `[<construct path>] <prop> (<value>) <message>; <fix>`.
 * It has no side effect: constructing one neither reports nor registers anything.
 */
export class Problems {
  private readonly found: PropProblem[] = [];

  /** `scope` is where `report()` locates the problems; the checks themselves never need it. */
  constructor(private readonly scope?: IConstruct) {}

  public get isEmpty(): boolean {
    return this.found.length === 0;
  }

  public get list(): readonly PropProblem[] {
    return this.found;
  }

  /** Adds a problem: `message` follows the quoted value, `fix` says what to do. */
  public add(prop: string, value: unknown, message: string, fix: string, rule: string = PROPS_RULE): void {
    this.found.push({ prop, value, rule, message, fix });
  }

  /**
   * Adds what a rule of the catalogue found (if anything) at `prop`; returns whether the value passed.
   * A string `hint` says where else the value can be changed, in parentheses after the rule's fix;
   * `{ fix }` replaces the rule's fix with one in the prop's own terms.
   */
  public check(prop: string, value: unknown, violation: Violation | undefined, hint?: string | { readonly fix: string }): boolean {
    if (!violation) return true;
    const fix = hint === undefined ? violation.fix : typeof hint === 'string' ? `${violation.fix} (${hint})` : hint.fix;
    this.add(prop, value, violation.message, fix, violation.rule);
    return false;
  }

  /**
   * Runs `check` and returns whether it added no problem. In collect mode a construct goes on after a
   * bad prop; this is how it asks whether a part is sound enough to render, without threading flags.
   */
  public passes(check: () => unknown): boolean {
    const before = this.found.length;
    check();
    return this.found.length === before;
  }

  /** Throws now, or in collect mode reports the problems at synth; see `reportProblems`. */
  public report(scope: IConstruct | undefined = this.scope): void {
    if (this.found.length === 0) return;
    if (!scope) throw new Error('Problems.report needs the construct the problems belong to');
    const found = this.found.splice(0);
    reportProblems(scope, found);
  }
}

/** One line of a prop problem, without the construct path (which cdk8s prefixes to validation messages itself). */
function propLine(p: PropProblem): string {
  return `${p.prop} (${show(p.value)}) ${p.message}; ${p.fix}`;
}

function locate(scope: IConstruct | undefined, p: PropProblem): Problem {
  const constructPath = scope?.node.path;
  const text = constructPath === undefined ? propLine(p) : `[${constructPath}] ${propLine(p)}`;
  return { source: 'props', severity: 'error', constructPath, ...p, text };
}

/** A `PropsError` for one problem outside a constructor (a static factory); `scope` when there is a construct to name. */
export function propsError(scope: IConstruct | undefined, prop: string, value: unknown, message: string, fix: string, rule = PROPS_RULE): PropsError {
  return new PropsError([locate(scope, { prop, value, rule, message, fix })]);
}

/** Located problems of each construct, by check: a synth-time check replaces its own entry each time it runs. */
const recorded = new WeakMap<IConstruct, Map<object, readonly Problem[]>>();

function record(scope: IConstruct, key: object, problems: readonly Problem[]): void {
  const byCheck = recorded.get(scope) ?? new Map<object, readonly Problem[]>();
  byCheck.set(key, problems);
  recorded.set(scope, byCheck);
}

/** The prop problems that `root` and the constructs under it reported at synth (collect mode and deferred checks). */
export function collectedProblems(root: IConstruct): Problem[] {
  return root.node.findAll().flatMap((c) => [...(recorded.get(c)?.values() ?? [])].flat());
}

export function isCollectMode(scope: IConstruct): boolean {
  return !!scope.node.tryGetContext(COLLECT_ERRORS_CONTEXT);
}

/**
 * The one place collect mode lives: throws a `PropsError` now, or, with `COLLECT_ERRORS_CONTEXT` set,
 * reports the problems when the app is synthesized.
 */
export function reportProblems(scope: IConstruct, problems: readonly PropProblem[]): void {
  if (problems.length === 0) return;
  const located = problems.map((p) => locate(scope, p));
  if (!isCollectMode(scope)) throw new PropsError(located);
  const key = {};
  record(scope, key, located);
  scope.node.addValidation({ validate: () => problems.map(propLine) });
}

/**
 * Runs the pure prop checks of `check`, reports what they found at `scope` (thrown, or at synth in collect mode),
 * and returns its result: `PatternConstruct.checkProps`, for helpers that check on behalf of a construct.
 */
export function checkAt<T>(scope: IConstruct, check: (problems: Problems) => T, problems: Problems = new Problems(scope)): T {
  const result = check(problems);
  problems.report(scope);
  return result;
}

/**
 * A check that can only run at synth (a route that was never added, a budget that depends on replicas
 * set later). Its problems read like prop problems, are located at `scope`, and reach `SynthError.problems`.
 */
export function addDeferredCheck(scope: IConstruct, check: (problems: Problems) => void): void {
  const key = {};
  scope.node.addValidation({
    validate: () => {
      const problems = new Problems(scope);
      check(problems);
      record(scope, key, problems.list.map((p) => locate(scope, p)));
      return problems.list.map(propLine);
    },
  });
}

/** Quotes a prop value for a message: strings in double quotes, durations in seconds, the rest as JSON. */
export function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && value !== null && typeof (value as any).toSeconds === 'function') {
    return `${(value as any).toSeconds({ integral: false })}s`;
  }
  return JSON.stringify(value);
}

/**
 * The base of every construct of the library: signs its chart up for the synth-time manifest check,
 * and gives it one way to check props and to add synth-time checks.
 */
export abstract class PatternConstruct extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    validateChartAtSynth(this);
  }

  /**
   * @internal Runs the pure prop checks of `check`, reports what they found (thrown, or at synth in collect mode), and returns its result.
   * `problems` may already hold what a base class found, to be reported with the rest.
   */
  protected checkProps<T>(check: (problems: Problems) => T, problems: Problems = new Problems(this)): T {
    return checkAt(this, check, problems);
  }

  /** @internal Registers a check that can only run at synth; its problems read and travel like prop problems. */
  protected addDeferredCheck(check: (problems: Problems) => void): void {
    addDeferredCheck(this, check);
  }
}
