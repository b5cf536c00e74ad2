import { describe, expect, it } from 'vitest';
import {
  bucketIndex,
  cumulativeBuckets,
  emptyBucketCounts,
  LATENCY_BUCKET_BOUNDS_MS,
} from '../../src/telemetry/latency-histogram.js';

describe('latency buckets', () => {
  it('are the fixed bounds every SDK reports', () => {
    expect(LATENCY_BUCKET_BOUNDS_MS).toEqual([
      5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000,
    ]);
    expect(emptyBucketCounts()).toHaveLength(15);
  });

  it('put a duration in the first bucket whose bound it does not exceed (bounds are inclusive)', () => {
    expect(bucketIndex(0)).toBe(0);
    expect(bucketIndex(5)).toBe(0);
    expect(bucketIndex(5.001)).toBe(1);
    expect(bucketIndex(99.9)).toBe(5);
    expect(bucketIndex(10_000)).toBe(13);
    expect(bucketIndex(10_000.5)).toBe(14);
    expect(bucketIndex(Number.POSITIVE_INFINITY)).toBe(14);
  });

  it('go on the wire cumulative, ending with +Inf = every request', () => {
    const counts = emptyBucketCounts();
    for (const ms of [1, 4, 7, 60, 60, 20_000]) counts[bucketIndex(ms)]! += 1;
    expect(cumulativeBuckets(counts)).toEqual([
      { le: 5, count: 2 },
      { le: 10, count: 3 },
      { le: 25, count: 3 },
      { le: 50, count: 3 },
      { le: 75, count: 5 },
      { le: 100, count: 5 },
      { le: 250, count: 5 },
      { le: 500, count: 5 },
      { le: 750, count: 5 },
      { le: 1000, count: 5 },
      { le: 2500, count: 5 },
      { le: 5000, count: 5 },
      { le: 7500, count: 5 },
      { le: 10000, count: 5 },
      { le: '+Inf', count: 6 },
    ]);
  });
});
