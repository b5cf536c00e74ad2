import { FlagSetValidationError } from '@switchyard/core';
import { asSdkError, SwitchyardSdkError } from '../errors.js';
import { fetchFlagSet } from '../http/fetch-flag-set.js';
import { backoffDelay } from './backoff.js';
import type { SyncDeps, SyncEngine } from './sync-engine.js';

/**
 * Polling sync, for networks that do not let a stream through: `GET /sdk/v1/flagset` every
 * interval with `If-None-Match`, so an unchanged set costs a 304. Failures are retried sooner
 * (backoff, capped at the interval).
 */
export class PollingSync implements SyncEngine {
  readonly #deps: SyncDeps;
  readonly #intervalMs: number;
  readonly #stop = new AbortController();
  #attempt = 0;
  #timer: NodeJS.Timeout | undefined;
  #started = false;

  constructor(deps: SyncDeps, options: { intervalMs: number }) {
    this.#deps = deps;
    this.#intervalMs = options.intervalMs;
  }

  start(): void {
    if (this.#started || this.#stop.signal.aborted) return;
    this.#started = true;
    void this.#poll();
  }

  stop(): void {
    this.#stop.abort();
    clearTimeout(this.#timer);
  }

  async #poll(): Promise<void> {
    const { store, callbacks } = this.#deps;
    const random = this.#deps.random ?? Math.random;
    let delay: number;
    try {
      const result = await fetchFlagSet(this.#deps.http, {
        ifNoneMatch: store.source === 'server' ? store.etag : undefined,
        signal: this.#stop.signal,
      });
      if (this.#stop.signal.aborted) return;
      let changed: string[] = [];
      if (result.kind === 'document') {
        try {
          changed = store.replace(result.document, {
            source: 'server',
            version: result.version,
            etag: result.etag,
          });
        } catch (error) {
          if (!(error instanceof FlagSetValidationError)) throw error;
          throw new SwitchyardSdkError('BAD_RESPONSE', 'the server sent a flag set that does not parse', {
            cause: error,
          });
        }
      }
      this.#attempt = 0;
      // Spread the polls of many processes started together.
      delay = Math.round(this.#intervalMs * (1 - 0.1 * random()));
      callbacks.synced(changed);
    } catch (thrown) {
      if (this.#stop.signal.aborted) return;
      const error = asSdkError(thrown);
      if (error.fatal) {
        this.stop();
        callbacks.fatal(error);
        return;
      }
      delay = Math.min(this.#intervalMs, backoffDelay(this.#attempt++, this.#deps.backoff, random));
      this.#deps.logger.warn(`switchyard: ${error.message}; polling again in ${delay} ms`);
      callbacks.lost(error);
    }
    if (this.#stop.signal.aborted) return;
    this.#timer = setTimeout(() => void this.#poll(), delay);
    this.#timer.unref();
  }
}
