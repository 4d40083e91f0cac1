import { Size, SizeRoundingBehavior } from 'cdk8s';

/** Parses a Kubernetes CPU quantity (`250m`, `1`, `0.5`) to cores. */
export function cpuCores(amount: string): number {
  return amount.endsWith('m') ? Number(amount.slice(0, -1)) / 1000 : Number(amount);
}

/** The shortest exact binary quantity for a size: `1Gi`, `256Mi`, `500Ki`. */
export function memoryQuantity(size: Size): string {
  const mebibytes = size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
  if (Number.isInteger(mebibytes)) {
    return mebibytes > 0 && mebibytes % 1024 === 0 ? `${mebibytes / 1024}Gi` : `${mebibytes}Mi`;
  }
  return `${size.toKibibytes({ rounding: SizeRoundingBehavior.NONE })}Ki`;
}
