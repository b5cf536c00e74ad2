import { cumulativeBuckets, type LatencyBucket } from './latency-histogram.js';
import type { TelemetrySnapshot } from './variant-summaries.js';

/** The body of `POST /sdk/v1/telemetry`. */
export interface TelemetryPayload {
  sdk: { name: string; version: string };
  /** Epoch ms: when the summed interval began (the oldest one, after a failed send was merged back). */
  intervalStart: number;
  /** Epoch ms: when it was taken. */
  intervalEnd: number;
  variants: Array<{
    flag: string;
    variant: string;
    n: number;
    errors: number;
    latency: { sum: number; sumSquares: number; buckets: LatencyBucket[] };
  }>;
}

export function telemetryPayload(
  sdk: TelemetryPayload['sdk'],
  snapshot: TelemetrySnapshot,
): TelemetryPayload {
  return {
    sdk,
    intervalStart: snapshot.intervalStart,
    intervalEnd: snapshot.intervalEnd,
    variants: snapshot.summaries
      .filter((summary) => summary.n > 0)
      .map((summary) => ({
        flag: summary.flag,
        variant: summary.variant,
        n: summary.n,
        errors: summary.errors,
        latency: {
          sum: summary.sum,
          sumSquares: summary.sumSquares,
          buckets: cumulativeBuckets(summary.bucketCounts),
        },
      })),
  };
}
