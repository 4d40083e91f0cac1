import { IConstruct } from 'constructs';
import { validateChartAtSynth } from './chart-validation';

/**
 * Context key that switches prop errors from "throw in the constructor" to "report at synth".
 *
 * Throwing at construction points the user at the line that caused it, which is what tests want.
 * An app entry point (see `main.ts`) sets this so that one `cdk8s synth` reports every problem in
 * the app at once instead of stopping at the first construct.
 */
export const COLLECT_ERRORS_CONTEXT = 'cdk8s-patterns:collectErrors';

/** One or more invalid props of one construct. The message lists each on its own line. */
export class PropsError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'PropsError';
    // Node prints an uncaught error's own enumerable properties: the message already lists these.
    Object.defineProperty(this, 'problems', { enumerable: false });
  }
}

/**
 * Gathers the prop problems of one construct so that all of them are reported together.
 * Every message has the shape `[<construct path>] <prop> (<value>) <rule>; <fix>`.
 */
export class Problems {
  private readonly found: string[] = [];

  constructor(private readonly scope: IConstruct) {
    // Every construct of the library checks its props here, so this is also where its chart is
    // signed up for the synth-time manifest check.
    validateChartAtSynth(scope);
  }

  public get isEmpty(): boolean {
    return this.found.length === 0;
  }

  public add(prop: string, value: unknown, rule: string, fix: string): void {
    this.found.push(`${prop} (${show(value)}) ${rule}; ${fix}`);
  }

  /** Throws now, or in collect mode registers the problems as a synth-time validation. */
  public report(): void {
    if (this.found.length === 0) return;
    const found = [...this.found];
    this.found.length = 0;
    if (this.scope.node.tryGetContext(COLLECT_ERRORS_CONTEXT)) {
      // cdk8s prefixes validation messages with the construct path itself.
      this.scope.node.addValidation({ validate: () => found });
      return;
    }
    throw new PropsError(found.map((p) => `[${this.scope.node.path}] ${p}`));
  }
}

export function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && value !== null && typeof (value as any).toSeconds === 'function') {
    return `${(value as any).toSeconds({ integral: false })}s`;
  }
  return JSON.stringify(value);
}
