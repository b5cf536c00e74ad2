import type { Logger } from '@openfeature/web-sdk';
import { type BeaconTransport, beaconEvents } from './beacon-events.js';
import { EventQueue } from './event-queue.js';
import { type DeliveryResult, type EventsEndpoint, postEvents } from './post-events.js';
import type { SdkEvent } from './sdk-event.js';

/** `stopped`: the server refused the key; nothing more is queued or sent. */
export type EventsState = 'active' | 'stopped';

/** How events delivery is going, for diagnostics. */
export interface EventsStatus {
  state: EventsState;
  /** Events queued for the next send. */
  pending: number;
  /** Whether a send is in flight (its events are no longer queued, not yet acknowledged). */
  sending: boolean;
  /** Events lost: pushed out of a full queue, or refused by the server. */
  dropped: number;
  /** Why the last send failed; cleared by the next success. */
  lastError: string | undefined;
}

/** The timers reporting runs on, passed in so tests can drive them. */
export interface EventTimers {
  every(ms: number, run: () => void): () => void;
  soon(run: () => void): void;
}

export const browserTimers: EventTimers = {
  every(ms, run) {
    const timer = setInterval(run, ms);
    return () => clearInterval(timer);
  },
  soon(run) {
    setTimeout(run, 0);
  },
};

export interface EventsReporterDeps {
  endpoint: EventsEndpoint;
  beacon: BeaconTransport;
  logger: Logger;
  now: () => number;
  timers: EventTimers;
}

export interface EventsReporterOptions {
  batchSize: number;
  flushIntervalMs: number;
  queueLimit: number;
}

interface EventsAnswer {
  rejected?: unknown;
  errors?: Array<{ index?: unknown; message?: unknown }>;
}

/**
 * Exposures and tracking events of a page, queued and sent in batches to `POST /sdk/v1/events`
 * (with the key in `X-API-Key`); what is still queued when the page is hidden or unloaded goes
 * by beacon. A failed batch (network, 5xx, 429) goes back to the front of the bounded queue; a
 * malformed one (400) is dropped; a refused key (401/403) stops sending.
 */
export class EventsReporter {
  readonly #deps: EventsReporterDeps;
  readonly #options: EventsReporterOptions;
  readonly #queue: EventQueue<SdkEvent>;
  #cancelTimer: (() => void) | undefined;
  #sending: Promise<void> | undefined;
  #flushSoon = false;
  #failing = false;
  #notBefore = 0;
  #stopped = false;
  #rejected = 0;
  #lastError: string | undefined;

  constructor(deps: EventsReporterDeps, options: EventsReporterOptions) {
    this.#deps = deps;
    this.#options = options;
    this.#queue = new EventQueue(options.queueLimit);
  }

  get status(): EventsStatus {
    return {
      state: this.#stopped ? 'stopped' : 'active',
      pending: this.#queue.length,
      sending: this.#sending !== undefined,
      dropped: this.#queue.dropped + this.#rejected,
      lastError: this.#lastError,
    };
  }

  push(event: SdkEvent): void {
    if (this.#stopped) return;
    this.#queue.push(event);
    if (this.#queue.length >= this.#options.batchSize && !this.#flushSoon && this.#sending === undefined) {
      this.#flushSoon = true;
      this.#deps.timers.soon(() => {
        this.#flushSoon = false;
        // A send in flight takes the new events in its loop.
        if (this.#sending === undefined) void this.flush();
      });
    }
  }

  start(): void {
    this.#cancelTimer ??= this.#deps.timers.every(this.#options.flushIntervalMs, () => {
      if (this.#sending === undefined) void this.flush();
    });
  }

  /** Sends the queue in batches until it is empty or a send fails, after any send in flight. */
  async flush(): Promise<void> {
    while (this.#sending !== undefined) await this.#sending;
    this.#sending = this.#sendAll().finally(() => {
      this.#sending = undefined;
    });
    await this.#sending;
  }

  /**
   * The page is being hidden or unloaded: hand everything queued to the browser by beacon, which
   * outlives the page. (A batch already in flight by fetch may be cut off with it.)
   */
  flushOnUnload(): void {
    if (this.#stopped || this.#queue.length === 0) return;
    const events = this.#queue.take(this.#queue.length);
    const handed = beaconEvents(this.#deps.beacon, events);
    if (handed < events.length) this.#queue.putBack(events.slice(handed));
  }

  /** Stops the timer and sends what is queued, waiting at most `timeoutMs`. */
  async close(timeoutMs: number): Promise<void> {
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([this.flush(), timeout]);
    clearTimeout(timer);
  }

  async #sendAll(): Promise<void> {
    while (this.#queue.length > 0 && !this.#stopped && this.#deps.now() >= this.#notBefore) {
      const batch = this.#queue.take(this.#options.batchSize);
      const result = await postEvents(this.#deps.endpoint, batch);
      this.#settle(result, batch);
      if (result.kind !== 'accepted') return;
    }
  }

  #settle(result: DeliveryResult, batch: SdkEvent[]): void {
    const { logger } = this.#deps;
    switch (result.kind) {
      case 'accepted':
        if (this.#failing) logger.info('switchyard: events delivered again');
        this.#failing = false;
        this.#lastError = undefined;
        this.#noteRefusedEvents(result.body as EventsAnswer | undefined, batch);
        return;
      case 'rejected':
        this.#lastError = result.message;
        this.#rejected += batch.length;
        logger.warn(`switchyard: ${result.message}; ${batch.length} events dropped`);
        return;
      case 'refused':
        this.#lastError = result.message;
        this.#stopped = true;
        this.#rejected += batch.length + this.#queue.take(this.#queue.length).length;
        logger.error(
          `switchyard: ${result.message}; events stopped (is this a client key of the environment?)`,
        );
        return;
      case 'retry':
        this.#lastError = result.message;
        this.#queue.putBack(batch);
        if (result.retryAfterMs !== undefined) this.#notBefore = this.#deps.now() + result.retryAfterMs;
        if (!this.#failing) logger.warn(`switchyard: ${result.message}; events kept for the next attempt`);
        this.#failing = true;
        return;
    }
  }

  /** Events the server refused one by one would be refused again: logged, not resent. */
  #noteRefusedEvents(answer: EventsAnswer | undefined, batch: SdkEvent[]): void {
    const rejected = typeof answer?.rejected === 'number' ? answer.rejected : 0;
    if (rejected <= 0) return;
    this.#rejected += rejected;
    const reasons = (Array.isArray(answer?.errors) ? answer.errors : []).slice(0, 3).map((error) => {
      const event = typeof error.index === 'number' ? batch[error.index] : undefined;
      const what = event === undefined ? `#${String(error.index)}` : describe(event);
      return `${what}: ${String(error.message)}`;
    });
    this.#deps.logger.warn(
      `switchyard: the server refused ${rejected} of ${batch.length} events${reasons.length > 0 ? ` (${reasons.join('; ')})` : ''}`,
    );
  }
}

function describe(event: SdkEvent): string {
  return event.kind === 'exposure' ? `exposure of ${event.flag}` : `track "${event.name}"`;
}
