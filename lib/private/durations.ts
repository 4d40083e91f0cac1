import { Duration } from 'cdk8s';
import { Problems } from './construct-base';

/**
 * Kubernetes takes whole seconds; cdk8s's own `toSeconds()` throws a message that names neither the
 * construct nor the prop, so fractional and out-of-range durations are reported here instead.
 */
export function wholeSeconds(
  duration: Duration | undefined, prop: string, problems: Problems, range: { min?: number; max?: number } = {},
): number | undefined {
  if (duration === undefined) return undefined;
  const seconds = duration.toSeconds({ integral: false });
  const min = range.min ?? 0;
  const bounds = range.max === undefined ? `at least ${min}s` : `${min}s to ${range.max}s`;
  if (!Number.isInteger(seconds) || seconds < min || (range.max !== undefined && seconds > range.max)) {
    const nearest = Math.min(range.max ?? Infinity, Math.max(min, Math.round(seconds)));
    problems.add(prop, duration, `must be a whole number of seconds, ${bounds}`, `use e.g. Duration.seconds(${nearest})`);
    return nearest;
  }
  return seconds;
}
