/*
 * Rules of the workload specs, checked by the constructs on their props and by the validator on manifests:
 * update strategies and their rolling-update settings (pkg/apis/apps/validation ValidateStatefulSetUpdateStrategy,
 * ValidateDaemonSetUpdateStrategy, ValidateRollingUpdateDeployment), and the enumerated fields of StatefulSet,
 * DaemonSet and CronJob specs (ValidateStatefulSetSpec, ValidatePersistentVolumeClaimRetentionPolicyType;
 * pkg/apis/batch/validation validateConcurrencyPolicy). The vendored schemas carry no enums, so nothing else does.
 */
import { enumValue } from './numbers';
import { Violation, violation } from './violation';

/** A setting of `updateStrategy.rollingUpdate` (`prop`), set while the strategy (the value checked) is not RollingUpdate. */
export function rollingUpdateOnly(strategy: string, prop: string): Violation | undefined {
  if (strategy === 'RollingUpdate') return undefined;
  return violation('rolling-update', 'only applies to updateStrategy \'RollingUpdate\'', `remove ${prop}, or use updateStrategy: 'RollingUpdate'`);
}

/**
 * A DaemonSet's rolling update either surges or takes pods down (apps validation ValidateRollingUpdateDaemonSet:
 * maxSurge "may not be set when maxUnavailable is non-zero"). Values are the parsed counts or percentages;
 * `unavailableShown` is maxUnavailable as the caller quotes it. Reported at maxSurge.
 */
export function daemonSetSurge(maxSurge: number, maxUnavailable: number, unavailableShown: string): Violation | undefined {
  if (maxSurge === 0 || maxUnavailable === 0) return undefined;
  return violation('rolling-update',
    `may not be set when maxUnavailable (${unavailableShown}) is not zero: a DaemonSet either surges or takes pods down`,
    'set maxUnavailable: 0, or remove maxSurge');
}

/** How a rolling update of each kind can make progress when both of its settings are zero: it cannot. */
const NO_PROGRESS = {
  Deployment: { what: 'a rollout', fix: 'allow at least one extra pod (maxSurge: 1) or one unavailable pod (maxUnavailable: 1)' },
  DaemonSet: { what: 'an update', fix: 'allow one unavailable pod per update (maxUnavailable: 1) or one extra (maxSurge: 1, maxUnavailable: 0)' },
} as const;

/**
 * maxSurge and maxUnavailable (parsed counts or percentages) may not both be zero (apps validation
 * ValidateRollingUpdateDeployment / ValidateRollingUpdateDaemonSet: "may not be 0 when maxSurge is 0").
 * Reported at maxUnavailable.
 */
export function rolloutProgress(maxSurge: number, maxUnavailable: number, kind: keyof typeof NO_PROGRESS): Violation | undefined {
  if (maxSurge !== 0 || maxUnavailable !== 0) return undefined;
  const { what, fix } = NO_PROGRESS[kind];
  return violation('rolling-update', `and maxSurge are both zero, so ${what} could never replace a pod`, fix);
}

/** StatefulSet `podManagementPolicy`. */
export function podManagementPolicy(value: string): Violation | undefined {
  return enumValue(value, ['OrderedReady', 'Parallel'], 'statefulset-spec', 'is not a pod management policy');
}

/** StatefulSet `updateStrategy.type`. */
export function statefulSetUpdateStrategy(value: string): Violation | undefined {
  return enumValue(value, ['RollingUpdate', 'OnDelete'], 'statefulset-spec', 'is not a StatefulSet update strategy');
}

/** StatefulSet `persistentVolumeClaimRetentionPolicy.whenDeleted` / `whenScaled`. */
export function claimRetentionPolicy(value: string): Violation | undefined {
  return enumValue(value, ['Retain', 'Delete'], 'statefulset-spec', 'is not a retention policy');
}

/** DaemonSet `updateStrategy.type`. */
export function daemonSetUpdateStrategy(value: string): Violation | undefined {
  return enumValue(value, ['RollingUpdate', 'OnDelete'], 'rolling-update', 'is not a DaemonSet update strategy');
}

/** CronJob `concurrencyPolicy`. */
export function concurrencyPolicy(value: string): Violation | undefined {
  return enumValue(value, ['Forbid', 'Replace', 'Allow'], 'concurrency-policy', 'is not a concurrency policy');
}
