import { asSdkError } from '../errors.js';
import type { EventStreamTransport } from '../http/event-stream-transport.js';
import { backoffDelay } from './backoff.js';
import { StreamSession } from './stream-session.js';
import type { SyncDeps, SyncEngine } from './sync-engine.js';

/**
 * Streaming sync: one `GET /sdk/v1/stream` connection at a time, reconnecting with exponential
 * backoff and jitter, resuming from the version held so that no change is lost.
 *
 * The stream is read with node:http (or the application's `fetch`) and a small SSE parser rather
 * than an EventSource library: the provider needs the HTTP status of a refused connection
 * (401/403 are fatal, 5xx are retried), its own backoff with jitter instead of the fixed `retry:`
 * delay, a heartbeat watchdog and `Last-Event-ID` set from the version it actually applied.
 */
export class StreamSync implements SyncEngine {
  readonly #deps: SyncDeps;
  readonly #idleTimeoutMs: number;
  readonly #transport: EventStreamTransport;
  readonly #stop = new AbortController();
  #attempt = 0;
  #timer: NodeJS.Timeout | undefined;
  #started = false;

  constructor(deps: SyncDeps, options: { idleTimeoutMs: number; transport: EventStreamTransport }) {
    this.#deps = deps;
    this.#idleTimeoutMs = options.idleTimeoutMs;
    this.#transport = options.transport;
  }

  start(): void {
    if (this.#started || this.#stop.signal.aborted) return;
    this.#started = true;
    void this.#connect();
  }

  stop(): void {
    this.#stop.abort();
    clearTimeout(this.#timer);
  }

  async #connect(): Promise<void> {
    const session = new StreamSession(this.#deps, this.#transport, this.#idleTimeoutMs, this.#stop.signal);
    try {
      await session.run();
    } catch (thrown) {
      if (this.#stop.signal.aborted) return;
      const error = asSdkError(thrown);
      if (error.fatal) {
        this.stop();
        this.#deps.callbacks.fatal(error);
        return;
      }
      if (session.delivered) this.#attempt = 0;
      const delay = backoffDelay(this.#attempt++, this.#deps.backoff, this.#deps.random);
      this.#deps.logger.warn(`switchyard: ${error.message}; reconnecting in ${delay} ms`);
      this.#deps.callbacks.lost(error);
      if (this.#stop.signal.aborted) return;
      this.#timer = setTimeout(() => void this.#connect(), delay);
      this.#timer.unref();
    }
  }
}
