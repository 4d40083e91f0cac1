/*
 * Topology spread constraints (pkg/apis/core/validation/validation.go validateTopologySpreadConstraints:
 * ValidateMaxSkew, ValidateWhenUnsatisfiable, validateMinDomains), checked by the workloads on their
 * topologySpread props and by the validator on every pod template.
 */
import { oneOf, positiveInteger } from './numbers';
import { Violation, violation } from './violation';

export const WHEN_UNSATISFIABLE: readonly string[] = ['DoNotSchedule', 'ScheduleAnyway'];

/** `maxSkew`: a whole number of at least 1. */
export function maxSkew(value: number): Violation | undefined {
  return positiveInteger(value, 'use 1 for the most even spread', 'topology-spread');
}

/** `whenUnsatisfiable`: one of the two policies. */
export function whenUnsatisfiable(value: string): Violation | undefined {
  // The fix names the softer policy first.
  return oneOf(value, [...WHEN_UNSATISFIABLE].reverse(), 'policy', 'topology-spread');
}

/** `minDomains`: a whole number of at least 1. */
export function minDomains(value: number): Violation | undefined {
  return positiveInteger(value, 'use the number of zones (or nodes) you expect, e.g. 3', 'topology-spread');
}

/** `minDomains` may be set only when `whenUnsatisfiable` (the value checked) is `DoNotSchedule`. */
export function minDomainsPolicy(whenUnsatisfiableValue: string | undefined): Violation | undefined {
  if (whenUnsatisfiableValue === 'DoNotSchedule') return undefined;
  return violation('topology-spread', 'only applies with whenUnsatisfiable \'DoNotSchedule\'',
    'set whenUnsatisfiable: \'DoNotSchedule\' or remove minDomains');
}
