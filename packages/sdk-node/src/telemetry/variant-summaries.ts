import { bucketIndex, emptyBucketCounts } from './latency-histogram.js';

/** The outcomes of the requests that evaluated one flag to one variant, summed. */
export interface VariantSummary {
  flag: string;
  variant: string;
  /** Requests. */
  n: number;
  /** Requests that failed (status >= 500, a thrown error, or no complete response). */
  errors: number;
  /** Sum of the request durations, ms. */
  sum: number;
  /** Sum of the squared durations, ms², so the server can compute a variance. */
  sumSquares: number;
  /** Requests per latency bucket (not cumulative): see LATENCY_BUCKET_BOUNDS_MS. */
  bucketCounts: number[];
}

/** What was summed over one interval (or several, after a failed send was merged back). */
export interface TelemetrySnapshot {
  intervalStart: number;
  intervalEnd: number;
  summaries: VariantSummary[];
}

/**
 * Request outcomes summed per (flag, variant). Memory is one summary per pair however much
 * traffic there is; a snapshot that could not be sent is merged back into the next one, so a long
 * outage costs no more memory either.
 */
export class VariantSummaries {
  /** flag → variant → summary (nested, so no key encoding can make two pairs collide). */
  readonly #byFlag = new Map<string, Map<string, VariantSummary>>();
  #pairs = 0;
  #intervalStart: number;

  constructor(now: number) {
    this.#intervalStart = now;
  }

  /** How many (flag, variant) pairs are held. */
  get size(): number {
    return this.#pairs;
  }

  record(flag: string, variant: string, error: boolean, durationMs: number): void {
    const summary = this.#summaryOf(flag, variant);
    const duration = Number.isFinite(durationMs) && durationMs > 0 ? durationMs : 0;
    summary.n += 1;
    if (error) summary.errors += 1;
    summary.sum += duration;
    summary.sumSquares += duration * duration;
    summary.bucketCounts[bucketIndex(duration)]! += 1;
  }

  /** Everything summed since the last take (undefined when nothing was), and starts a new interval. */
  take(now: number): TelemetrySnapshot | undefined {
    const intervalStart = this.#intervalStart;
    this.#intervalStart = now;
    if (this.#pairs === 0) return undefined;
    const summaries = [...this.#byFlag.values()].flatMap((variants) => [...variants.values()]);
    this.#byFlag.clear();
    this.#pairs = 0;
    return { intervalStart, intervalEnd: now, summaries };
  }

  /** Adds back a snapshot that could not be delivered: the next one covers both intervals. */
  restore(snapshot: TelemetrySnapshot): void {
    for (const kept of snapshot.summaries) {
      const summary = this.#summaryOf(kept.flag, kept.variant);
      summary.n += kept.n;
      summary.errors += kept.errors;
      summary.sum += kept.sum;
      summary.sumSquares += kept.sumSquares;
      kept.bucketCounts.forEach((count, i) => {
        summary.bucketCounts[i]! += count;
      });
    }
    this.#intervalStart = Math.min(this.#intervalStart, snapshot.intervalStart);
  }

  #summaryOf(flag: string, variant: string): VariantSummary {
    let variants = this.#byFlag.get(flag);
    if (variants === undefined) {
      variants = new Map();
      this.#byFlag.set(flag, variants);
    }
    let summary = variants.get(variant);
    if (summary === undefined) {
      summary = { flag, variant, n: 0, errors: 0, sum: 0, sumSquares: 0, bucketCounts: emptyBucketCounts() };
      variants.set(variant, summary);
      this.#pairs += 1;
    }
    return summary;
  }
}
