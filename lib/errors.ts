/*
 * The errors a user of the library catches. One shape, `Problem`, for both kinds of mistake: a prop a
 * construct rejected (located at construct path + prop) and a manifest finding of `validateManifests`
 * (located at object + field path), so a tool can group and show them without parsing messages.
 */
import type { Finding } from './validation/types';

/**
 * Context key that switches prop errors from "throw in the constructor" to "report at synth".
 *
 * Throwing at construction points the user at the line that caused it, which is what tests want.
 * An app entry point (see `main.ts`) sets this so that one `cdk8s synth` reports every problem in
 * the app at once instead of stopping at the first construct.
 */
export const COLLECT_ERRORS_CONTEXT = 'cdk8s-patterns:collectErrors';

export type ProblemSeverity = 'error' | 'warning';

/** One thing wrong with an app: an invalid prop of a construct, or a finding in a synthesized manifest. */
export interface Problem {
  /** `props`: a construct rejected a prop. `manifest`: a check of the synthesized objects failed. */
  readonly source: 'props' | 'manifest';
  /** Stable id of the rule, e.g. `dns1123-label`, `port-range`, `pss-restricted/run-as-non-root`; `props` when it has none. */
  readonly rule: string;
  readonly severity: ProblemSeverity;
  /** The construct whose prop is wrong (`app/web`); for prop problems. */
  readonly constructPath?: string;
  /** The prop, as the user wrote it (`ports[0].port`); for prop problems. */
  readonly prop?: string;
  /** The value received; for prop problems. */
  readonly value?: unknown;
  /** `Kind/namespace/name` of the object; for manifest findings. */
  readonly object?: string;
  /** Where in the object (`spec.ports[name=http].port`); for manifest findings. */
  readonly path?: string;
  /** What is wrong. For a manifest finding, this also says how to fix it. */
  readonly message: string;
  /** How to fix it; for prop problems. */
  readonly fix?: string;
  /** The whole problem on one line, as the error message prints it. */
  readonly text: string;
}

/** A synth that failed: its message is the whole report, meant for the user as it is; `problems` is the same as data. */
export class SynthError extends Error {
  constructor(message: string, public readonly problems: readonly Problem[] = []) {
    super(message);
    this.name = 'SynthError';
    // Node prints an uncaught error's own enumerable properties: the message already lists these.
    Object.defineProperty(this, 'problems', { enumerable: false });
  }

  /** The manifest findings among `problems`, in the shape `validateManifests` returns. */
  public get findings(): readonly Finding[] {
    return this.problems.filter((p) => p.source === 'manifest')
      .map((p) => ({ rule: p.rule, severity: p.severity, object: p.object ?? '', path: p.path ?? '', message: p.message }));
  }
}

/** One or more invalid props of one construct, thrown by its constructor. The message lists each on its own line. */
export class PropsError extends SynthError {
  constructor(problems: readonly Problem[]) {
    super(problems.map((p) => p.text).join('\n'), problems);
    this.name = 'PropsError';
  }
}

/** A manifest finding of `validateManifests` as a `Problem`. */
export function findingProblem(finding: Finding): Problem {
  return {
    source: 'manifest',
    rule: finding.rule,
    severity: finding.severity,
    object: finding.object,
    path: finding.path,
    message: finding.message,
    text: `${finding.object} ${finding.path ? `${finding.path}: ` : ''}${finding.message} [${finding.rule}]`,
  };
}
