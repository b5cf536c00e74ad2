/**
 * Upper bounds (ms, inclusive) of the latency buckets every SDK reports. Fixed, so summaries from
 * any number of processes and intervals add up bucket by bucket on the server.
 */
export const LATENCY_BUCKET_BOUNDS_MS: readonly number[] = Object.freeze([
  5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000,
]);

/** One bucket on the wire: how many requests took at most `le` ms (cumulative). */
export interface LatencyBucket {
  le: number | '+Inf';
  count: number;
}

/** Index of the bucket a duration falls in: the first bound it does not exceed, or the +Inf one. */
export function bucketIndex(durationMs: number): number {
  for (let i = 0; i < LATENCY_BUCKET_BOUNDS_MS.length; i++) {
    if (durationMs <= LATENCY_BUCKET_BOUNDS_MS[i]!) return i;
  }
  return LATENCY_BUCKET_BOUNDS_MS.length;
}

/** Per-bucket counts (one slot per bound, then +Inf), all zero. */
export function emptyBucketCounts(): number[] {
  return new Array<number>(LATENCY_BUCKET_BOUNDS_MS.length + 1).fill(0);
}

/** Per-bucket counts as the cumulative buckets of the wire format, ending with +Inf = n. */
export function cumulativeBuckets(counts: readonly number[]): LatencyBucket[] {
  let running = 0;
  return counts.map((count, i) => {
    running += count;
    const bound = LATENCY_BUCKET_BOUNDS_MS[i];
    return { le: bound === undefined ? '+Inf' : bound, count: running };
  });
}
