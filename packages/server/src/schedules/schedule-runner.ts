import { randomUUID } from 'node:crypto';
import type { Db } from '../storage/database.js';
import { type RunScheduleDeps, runClaimedSchedule } from './run-schedule.js';

export interface ScheduleRunnerDeps extends Omit<RunScheduleDeps, 'db' | 'maxAttempts' | 'now'> {
  db: Db;
  /** Names this replica on the schedules it runs. */
  replica: string;
  /** How often due schedules are looked for (default 1000 ms). */
  intervalMs?: number;
  /** A claim older than this is taken to belong to a replica that died (default 60 s). */
  claimTimeoutMs?: number;
  maxAttempts?: number;
  now?: () => Date;
}

/** How many due schedules one look takes on; the rest wait for the next. */
const BATCH = 20;

/**
 * Runs due schedules, on every replica: each one claims a due schedule in one conditional update
 * (exactly one replica gets it), runs it and records the outcome (see `runClaimedSchedule`). A
 * schedule whose claim is older than the timeout (its replica died mid-run) is claimed again.
 * State lives in the database: a restart loses nothing.
 */
export class ScheduleRunner {
  readonly #deps: ScheduleRunnerDeps;
  readonly #now: () => Date;
  #timer: NodeJS.Timeout | undefined;
  #round: Promise<void> | undefined;

  constructor(deps: ScheduleRunnerDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? (() => new Date());
  }

  start(): void {
    this.#timer = setInterval(() => {
      if (!this.#round) this.#round = this.round().finally(() => (this.#round = undefined));
    }, this.#deps.intervalMs ?? 1000);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#round;
  }

  /** One look: claims and runs every due schedule, one after the other. */
  async round(): Promise<void> {
    const store = this.#deps.schedules(this.#deps.db, this.#deps.dialect);
    try {
      const now = this.#now();
      const staleBefore = new Date(now.getTime() - (this.#deps.claimTimeoutMs ?? 60_000)).toISOString();
      for (const id of await store.due(now.toISOString(), staleBefore, BATCH)) {
        const claimId = randomUUID();
        const claimed = await store.claim(
          id,
          { replica: this.#deps.replica, claimId },
          this.#now().toISOString(),
          staleBefore,
        );
        if (claimed) await runClaimedSchedule(this.#runDeps(), claimed);
      }
    } catch (error) {
      this.#deps.log.warn({ err: error }, 'looking for due schedules failed; looking again next round');
    }
  }

  #runDeps(): RunScheduleDeps {
    return { ...this.#deps, maxAttempts: this.#deps.maxAttempts ?? 3, now: this.#now };
  }
}
