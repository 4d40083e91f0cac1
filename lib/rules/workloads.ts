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
