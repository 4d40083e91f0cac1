/**
 * How many cases the property tests run. `npm test` uses a fixed seed and a few hundred cases in
 * all; `npm run fuzz` sets FUZZ_RUNS, the cases of each property of the main scenario (default 2000;
 * the smaller scenarios scale along), and unless FUZZ_SEED is given a fresh seed, which fast-check
 * prints with any failure so that it can be replayed with FUZZ_SEED=<seed>.
 */
import * as fc from 'fast-check';

const FIXED_SEED = 12012;

const runs = Number(process.env.FUZZ_RUNS ?? '') || undefined;
/** One seed per test file, so that the one printed replays every property of it. */
const seed = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : runs ? Date.now() % 2 ** 31 : FIXED_SEED;

export function fuzzParameters<T>(defaultRuns: number): fc.Parameters<T> {
  // The main scenario runs 80 cases by default; the others keep their proportion to it.
  const numRuns = runs ? Math.max(1, Math.round((runs / 80) * defaultRuns)) : defaultRuns;
  return { seed, numRuns, endOnFailure: true };
}
