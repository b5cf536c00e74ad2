import { histogramQuantile } from './histogram.js';
import type { BuiltInMetric } from './plan-types.js';
import type { VariantMetrics } from './snapshot.js';

const QUANTILE = {
  'latency-p50': ['p50', 0.5],
  'latency-p95': ['p95', 0.95],
  'latency-p99': ['p99', 0.99],
} as const;

/** A built-in metric's value for one variant, or null when the snapshot does not carry it (or has no requests). */
export function metricValue(metric: BuiltInMetric, m: VariantMetrics | undefined): number | null {
  if (!m || m.n === 0) return null;
  if (metric === 'error-rate') return m.errors / m.n;
  if (metric === 'latency-mean') return m.latency?.sum === undefined ? null : m.latency.sum / m.n;
  const [key, q] = QUANTILE[metric];
  const direct = m.latency?.[key];
  if (direct !== undefined) return direct;
  return m.latency?.buckets ? histogramQuantile(q, m.latency.buckets) : null;
}

/** What the timeline shows for one variant in one decision. */
export interface VariantEvidence {
  readonly variant: string;
  readonly n: number;
  readonly errors: number;
  readonly errorRate: number | null;
  readonly latency: {
    readonly p50: number | null;
    readonly p95: number | null;
    readonly p99: number | null;
    readonly mean: number | null;
  };
  readonly prometheus: Readonly<Record<string, number>>;
}

export function variantEvidence(variant: string, m: VariantMetrics | undefined): VariantEvidence {
  return {
    variant,
    n: m?.n ?? 0,
    errors: m?.errors ?? 0,
    errorRate: metricValue('error-rate', m),
    latency: {
      p50: metricValue('latency-p50', m),
      p95: metricValue('latency-p95', m),
      p99: metricValue('latency-p99', m),
      mean: metricValue('latency-mean', m),
    },
    prometheus: { ...(m?.prometheus ?? {}) },
  };
}
