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
