import { latencyBounds } from './latency-buckets.js';

/** Request outcomes of one variant of one flag: counts, latency sums and a cumulative histogram. */
export interface VariantSummary {
  n: number;
  errors: number;
  latencySum: number;
  latencySumSquares: number;
  /** Cumulative counts, one per bound of `latencyBounds`. */
  buckets: number[];
}

export function emptySummary(): VariantSummary {
  return { n: 0, errors: 0, latencySum: 0, latencySumSquares: 0, buckets: latencyBounds.map(() => 0) };
}

/** Adds `from` into `into` (histograms add bucket by bucket because every SDK uses the same bounds). */
export function addSummary(into: VariantSummary, from: VariantSummary): VariantSummary {
  into.n += from.n;
  into.errors += from.errors;
  into.latencySum += from.latencySum;
  into.latencySumSquares += from.latencySumSquares;
  for (let i = 0; i < into.buckets.length; i++) into.buckets[i]! += from.buckets[i] ?? 0;
  return into;
}
