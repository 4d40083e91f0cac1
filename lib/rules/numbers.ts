/*
 * Generic rules on counts and enumerations, which many fields share: apimachinery's ValidateNonnegativeField
 * ("must be greater than or equal to 0"), the "must be greater than or equal to 1" checks of replica bounds
 * and topology spread, and field.NotSupported for an enumeration (pkg/apis/*\/validation).
 * A caller whose rule has its own id (hpa-replicas, topology-spread) passes it.
 */
import { Violation, violation } from './violation';

/** A count of 0 or more: history limits, backoffLimit, completions, partition, startOrdinal. */
export function wholeNumber(value: number, fix = 'use 0 or more', rule = 'whole-number'): Violation | undefined {
  if (Number.isInteger(value) && value >= 0) return undefined;
  return violation(rule, 'must be a whole number', fix);
}

/**
 * A duration field in whole seconds from `min` to `max` (probe and HPA periods, deadlines, grace periods); returns
 * the nearest allowed value too, which the fix names and a construct in collect mode renders instead.
 */
export function secondsInRange(seconds: number, min = 0, max?: number, rule = 'whole-seconds'): (Violation & { nearest: number }) | undefined {
  if (Number.isInteger(seconds) && seconds >= min && (max === undefined || seconds <= max)) return undefined;
  const bounds = max === undefined ? `at least ${min}s` : `${min}s to ${max}s`;
  const nearest = Math.min(max ?? Infinity, Math.max(min, Math.round(seconds)));
  return { ...violation(rule, `must be a whole number of seconds, ${bounds}`, `use ${nearest}`), nearest };
}

/** A count of 1 or more: minReplicas, maxSkew, minDomains. */
export function positiveInteger(value: number, fix: string, rule = 'positive-integer'): Violation | undefined {
  if (Number.isInteger(value) && value >= 1) return undefined;
  return violation(rule, 'must be a whole number of at least 1', fix);
}

/** A pinned replica count: 0 or more pods. */
export function podCount(value: number): Violation | undefined {
  if (Number.isInteger(value) && value >= 0) return undefined;
  return violation('pod-count', 'must be a whole number of pods', 'use 0 or more');
}

/** `'a'`, `'a' or 'b'`, `'a', 'b' or 'c'`. */
function choices(allowed: readonly string[]): string {
  const quoted = allowed.map((a) => `'${a}'`);
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}` : quoted.join('');
}

/**
 * One of the values Kubernetes knows for an enumerated field; `what` names the field's kind of value
 * (`policy`, `policy selection`). The fix lists `allowed` in its order.
 */
export function oneOf(value: string, allowed: readonly string[], what: string, rule = 'enum'): Violation | undefined {
  return enumValue(value, allowed, rule, `is not a ${what} Kubernetes knows`);
}

/** An enumerated field with its own wording (`message`); the fix lists `allowed` in its order. */
export function enumValue(value: string, allowed: readonly string[], rule: string, message: string): Violation | undefined {
  if (allowed.includes(value)) return undefined;
  return violation(rule, message, `use ${choices(allowed)}`);
}

/** `revisionHistoryLimit` of a Deployment, StatefulSet or DaemonSet: old revisions kept for rollback. */
export function historyLimit(value: number): Violation | undefined {
  return wholeNumber(value, 'use 0 or more (0 disables rollback)');
}

/** An entry of a list that must not repeat (policyTypes, accessModes, writable paths); `what` names an entry. */
export function listedTwice(what: string): Violation {
  return violation('listed-twice', 'is listed twice', `list each ${what} once`);
}
