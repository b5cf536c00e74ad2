import type { Logger } from '@openfeature/server-sdk';
import type { SdkHttp } from '../http/sdk-http.js';
import { DeliveryTracker, type ReporterStatus } from '../reporting/delivery-tracker.js';
import { postReport } from '../reporting/post-report.js';
import type { ReportTimers } from '../reporting/report-timers.js';
import { untilAborted } from '../reporting/until-aborted.js';
import { EventQueue } from './event-queue.js';
import type { SdkEvent } from './sdk-event.js';

export const EVENTS_PATH = 'sdk/v1/events';

export interface EventsReporterDeps {
  http: SdkHttp;
  logger: Logger;
  /** Epoch ms. */
  now: () => number;
  timers: ReportTimers;
}

export interface EventsReporterOptions {
  /** A full batch is sent at once; at most this many events go in one request. */
  batchSize: number;
  /** Whatever is queued is sent at least this often. */
  flushIntervalMs: number;
  /** Most events held while the server cannot be reached. */
  queueLimit: number;
}

/** The server's 202 answer: events it took, and why it refused the others (by index in the batch). */
interface EventsAnswer {
  accepted?: unknown;
  rejected?: unknown;
  errors?: Array<{ index?: unknown; message?: unknown }>;
}

/**
 * Exposures and tracking events, queued and sent in batches to `POST /sdk/v1/events`. A batch
 * that fails for a reason that may pass (network, 5xx, 429) goes back to the front of the queue;
 * the queue is bounded and drops its oldest events when full. A malformed batch (400) is dropped;
 * a refused key (401/403) stops sending.
 */
export class EventsReporter {
  readonly #deps: EventsReporterDeps;
  readonly #options: EventsReporterOptions;
  readonly #queue: EventQueue<SdkEvent>;
  readonly #delivery: DeliveryTracker;
  #cancelTimer: (() => void) | undefined;
  #sending: Promise<void> | undefined;
  #flushSoon = false;
  #rejected = 0;

  constructor(deps: EventsReporterDeps, options: EventsReporterOptions) {
    this.#deps = deps;
    this.#options = options;
    this.#queue = new EventQueue(options.queueLimit);
    this.#delivery = new DeliveryTracker('exposure and tracking events', deps.logger);
  }

  get status(): ReporterStatus {
    return {
      state: this.#delivery.stopped ? 'stopped' : 'active',
      pending: this.#queue.length,
      dropped: this.#queue.dropped + this.#rejected,
      lastError: this.#delivery.lastError,
    };
  }

  push(event: SdkEvent): void {
    if (this.#delivery.stopped) return;
    this.#queue.push(event);
    if (this.#queue.length >= this.#options.batchSize && !this.#flushSoon && this.#sending === undefined) {
      // Never send from inside an evaluation or a track() call: schedule it.
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
  async flush(signal?: AbortSignal): Promise<void> {
    while (this.#sending !== undefined) await this.#sending;
    this.#sending = this.#sendAll(signal).finally(() => {
      this.#sending = undefined;
    });
    await this.#sending;
  }

  /** Stops the timer, lets a send in flight finish, then sends the rest: all within `timeoutMs`. */
  async close(timeoutMs: number): Promise<void> {
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    const signal = AbortSignal.timeout(timeoutMs);
    await untilAborted(this.flush(signal), signal);
  }

  async #sendAll(signal: AbortSignal | undefined): Promise<void> {
    const { now } = this.#deps;
    while (this.#queue.length > 0 && this.#delivery.maySend(now()) && !signal?.aborted) {
      const batch = this.#queue.take(this.#options.batchSize);
      const result = await postReport(this.#deps.http, EVENTS_PATH, { events: batch }, signal);
      this.#delivery.settle(result, now());
      if (result.kind === 'accepted') {
        this.#noteRefusedEvents(result.body as EventsAnswer | undefined, batch);
        continue;
      }
      if (result.kind === 'retry') this.#queue.putBack(batch);
      else this.#rejected += batch.length;
      // Refused: nothing queued will ever be sent, so it is not kept either.
      if (result.kind === 'refused') this.#rejected += this.#queue.take(this.#queue.length).length;
      return;
    }
  }

  /** Events the server refused one by one are not sent again (they would be refused again): logged. */
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
