/*
 * IntOrString fields that hold a count or a percentage (maxSurge, maxUnavailable, minAvailable),
 * after k8s.io/apimachinery/pkg/util/validation IsValidPercent and pkg/apis/apps/validation.
 */
import { Violation, violation } from './violation';

/** A count of pods (`1`) or a percentage of them (`"25%"`). */
export type IntOrPercent = number | `${number}%`;

/** The numeric value of a count or a percentage, or undefined when it is neither. */
export function parseIntOrPercent(value: unknown): { readonly value: number; readonly percent: boolean } | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return { value, percent: false };
  const match = typeof value === 'string' ? /^(\d+)%$/.exec(value) : null;
  return match ? { value: Number(match[1]), percent: true } : undefined;
}

/** A non-negative whole number, or a percentage from 0% to 100%. */
export function intOrPercent(value: unknown): Violation | undefined {
  const parsed = parseIntOrPercent(value);
  if (parsed && parsed.value >= 0 && (!parsed.percent || parsed.value <= 100)) return undefined;
  return notCountOrPercent('use a whole number such as 1, or a percentage from "0%" to "100%"');
}

/**
 * A Deployment's maxSurge: a non-negative whole number or any percentage from 0%. apps validation.go
 * ValidateRollingUpdateDeployment caps only maxUnavailable at 100% (IsNotMoreThan100Percent), so "150%",
 * one and a half times the replicas started during a rollout, is valid. A DaemonSet's maxSurge is capped
 * (ValidateRollingUpdateDaemonSet) and uses intOrPercent.
 */
export function surgeIntOrPercent(value: unknown): Violation | undefined {
  const parsed = parseIntOrPercent(value);
  if (parsed && parsed.value >= 0) return undefined;
  return notCountOrPercent('use a whole number such as 1, or a percentage such as "25%"');
}

function notCountOrPercent(fix: string): Violation {
  return violation('int-or-percent', 'is neither a pod count nor a percentage', fix);
}
