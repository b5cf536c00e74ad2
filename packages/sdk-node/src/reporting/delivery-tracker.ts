import type { Logger } from '@openfeature/server-sdk';
import type { SwitchyardSdkError } from '../errors.js';
import type { DeliveryResult } from './post-report.js';

/** `off`: disabled by an option. `stopped`: the server refused the key; nothing more is sent. */
export type ReportingState = 'off' | 'active' | 'stopped';

/** A reporter's health, for diagnostics and health checks. */
export interface ReporterStatus {
  state: ReportingState;
  /** Held for the next send: events queued, or (flag, variant) summaries for telemetry. */
  pending: number;
  /** Lost: events pushed out of a full queue, or batches the server rejected as malformed. */
  dropped: number;
  /** Why the last send failed; cleared by the next success. */
  lastError: SwitchyardSdkError | undefined;
}

/**
 * What a reporter remembers between sends: whether it was refused, how long the server asked it
 * to wait, and whether an outage was already logged (one warning per outage, not one per retry).
 */
export class DeliveryTracker {
  readonly #what: string;
  readonly #logger: Logger;
  #failing = false;
  #notBefore = 0;
  stopped = false;
  lastError: SwitchyardSdkError | undefined;

  constructor(what: string, logger: Logger) {
    this.#what = what;
    this.#logger = logger;
  }

  /** False once refused, or while a Retry-After holds. */
  maySend(now: number): boolean {
    return !this.stopped && now >= this.#notBefore;
  }

  /** Records the answer and logs what the application's operators should know. */
  settle(result: DeliveryResult, now: number): void {
    switch (result.kind) {
      case 'accepted':
        if (this.#failing) this.#logger.info(`switchyard: ${this.#what} delivered again`);
        this.#failing = false;
        this.lastError = undefined;
        return;
      case 'rejected':
        this.lastError = result.error;
        this.#logger.warn(`switchyard: ${result.error.message}; the batch of ${this.#what} was dropped`);
        return;
      case 'refused':
        this.lastError = result.error;
        this.stopped = true;
        this.#logger.error(`switchyard: ${result.error.message}; ${this.#what} stopped`);
        return;
      case 'retry':
        this.lastError = result.error;
        if (result.retryAfterMs !== undefined) this.#notBefore = now + result.retryAfterMs;
        if (!this.#failing) {
          this.#logger.warn(`switchyard: ${result.error.message}; ${this.#what} kept for the next attempt`);
        }
        this.#failing = true;
        return;
    }
  }
}
