/*
 * Enumerated fields of StatefulSet, DaemonSet and CronJob specs (pkg/apis/apps/validation/validation.go
 * ValidateStatefulSetSpec, ValidatePersistentVolumeClaimRetentionPolicyType, ValidateDaemonSetUpdateStrategy;
 * pkg/apis/batch/validation/validation.go validateConcurrencyPolicy), checked by the constructs on their
 * props and by the validator on manifests. The vendored schemas carry no enums, so nothing else does.
 */
import { Violation, violation } from './violation';

function oneOf(value: string, allowed: readonly string[], rule: string, what: string): Violation | undefined {
  if (allowed.includes(value)) return undefined;
  const list = allowed.map((a) => `'${a}'`);
  return violation(rule, `is not ${what}`, `use ${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`);
}

/** StatefulSet `podManagementPolicy`. */
export function podManagementPolicy(value: string): Violation | undefined {
  return oneOf(value, ['OrderedReady', 'Parallel'], 'statefulset-spec', 'a pod management policy');
}

/** StatefulSet `updateStrategy.type`. */
export function statefulSetUpdateStrategy(value: string): Violation | undefined {
  return oneOf(value, ['RollingUpdate', 'OnDelete'], 'statefulset-spec', 'a StatefulSet update strategy');
}

/** StatefulSet `persistentVolumeClaimRetentionPolicy.whenDeleted` / `whenScaled`. */
export function claimRetentionPolicy(value: string): Violation | undefined {
  return oneOf(value, ['Retain', 'Delete'], 'statefulset-spec', 'a retention policy');
}

/** DaemonSet `updateStrategy.type`. */
export function daemonSetUpdateStrategy(value: string): Violation | undefined {
  return oneOf(value, ['RollingUpdate', 'OnDelete'], 'rolling-update', 'a DaemonSet update strategy');
}

/** CronJob `concurrencyPolicy`. */
export function concurrencyPolicy(value: string): Violation | undefined {
  return oneOf(value, ['Forbid', 'Replace', 'Allow'], 'concurrency-policy', 'a concurrency policy');
}
