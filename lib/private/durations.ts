import { Duration } from 'cdk8s';
import { secondsInRange } from '../rules/numbers';
import { Problems } from './construct-base';

/**
 * Kubernetes takes whole seconds; cdk8s's own `toSeconds()` throws a message that names neither the
 * construct nor the prop, so fractional and out-of-range durations are reported here instead.
 */
export function wholeSeconds(
  duration: Duration | undefined, prop: string, problems: Problems, range: { min?: number; max?: number; rule?: string } = {},
): number | undefined {
  if (duration === undefined) return undefined;
  const seconds = duration.toSeconds({ integral: false });
  const outOfRange = secondsInRange(seconds, range.min, range.max, range.rule);
  if (!outOfRange) return seconds;
  problems.check(prop, duration, outOfRange, { fix: `use e.g. Duration.seconds(${outOfRange.nearest})` });
  return outOfRange.nearest;
}
