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

/** Entries by environment id, then flag key. */
type Entries = Map<string, Map<string, Entry>>;

/**
 * Remembers when each flag was last evaluated where, and writes one row per (environment, flag)
 * per flush: an evaluation costs two map lookups, not a write. The maps are keyed by the
 * environment id and the flag key as they are (strings whose hashes V8 keeps), never by a string
 * built per evaluation: a bulk OFREP request records every flag of the set.
 */
export class EvaluationRecorder {
  #pending: Entries = new Map();
  #pendingCount = 0;
  /** The batch being written: still this recorder's to answer for until it is stored. */
  #writing: Entries = new Map();
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: EvaluationRecorderDeps) {}

  record(environmentId: string, flagKey: string): void {
    const entry = this.#pending.get(environmentId)?.get(flagKey);
    if (entry !== undefined) entry.at = this.deps.now();
    else if (this.#hasRoom()) this.#hold({ environmentId, flagKey, at: this.deps.now() });
  }

  /** Every flag of a bulk evaluation, at one instant (one clock read for them all). */
  recordAll(environmentId: string, flagKeys: readonly string[]): void {
    const at = this.deps.now();
    let flags = this.#pending.get(environmentId);
    for (const flagKey of flagKeys) {
      const entry = flags?.get(flagKey);
      if (entry !== undefined) entry.at = at;
      else if (this.#hasRoom()) flags = this.#hold({ environmentId, flagKey, at });
    }
  }

  /** The latest evaluation seen here but perhaps not stored yet. */
  pendingAt(environmentId: string, flagKey: string): string | undefined {
    const at =
      this.#pending.get(environmentId)?.get(flagKey)?.at ??
      this.#writing.get(environmentId)?.get(flagKey)?.at;
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
    if (this.#pendingCount === 0) return;
    this.#writing = this.#pending;
    this.#pending = new Map();
    this.#pendingCount = 0;
    const rows: { environmentId: string; flagKey: string; at: string }[] = [];
    for (const flags of this.#writing.values()) {
      for (const e of flags.values()) {
        rows.push({ environmentId: e.environmentId, flagKey: e.flagKey, at: new Date(e.at).toISOString() });
      }
    }
    try {
      await this.deps.write(rows);
    } catch (error) {
      // Kept for the next flush, unless a later evaluation replaced it meanwhile.
      for (const flags of this.#writing.values()) {
        for (const entry of flags.values()) this.#keepUnlessNewer(entry);
      }
      this.deps.onError?.(error);
    } finally {
      this.#writing = new Map();
    }
  }

  #keepUnlessNewer(entry: Entry): void {
    if (!this.#pending.get(entry.environmentId)?.has(entry.flagKey)) this.#hold(entry);
  }

  /** Whether another pair may be held (at most maxPending while the database is away). */
  #hasRoom(): boolean {
    return this.#pendingCount < (this.deps.maxPending ?? 100_000);
  }

  /** Holds a pair not held yet; returns its environment's entries. */
  #hold(entry: Entry): Map<string, Entry> {
    let flags = this.#pending.get(entry.environmentId);
    if (flags === undefined) {
      flags = new Map();
      this.#pending.set(entry.environmentId, flags);
    }
    flags.set(entry.flagKey, entry);
    this.#pendingCount++;
    return flags;
  }
}
