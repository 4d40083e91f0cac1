/*
 * Replica bounds of a HorizontalPodAutoscaler (pkg/apis/autoscaling/validation validateHorizontalPodAutoscalerSpec),
 * checked by HorizontalAutoscaler on its props and by the validator on the manifest.
 */
import { oneOf, positiveInteger, secondsInRange } from './numbers';
import { Violation, violation } from './violation';

/** `minReplicas`: at least 1 (scale to zero needs the alpha HPAScaleToZero feature gate). */
export function minReplicas(value: number): Violation | undefined {
  return positiveInteger(value, 'use 1 or more (scale-to-zero needs an alpha feature gate)', 'hpa-replicas');
}

/** `maxReplicas`: a whole number no lower than `min`. */
export function maxReplicas(value: number, min: number): Violation | undefined {
  if (Number.isInteger(value) && value >= min) return undefined;
  return violation('hpa-replicas', `must be a whole number >= minReplicas (${min})`, 'raise maxReplicas or lower minReplicas');
}

/** `behavior.*.stabilizationWindowSeconds` and `policies[].periodSeconds` (validateScalingRules: at most one hour, and 30 minutes). */
export const HPA_SECONDS = { stabilizationWindow: { min: 0, max: 3600 }, period: { min: 1, max: 1800 } } as const;

/** A duration of an HPA's behavior in seconds: `stabilizationWindow` or a policy's `period`. */
export function behaviorSeconds(seconds: number, field: keyof typeof HPA_SECONDS): Violation | undefined {
  const { min, max } = HPA_SECONDS[field];
  const problem = secondsInRange(seconds, min, max, 'hpa-behavior');
  return problem && violation(problem.rule, problem.message, problem.fix);
}

/** `policies[].value`: pods or percent per period, at least 1. */
export function scalingPolicyValue(value: number): Violation | undefined {
  if (Number.isInteger(value) && value >= 1) return undefined;
  return violation('hpa-behavior', 'must be a whole number above 0', 'use 1 or more');
}

/** `behavior.scaleUp/scaleDown.selectPolicy` (pkg/apis/autoscaling/validation validateScalingRules). */
export const SELECT_POLICIES: readonly string[] = ['Max', 'Min', 'Disabled'];

/** Which of a direction's policies applies: the largest change, the smallest, or none. */
export function selectPolicy(value: string): Violation | undefined {
  return oneOf(value, SELECT_POLICIES, 'policy selection', 'hpa-behavior');
}

/** `behavior.*.policies[].type`: a number of pods, or a share of the current replicas. */
export function scalingPolicyType(value: unknown): Violation | undefined {
  if (value === 'Pods' || value === 'Percent') return undefined;
  return violation('hpa-behavior', 'is not a scaling policy type',
    'use \'Pods\' (a number of pods) or \'Percent\' (a share of the current replicas)');
}

/**
 * `behavior.scaleUp/scaleDown.policies`, when written: at least one (validateScalingRules: "must specify at least one
 * Policy"). Left out, the API server fills in its defaults; an empty list it refuses.
 */
export function scalingPolicyList(count: number): Violation | undefined {
  if (count > 0) return undefined;
  return violation('hpa-behavior', 'is an empty list, and the API server needs at least one policy',
    'add a policy, or leave policies out to get the Kubernetes defaults');
}
