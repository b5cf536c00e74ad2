import { evaluationKey } from './lifecycle-store.js';

interface Entry {
  environmentId: string;
  flagKey: string;
  /** Epoch ms of the latest evaluation seen. */
  at: number;
}

export interface EvaluationRecorderDeps {
  /** Writes the latest evaluation time of each (environment, flag key). */
  write(rows: { environmentId: string; flagKey: string; at: string }[]): Promise<void>;
  /** Epoch milliseconds. */
  now: () => number;
  flushMs: number;
  onError?: (error: unknown) => void;
  /** Most pairs held while the database is away; beyond, new ones are dropped. */
  maxPending?: number;
}

/**
 * Remembers when each flag was last evaluated where, and writes one row per (environment, flag)
 * per flush: an evaluation costs a map lookup, not a write.
 */
export class EvaluationRecorder {
  #pending = new Map<string, Entry>();
  /** The batch being written: still this recorder's to answer for until it is stored. */
  #writing = new Map<string, Entry>();
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: EvaluationRecorderDeps) {}

  record(environmentId: string, flagKey: string): void {
    const key = evaluationKey(environmentId, flagKey);
    const entry = this.#pending.get(key);
    if (entry) entry.at = this.deps.now();
    else if (this.#pending.size < (this.deps.maxPending ?? 100_000)) {
      this.#pending.set(key, { environmentId, flagKey, at: this.deps.now() });
    }
  }

  /** The latest evaluation seen here but perhaps not stored yet. */
  pendingAt(key: string): string | undefined {
    const at = this.#pending.get(key)?.at ?? this.#writing.get(key)?.at;
    return at === undefined ? undefined : new Date(at).toISOString();
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
    this.#writing = this.#pending;
    this.#pending = new Map();
    const rows = [...this.#writing.values()].map((e) => ({
      environmentId: e.environmentId,
      flagKey: e.flagKey,
      at: new Date(e.at).toISOString(),
    }));
    try {
      await this.deps.write(rows);
    } catch (error) {
      // Kept for the next flush, unless a later evaluation replaced it meanwhile.
      for (const [key, entry] of this.#writing) if (!this.#pending.has(key)) this.#pending.set(key, entry);
      this.deps.onError?.(error);
    } finally {
      this.#writing = new Map();
    }
  }
}
