import type { VariantMetricRow } from './variant-metric-store.js';
import { addSummary, emptySummary, type VariantSummary } from './variant-summary.js';

export interface TelemetryAccumulatorDeps {
  /** Writes rows that were never written before (each second once). */
  write(rows: VariantMetricRow[]): Promise<void>;
  now?: () => number;
  /** How often complete seconds are written (default 1000 ms). */
  flushMs?: number;
  onError?: (error: unknown) => void;
  /** Most (flag, variant, second) entries held while the database is away; beyond, new data is dropped. */
  maxPending?: number;
  /** Told of each reported flag: an SDK evaluated it in process. */
  onReported?: (environmentId: string, flagKey: string) => void;
}

/**
 * Sums what SDKs report per (environment, flag, variant, second of arrival) in memory and writes each
 * second once, after it has ended: ingestion costs one insert per variant and second, whatever the
 * number of SDK instances. What fails to write is kept and retried.
 */
export class TelemetryAccumulator {
  readonly #pending = new Map<string, VariantMetricRow>();
  readonly #deps: TelemetryAccumulatorDeps;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();
  #dropped = 0;

  constructor(deps: TelemetryAccumulatorDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
  }

  /** Entries dropped because too many were pending (the database was away too long). */
  get dropped(): number {
    return this.#dropped;
  }

  add(environmentId: string, flagKey: string, variant: string, summary: VariantSummary): void {
    this.#deps.onReported?.(environmentId, flagKey);
    const second = Math.floor(this.#now() / 1000);
    const key = JSON.stringify([environmentId, flagKey, variant, second]);
    let row = this.#pending.get(key);
    if (!row) {
      if (this.#pending.size >= (this.#deps.maxPending ?? 100_000)) {
        this.#dropped++;
        return;
      }
      row = { environmentId, flagKey, variant, second, summary: emptySummary() };
      this.#pending.set(key, row);
    }
    addSummary(row.summary, summary);
  }

  start(): void {
    this.#timer = setInterval(() => void this.flush(), this.#deps.flushMs ?? 1000);
    this.#timer.unref();
  }

  /** Writes the seconds that have ended (all of them when `everything`, on shutdown). */
  flush(everything = false): Promise<void> {
    this.#flushing = this.#flushing.then(() => this.#flushOnce(everything));
    return this.#flushing;
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush(true);
  }

  async #flushOnce(everything: boolean): Promise<void> {
    const current = Math.floor(this.#now() / 1000);
    const due: [string, VariantMetricRow][] = [];
    for (const entry of this.#pending) if (everything || entry[1].second < current) due.push(entry);
    if (due.length === 0) return;
    for (const [key] of due) this.#pending.delete(key);
    try {
      await this.#deps.write(due.map(([, row]) => row));
    } catch (error) {
      // Back in, merged with anything that arrived for the same second meanwhile.
      for (const [key, row] of due) {
        const again = this.#pending.get(key);
        if (again) addSummary(again.summary, row.summary);
        else this.#pending.set(key, row);
      }
      this.#deps.onError?.(error);
    }
  }
}

export type { VariantSummary };
