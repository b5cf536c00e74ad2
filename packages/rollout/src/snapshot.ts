import { MetricSnapshotError } from './errors.js';

/** A cumulative Prometheus-style bucket: `count` observations ≤ `le`. The last bucket is le "+Inf". */
export interface HistogramBucket {
  readonly le: number | '+Inf';
  readonly count: number;
}

/** Request latency of one variant, in milliseconds. Percentiles given directly win over buckets. */
export interface LatencySummary {
  readonly p50?: number;
  readonly p95?: number;
  readonly p99?: number;
  /** Σ latency and Σ latency² over the `n` requests: the mean, and its regression test, need these. */
  readonly sum?: number;
  readonly sumSquares?: number;
  readonly buckets?: readonly HistogramBucket[];
}

/** One variant's metrics since the current step started. */
export interface VariantMetrics {
  /** Requests (or units) observed. */
  readonly n: number;
  /** How many of them failed. */
  readonly errors: number;
  readonly latency?: LatencySummary;
  /** Values of the plan's Prometheus guardrails for this variant, keyed by the query string. */
  readonly prometheus?: Readonly<Record<string, number>>;
}

/** What the caller measured since the current step started, per variant name. */
export interface MetricSnapshot {
  readonly variants: Readonly<Record<string, VariantMetrics>>;
}

function count(field: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw new MetricSnapshotError(field, `must be an integer >= 0, got ${String(value)}`);
}

function finite(field: string, value: unknown): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value)))
    throw new MetricSnapshotError(field, `must be a finite number, got ${String(value)}`);
}

function validateBuckets(field: string, buckets: readonly HistogramBucket[]): void {
  if (!Array.isArray(buckets) || buckets.length === 0)
    throw new MetricSnapshotError(field, 'must be a non-empty array');
  let previous: HistogramBucket | undefined;
  for (const [i, bucket] of buckets.entries()) {
    count(`${field}[${i}].count`, bucket.count);
    const le = bucket.le === '+Inf' ? Number.POSITIVE_INFINITY : bucket.le;
    if (typeof le !== 'number' || Number.isNaN(le))
      throw new MetricSnapshotError(
        `${field}[${i}].le`,
        `must be a number or "+Inf", got ${String(bucket.le)}`,
      );
    if (previous) {
      const previousLe = previous.le === '+Inf' ? Number.POSITIVE_INFINITY : previous.le;
      if (!(le > previousLe)) throw new MetricSnapshotError(`${field}[${i}].le`, 'must increase strictly');
      if (bucket.count < previous.count)
        throw new MetricSnapshotError(`${field}[${i}].count`, 'must not decrease: buckets are cumulative');
    }
    previous = bucket;
  }
  if (previous?.le !== '+Inf' && previous?.le !== Number.POSITIVE_INFINITY)
    throw new MetricSnapshotError(field, 'must end with the "+Inf" bucket');
}

function validateVariant(field: string, metrics: VariantMetrics): void {
  if (typeof metrics !== 'object' || metrics === null)
    throw new MetricSnapshotError(field, 'must be an object');
  count(`${field}.n`, metrics.n);
  count(`${field}.errors`, metrics.errors);
  if (metrics.errors > metrics.n)
    throw new MetricSnapshotError(`${field}.errors`, `must be <= n (${metrics.n}), got ${metrics.errors}`);
  const latency = metrics.latency;
  if (latency !== undefined) {
    for (const key of ['p50', 'p95', 'p99', 'sum'] as const) finite(`${field}.latency.${key}`, latency[key]);
    finite(`${field}.latency.sumSquares`, latency.sumSquares);
    if ((latency.sum === undefined) !== (latency.sumSquares === undefined))
      throw new MetricSnapshotError(`${field}.latency`, 'needs both sum and sumSquares, or neither');
    if (latency.buckets !== undefined) validateBuckets(`${field}.latency.buckets`, latency.buckets);
  }
  for (const [query, value] of Object.entries(metrics.prometheus ?? {}))
    finite(`${field}.prometheus[${JSON.stringify(query)}]`, value);
}

export function validateSnapshot(snapshot: MetricSnapshot): void {
  if (
    typeof snapshot !== 'object' ||
    snapshot === null ||
    typeof snapshot.variants !== 'object' ||
    snapshot.variants === null
  )
    throw new MetricSnapshotError('variants', 'must be an object keyed by variant name');
  for (const [name, metrics] of Object.entries(snapshot.variants))
    validateVariant(`variants.${name}`, metrics);
}
