/*
 * Replica bounds of a HorizontalPodAutoscaler (pkg/apis/autoscaling/validation validateHorizontalPodAutoscalerSpec),
 * checked by HorizontalAutoscaler on its props and by the validator on the manifest.
 */
import { Violation, violation } from './violation';

/** `minReplicas`: at least 1 (scale to zero needs the alpha HPAScaleToZero feature gate). */
export function minReplicas(value: number): Violation | undefined {
  if (Number.isInteger(value) && value >= 1) return undefined;
  return violation('hpa-replicas', 'must be a whole number of at least 1', 'use 1 or more (scale-to-zero needs an alpha feature gate)');
}

/** `maxReplicas`: a whole number no lower than `min`. */
export function maxReplicas(value: number, min: number): Violation | undefined {
  if (Number.isInteger(value) && value >= min) return undefined;
  return violation('hpa-replicas', `must be a whole number >= minReplicas (${min})`, 'raise maxReplicas or lower minReplicas');
}
