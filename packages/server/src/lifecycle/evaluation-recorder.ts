import { evaluationKey } from './lifecycle-store.js';

export interface EvaluationRecorderDeps {
  /** Writes the latest evaluation time of each (environment, flag key). */
  write(rows: { environmentId: string; flagKey: string; at: string }[]): Promise<void>;
  now: () => Date;
  flushMs: number;
  onError?: (error: unknown) => void;
  /** Most pairs held while the database is away; beyond, new ones are dropped. */
  maxPending?: number;
}

/**
 * Remembers which flags were evaluated where, and writes one row per (environment, flag) per
 * flush, stamped with the flush time: an evaluation costs a set insertion, not a write.
 */
export class EvaluationRecorder {
  #pending = new Map<string, { environmentId: string; flagKey: string }>();
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: EvaluationRecorderDeps) {}

  record(environmentId: string, flagKey: string): void {
    const key = evaluationKey(environmentId, flagKey);
    if (this.#pending.has(key) || this.#pending.size >= (this.deps.maxPending ?? 100_000)) return;
    this.#pending.set(key, { environmentId, flagKey });
  }

  /** Evaluations seen but not written yet count as happening now. */
  pendingAt(key: string): string | undefined {
    return this.#pending.has(key) ? this.deps.now().toISOString() : undefined;
  }

  start(): void {
    this.#timer = setInterval(() => void this.flush(), this.deps.flushMs);
    this.#timer.unref();
  }

  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(() => this.#flushOnce());
    return this.#flushing;
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }

  async #flushOnce(): Promise<void> {
    if (this.#pending.size === 0) return;
    const batch = this.#pending;
    this.#pending = new Map();
    const at = this.deps.now().toISOString();
    try {
      await this.deps.write([...batch.values()].map((entry) => ({ ...entry, at })));
    } catch (error) {
      // Kept for the next flush (a later stamp only errs towards "recently evaluated").
      for (const [key, entry] of batch) if (!this.#pending.has(key)) this.#pending.set(key, entry);
      this.deps.onError?.(error);
    }
  }
}
