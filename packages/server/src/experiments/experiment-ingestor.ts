import type { SdkEvent } from './event-batch.js';
import { type ExperimentBatch, ExperimentIndex, mergeBatch, type RoutingCounts } from './event-routing.js';
import type { CollectingExperiment } from './experiment-store.js';
import { ledgerChanges } from './unit-ledger.js';
import type { UnitStore } from './unit-store.js';

export interface ExperimentIngestorDeps {
  /** Experiments that take events now (running, or stopped a moment ago). */
  collecting(now: number): Promise<CollectingExperiment[]>;
  /** Runs `work` in one transaction with the unit store on it. */
  transaction<T>(work: (units: UnitStore) => Promise<T>): Promise<T>;
  now?: () => number;
  /** How often buffered events are written (default 1000 ms). */
  flushMs?: number;
  /** Most events held (buffered, or waiting for the database); beyond, `add` refuses. */
  maxBuffered?: number;
  /** How long a tracked event waits for its unit's exposure (another replica may hold it). */
  graceMs?: number;
  onError?: (error: unknown) => void;
}

/** Running totals, for the metrics endpoint and the benchmark. */
export interface IngestionCounts extends RoutingCounts {
  attributed: number;
  discarded: number;
  refused: number;
}

/**
 * Exposures and tracked events are aggregated, not stored: buffered per environment as they arrive,
 * then, every second, sorted into the experiments they feed and written per experiment in one
 * transaction: each unit's first exposure, and per unit and event the count and sum of values
 * inside its attribution window. What fails to write is kept and retried; when too much is held,
 * new batches are refused (503) and the SDKs retry.
 */
export class ExperimentIngestor {
  readonly #deps: ExperimentIngestorDeps;
  readonly #now: () => number;
  #buffer: { environmentId: string; events: readonly SdkEvent[]; seenAt: number }[] = [];
  #buffered = 0;
  /** Events taken by the flush under way: still pending until it is done. */
  #writing = 0;
  /** Per experiment: what a flush could not write, or tracks still waiting for their unit. */
  #carried = new Map<number, ExperimentBatch>();
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();
  readonly counts: IngestionCounts = {
    exposures: 0,
    tracks: 0,
    ignored: 0,
    attributed: 0,
    discarded: 0,
    refused: 0,
  };

  constructor(deps: ExperimentIngestorDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
  }

  /** Events held and not yet written. */
  get pending(): number {
    let carried = 0;
    for (const batch of this.#carried.values()) carried += batch.exposures.size + batch.tracks.length;
    return this.#buffered + this.#writing + carried;
  }

  /** Takes a batch of an environment's events; false when too much is held already (try later). */
  add(environmentId: string, events: readonly SdkEvent[]): boolean {
    if (events.length === 0) return true;
    if (this.pending + events.length > (this.#deps.maxBuffered ?? 1_000_000)) {
      this.counts.refused += events.length;
      return false;
    }
    this.#buffer.push({ environmentId, events, seenAt: this.#now() });
    this.#buffered += events.length;
    return true;
  }

  start(): void {
    this.#timer = setInterval(() => void this.flush(), this.#deps.flushMs ?? 1000);
    this.#timer.unref();
  }

  /** Writes everything buffered; resolves when done (flushes run one at a time). */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(() =>
      this.#flushOnce().catch((error) => this.#deps.onError?.(error)),
    );
    return this.#flushing;
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }

  async #flushOnce(): Promise<void> {
    if (this.#buffer.length === 0 && this.#carried.size === 0) return;
    const now = this.#now();
    const experiments = await this.#deps.collecting(now);
    const buffer = this.#buffer;
    this.#writing = this.#buffered;
    this.#buffer = [];
    this.#buffered = 0;
    const batches = this.#carried;
    this.#carried = new Map();
    const index = new ExperimentIndex(experiments);
    for (const chunk of buffer)
      index.route(chunk.environmentId, chunk.events, chunk.seenAt, batches, this.counts);
    const byId = new Map(experiments.map((e) => [e.id, e]));
    try {
      await this.#writeAll(batches, byId, now);
    } finally {
      this.#writing = 0;
    }
  }

  async #writeAll(
    batches: Map<number, ExperimentBatch>,
    byId: Map<number, CollectingExperiment>,
    now: number,
  ): Promise<void> {
    for (const [id, batch] of batches) {
      const experiment = byId.get(id);
      // Deleted, or stopped long enough ago that late events no longer count.
      if (!experiment) continue;
      try {
        const retry = await this.#write(experiment, batch, now);
        if (retry.tracks.length > 0) this.#carry(id, retry);
      } catch (error) {
        this.#carry(id, batch);
        this.#deps.onError?.(error);
      }
    }
  }

  async #write(
    experiment: CollectingExperiment,
    batch: ExperimentBatch,
    now: number,
  ): Promise<ExperimentBatch> {
    const id = experiment.id;
    const changes = await this.#deps.transaction(async (units) => {
      const inserted = await units.insertNew(id, [...batch.exposures.values()]);
      // Units this flush inserted were not there before it, and have no totals yet: only the others
      // are read (and locked), and the ledger counts the new ones in.
      const known = new Set<string>();
      for (const unit of batch.exposures.keys()) if (!inserted.has(unit)) known.add(unit);
      for (const track of batch.tracks) if (!inserted.has(track.unit)) known.add(track.unit);
      const before = await units.lock(id, [...known]);
      const totals = await units.eventTotals(id, [...before.keys()]);
      const result = ledgerChanges({
        design: experiment.design,
        batch,
        before,
        totals,
        inserted,
        now,
        graceMs: this.#deps.graceMs ?? 30_000,
      });
      await units.writeUnits(id, result.units);
      await units.writeTotals(id, result.totals);
      await units.addSums(id, result.sums);
      await units.addVariantCounts(id, result.variants);
      return result;
    });
    this.counts.attributed += changes.attributed;
    this.counts.discarded += changes.discarded;
    return { exposures: new Map(), tracks: changes.retry };
  }

  #carry(id: number, batch: ExperimentBatch): void {
    const carried = this.#carried.get(id);
    if (carried) mergeBatch(carried, batch);
    else this.#carried.set(id, batch);
  }
}
