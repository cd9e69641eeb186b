import type { Durations } from "./model.js";

/**
 * The p-quantile (0 ≤ p ≤ 1) by linear interpolation between closest ranks (R-7, numpy's default):
 * h = (n − 1)·p, then x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋]). Null for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile must be between 0 and 1, got ${p}`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (sorted.length - 1) * p;
  const lower = Math.floor(rank);
  const below = sorted[lower]!;
  const above = sorted[lower + 1];
  return above === undefined ? below : below + (rank - lower) * (above - below);
}

export function median(values: readonly number[]): number | null {
  return percentile(values, 0.5);
}

export function durations(minutes: readonly number[]): Durations {
  return { count: minutes.length, medianMinutes: median(minutes), p90Minutes: percentile(minutes, 0.9) };
}

export function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
