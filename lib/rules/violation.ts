/**
 * What a rule of the catalogue found wrong with one value. Callers add where (a construct path and
 * prop, or an object and field path) and quote the value; the rule only says what and how to fix it.
 */
export interface Violation {
  /** Stable id of the rule, e.g. `dns1123-label`, `port-range`: searchable in the docs and the code. */
  readonly rule: string;
  /** What is wrong, phrased to follow the quoted value: `is not a DNS-1123 label`. */
  readonly message: string;
  /** How to fix it: `use at most 63 lower-case letters, ...`. */
  readonly fix: string;
  /** A valid spelling of the value, when one can be guessed (`Web_Config` -> `web-config`). */
  readonly example?: string;
}

export function violation(rule: string, message: string, fix: string, example?: string): Violation {
  return example === undefined ? { rule, message, fix } : { rule, message, fix, example };
}
