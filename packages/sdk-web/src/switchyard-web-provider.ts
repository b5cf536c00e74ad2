import { OFREPWebProvider, type OFREPWebProviderOptions } from '@openfeature/ofrep-web-provider';
import type {
  EvaluationContext,
  JsonValue,
  Logger,
  ResolutionDetails,
  TrackingEventDetails,
} from '@openfeature/web-sdk';
import { assignedVariant } from './events/assigned-variant.js';
import {
  browserTimers,
  EventsReporter,
  type EventsStatus,
  type EventTimers,
} from './events/events-reporter.js';
import { ExposureDedup } from './events/exposure-dedup.js';
import { trackingEvent } from './events/tracking-event.js';
import type { EventsOptions } from './events-options.js';
import { watchPageExit } from './watch-page-exit.js';

/** Where the page's events go, and how. */
export interface SwitchyardEventsConfig {
  /** The Switchyard base URL, absolute, without a trailing slash. */
  baseUrl: string;
  clientKey: string;
  options: EventsOptions;
  /** Test seams; the browser's by default. */
  now?: () => number;
  timers?: EventTimers;
}

const consoleLogger: Logger = {
  error: (...args: unknown[]) => console.error(...args),
  warn: (...args: unknown[]) => console.warn(...args),
  info: () => {},
  debug: () => {},
};

/** Distinct tracking problems warned about, at most (the rest would only repeat). */
const MAX_WARNINGS = 100;

/**
 * The official OFREP web provider, plus what Switchyard's experiments need from a page: it
 * records exposures (which variant each unit was served, once per window) and the events given to
 * OpenFeature's `track`, and sends them in batches to `POST /sdk/v1/events`; when the page is
 * hidden or unloaded, what is left goes by beacon.
 */
export class SwitchyardWebProvider extends OFREPWebProvider {
  readonly #reporter: EventsReporter;
  readonly #exposures: ExposureDedup | undefined;
  readonly #options: EventsOptions;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #warned = new Set<string>();
  #stopWatchingPage: (() => void) | undefined;

  constructor(ofrep: OFREPWebProviderOptions, events: SwitchyardEventsConfig, logger?: Logger) {
    super(ofrep, logger);
    const { options } = events;
    this.#options = options;
    this.#logger = logger ?? consoleLogger;
    this.#now = events.now ?? Date.now;
    const fetchImpl = ofrep.fetchImplementation ?? ((input, init) => globalThis.fetch(input, init));
    const url = `${events.baseUrl}/sdk/v1/events`;
    const navigatorRef = globalThis.navigator as Navigator | undefined;
    this.#reporter = new EventsReporter(
      {
        endpoint: {
          url,
          clientKey: events.clientKey,
          fetch: fetchImpl,
          timeoutMs: ofrep.timeoutMs ?? 10_000,
        },
        beacon: {
          url: `${url}?key=${encodeURIComponent(events.clientKey)}`,
          sendBeacon:
            typeof navigatorRef?.sendBeacon === 'function'
              ? (target, data) => navigatorRef.sendBeacon(target, data)
              : undefined,
          fetch: fetchImpl,
        },
        logger: this.#logger,
        now: this.#now,
        timers: events.timers ?? browserTimers,
      },
      {
        batchSize: options.eventBatchSize,
        flushIntervalMs: options.eventFlushIntervalMs,
        queueLimit: options.eventQueueLimit,
      },
    );
    this.#exposures = options.exposures
      ? new ExposureDedup(options.exposureDedupWindowMs, options.exposureDedupLimit)
      : undefined;
  }

  /** How events delivery is going: queued, dropped, refused, last error. */
  get reporting(): EventsStatus {
    return this.#reporter.status;
  }

  override async initialize(context?: EvaluationContext, domain?: string): Promise<void> {
    this.#reporter.start();
    this.#stopWatchingPage ??= watchPageExit(() => this.#reporter.flushOnUnload());
    return super.initialize(context, domain);
  }

  override async onClose(): Promise<void> {
    await super.onClose?.();
    this.#stopWatchingPage?.();
    this.#stopWatchingPage = undefined;
    await this.#reporter.close(this.#options.flushTimeoutMs);
  }

  /**
   * Records a tracking event (a conversion) for the context's targetingKey: what
   * `OpenFeature.getClient().track('purchase', { value: 30 })` calls. Only `value` (a finite
   * number) is sent of the details.
   */
  track(trackingEventName: string, context: EvaluationContext, details?: TrackingEventDetails): void {
    const outcome = trackingEvent(trackingEventName, context, details, this.#now());
    if ('event' in outcome) {
      this.#reporter.push(outcome.event);
    } else if (!this.#warned.has(outcome.problem) && this.#warned.size < MAX_WARNINGS) {
      this.#warned.add(outcome.problem);
      this.#logger.warn(`switchyard: ${outcome.problem}`);
    }
  }

  /** Sends the queued events now. */
  flush(): Promise<void> {
    return this.#reporter.flush();
  }

  override resolveBooleanEvaluation(
    flagKey: string,
    defaultValue: boolean,
    context: EvaluationContext,
  ): ResolutionDetails<boolean> {
    return this.#observed(flagKey, super.resolveBooleanEvaluation(flagKey, defaultValue, context), context);
  }

  override resolveStringEvaluation(
    flagKey: string,
    defaultValue: string,
    context: EvaluationContext,
  ): ResolutionDetails<string> {
    return this.#observed(flagKey, super.resolveStringEvaluation(flagKey, defaultValue, context), context);
  }

  override resolveNumberEvaluation(
    flagKey: string,
    defaultValue: number,
    context: EvaluationContext,
  ): ResolutionDetails<number> {
    return this.#observed(flagKey, super.resolveNumberEvaluation(flagKey, defaultValue, context), context);
  }

  override resolveObjectEvaluation<T extends JsonValue>(
    flagKey: string,
    defaultValue: T,
    context: EvaluationContext,
  ): ResolutionDetails<T> {
    return this.#observed(flagKey, super.resolveObjectEvaluation(flagKey, defaultValue, context), context);
  }

  #observed<T>(
    flagKey: string,
    details: ResolutionDetails<T>,
    context: EvaluationContext,
  ): ResolutionDetails<T> {
    const { targetingKey } = context;
    if (this.#exposures === undefined || typeof targetingKey !== 'string' || targetingKey === '')
      return details;
    const variant = assignedVariant({ ...details, reason: this.#reasonOf(flagKey, details) });
    if (variant === undefined) return details;
    const now = this.#now();
    if (this.#exposures.admit(targetingKey, flagKey, variant, now)) {
      this.#reporter.push({ kind: 'exposure', flag: flagKey, variant, targetingKey, timestamp: now });
    }
    return details;
  }

  /**
   * The reason the server gave. While the provider serves values persisted by an earlier visit
   * it reports them as CACHED; the persisted evaluation still holds the original reason, and the
   * unit is being shown that variant, so it counts as the server's reason would.
   */
  #reasonOf(flagKey: string, details: ResolutionDetails<unknown>): string | undefined {
    if (details.reason !== 'CACHED') return details.reason;
    const cached = this.flagCache[flagKey] as { reason?: unknown } | undefined;
    return typeof cached?.reason === 'string' ? cached.reason : undefined;
  }
}
