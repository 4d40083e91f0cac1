/*
 * PodDisruptionBudget rules (pkg/apis/policy/validation ValidatePodDisruptionBudgetSpec), checked by
 * PodDisruptionBudget / RollingDeployment on their props and by the validator on the manifest.
 */
import { ENUMERATIONS } from './enums';
import { Violation, violation } from './violation';

/** `spec.unhealthyPodEvictionPolicy` (pkg/apis/policy/validation: supportedUnhealthyPodEvictionPolicies), from the enumerations' table. */
export const UNHEALTHY_POD_EVICTION_POLICIES: readonly string[] = ENUMERATIONS.evictionPolicy.values;

/** A budget sets minAvailable or maxUnavailable, not both: the violation is reported at minAvailable. */
export function singleBudget(minAvailable: unknown, maxUnavailable: unknown): Violation | undefined {
  if (minAvailable === undefined || maxUnavailable === undefined) return undefined;
  return violation('pdb-min-max', `and maxUnavailable (${JSON.stringify(maxUnavailable)}) are both set, and a budget takes only one`,
    'keep minAvailable or maxUnavailable');
}
