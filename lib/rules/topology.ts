/*
 * Topology spread constraints (pkg/apis/core/validation/validation.go validateTopologySpreadConstraints:
 * ValidateMaxSkew, ValidateWhenUnsatisfiable, validateMinDomains), checked by the workloads on their
 * topologySpread props and by the validator on every pod template.
 */
import { Violation, violation } from './violation';

export const WHEN_UNSATISFIABLE: readonly string[] = ['DoNotSchedule', 'ScheduleAnyway'];

function wholeAtLeastOne(value: number, fix: string): Violation | undefined {
  if (Number.isInteger(value) && value >= 1) return undefined;
  return violation('topology-spread', 'must be a whole number of at least 1', fix);
}

/** `maxSkew`: a whole number of at least 1. */
export function maxSkew(value: number): Violation | undefined {
  return wholeAtLeastOne(value, 'use 1 for the most even spread');
}

/** `whenUnsatisfiable`: one of the two policies. */
export function whenUnsatisfiable(value: string): Violation | undefined {
  if (WHEN_UNSATISFIABLE.includes(value)) return undefined;
  return violation('topology-spread', 'is not a policy Kubernetes knows', 'use \'ScheduleAnyway\' or \'DoNotSchedule\'');
}

/** `minDomains`: a whole number of at least 1. */
export function minDomains(value: number): Violation | undefined {
  return wholeAtLeastOne(value, 'use the number of zones (or nodes) you expect, e.g. 3');
}

/** `minDomains` may be set only when `whenUnsatisfiable` (the value checked) is `DoNotSchedule`. */
export function minDomainsPolicy(whenUnsatisfiableValue: string | undefined): Violation | undefined {
  if (whenUnsatisfiableValue === 'DoNotSchedule') return undefined;
  return violation('topology-spread', 'only applies with whenUnsatisfiable \'DoNotSchedule\'',
    'set whenUnsatisfiable: \'DoNotSchedule\' or remove minDomains');
}
