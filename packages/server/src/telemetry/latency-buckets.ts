/**
 * The upper bounds (ms) of the latency histogram SDKs report, the last one +Inf. Fixed, so that
 * summaries from every SDK and every second add up bucket by bucket.
 */
export const latencyBounds = [
  5,
  10,
  25,
  50,
  75,
  100,
  250,
  500,
  750,
  1000,
  2500,
  5000,
  7500,
  10000,
  '+Inf',
] as const;

export type LatencyBound = (typeof latencyBounds)[number];
