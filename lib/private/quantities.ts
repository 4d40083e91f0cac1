import { Size, SizeRoundingBehavior } from 'cdk8s';
import type { Cpu } from 'cdk8s-plus-27/lib/container';
import { parseQuantity, positiveQuantity } from '../rules/quantities';
import { Problems } from './construct-base';

/** A CPU quantity (`250m`, `1`, `0.5`) in cores; NaN when it is not a quantity. */
export function cpuCores(amount: string): number {
  return parseQuantity(amount) ?? NaN;
}

/** The shortest exact binary quantity for a size: `1Gi`, `256Mi`, `500Ki`. */
export function memoryQuantity(size: Size): string {
  const mebibytes = size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
  if (Number.isInteger(mebibytes)) {
    return mebibytes > 0 && mebibytes % 1024 === 0 ? `${mebibytes / 1024}Gi` : `${mebibytes}Mi`;
  }
  return `${size.toKibibytes({ rounding: SizeRoundingBehavior.NONE })}Ki`;
}

/**
 * A CPU amount must be a positive number of cores: `Cpu.millis(-100)` and `Cpu.units(NaN)` build
 * `"-100m"` and `"NaN"` without complaint, and a request of 0 reserves nothing.
 */
export function checkCpu(prop: string, cpu: Cpu | undefined, problems: Problems): boolean {
  return cpu === undefined || problems.check(prop, cpu.amount, positiveQuantity(cpu.amount, 'Cpu.millis(100)'));
}

/** A memory (or storage) size must be above zero; cdk8s's `Size` already refuses negative amounts. */
export function checkSize(prop: string, size: Size | undefined, problems: Problems, example: string): boolean {
  return size === undefined || problems.check(prop, memoryQuantity(size), positiveQuantity(memoryQuantity(size), example));
}
