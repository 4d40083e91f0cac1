/*
 * Update strategies of the workload kinds (pkg/apis/apps/validation ValidateStatefulSetUpdateStrategy,
 * ValidateDaemonSetUpdateStrategy: rollingUpdate is only valid with type RollingUpdate).
 */
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
