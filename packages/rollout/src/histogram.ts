import type { HistogramBucket } from './snapshot.js';

const upper = (b: HistogramBucket) => (b.le === '+Inf' ? Number.POSITIVE_INFINITY : b.le);

/**
 * The q-quantile of a cumulative histogram with Prometheus' `histogram_quantile` rules, so a guardrail reads
 * the same number as a dashboard: linear interpolation inside the bucket, the lowest bucket starting at 0
 * (when its bound is positive), and a quantile in the +Inf bucket reported as the highest finite bound.
 * Null when the histogram is empty. Buckets must be valid (sorted, cumulative, ending with +Inf).
 */
export function histogramQuantile(q: number, buckets: readonly HistogramBucket[]): number | null {
  const total = buckets[buckets.length - 1]!.count;
  if (total === 0) return null;
  const rank = q * total;
  let b = buckets.findIndex((bucket, i) => i < buckets.length - 1 && bucket.count >= rank);
  if (b === -1) b = buckets.length - 1;
  if (b === buckets.length - 1) return buckets.length > 1 ? upper(buckets[b - 1]!) : null;
  const bucket = buckets[b]!;
  if (b === 0 && upper(bucket) <= 0) return upper(bucket);
  const start = b === 0 ? 0 : upper(buckets[b - 1]!);
  const below = b === 0 ? 0 : buckets[b - 1]!.count;
  const inBucket = bucket.count - below;
  return start + (upper(bucket) - start) * ((rank - below) / inBucket);
}
