import type {
  EvaluationContext,
  Logger,
  ResolutionDetails,
  TrackingEventDetails,
} from '@openfeature/server-sdk';
import { EventsReporter } from '../events/events-reporter.js';
import { ExposureDedup } from '../events/exposure-dedup.js';
import { trackingEvent } from '../events/tracking-event.js';
import type { SdkHttp } from '../http/sdk-http.js';
import type { ReporterStatus } from '../reporting/delivery-tracker.js';
import type { ReportTimers } from '../reporting/report-timers.js';
import { requestScope } from '../request-scope/request-outcomes.js';
import { SDK_INFO } from '../sdk-info.js';
import { TelemetryReporter } from '../telemetry/telemetry-reporter.js';
import { assignedVariant } from './assigned-variant.js';
import type { ResolvedReportingOptions } from './reporting-options.js';

/** What the provider reports, and how it is going. */
export interface ReportingStatus {
  telemetry: ReporterStatus;
  events: ReporterStatus;
}

export interface ProviderReportingDeps {
  http: SdkHttp;
  logger: Logger;
  /** Epoch ms. */
  now: () => number;
  timers: ReportTimers;
}

/** Distinct tracking problems warned about, at most (the rest would only repeat). */
const MAX_WARNINGS = 100;

/**
 * Everything the provider sends back to the server: per-variant request telemetry, exposures and
 * tracking events. Evaluations and track() calls only touch memory; sending happens on timers.
 */
export class ProviderReporting {
  readonly #deps: ProviderReportingDeps;
  readonly #options: ResolvedReportingOptions;
  readonly #telemetry: TelemetryReporter | undefined;
  readonly #events: EventsReporter;
  readonly #exposures: ExposureDedup | undefined;
  readonly #warned = new Set<string>();

  constructor(deps: ProviderReportingDeps, options: ResolvedReportingOptions) {
    this.#deps = deps;
    this.#options = options;
    this.#telemetry = options.telemetry
      ? new TelemetryReporter(deps, { intervalMs: options.telemetryIntervalMs, sdk: SDK_INFO })
      : undefined;
    this.#events = new EventsReporter(deps, {
      batchSize: options.eventBatchSize,
      flushIntervalMs: options.eventFlushIntervalMs,
      queueLimit: options.eventQueueLimit,
    });
    this.#exposures = options.exposures
      ? new ExposureDedup(options.exposureDedupWindowMs, options.exposureDedupLimit)
      : undefined;
  }

  get status(): ReportingStatus {
    const off: ReporterStatus = { state: 'off', pending: 0, dropped: 0, lastError: undefined };
    return { telemetry: this.#telemetry?.status ?? off, events: this.#events.status };
  }

  /** Called with every resolution the provider returns: notes assignments for telemetry and exposures. */
  observe(flagKey: string, details: ResolutionDetails<unknown>, context: EvaluationContext): void {
    const variant = assignedVariant(details);
    if (variant === undefined) return;
    if (this.#telemetry !== undefined) requestScope.getStore()?.note(this.#telemetry, flagKey, variant);
    const { targetingKey } = context;
    if (this.#exposures === undefined || typeof targetingKey !== 'string' || targetingKey === '') return;
    const now = this.#deps.now();
    if (!this.#exposures.admit(targetingKey, flagKey, variant, now)) return;
    this.#events.push({ kind: 'exposure', flag: flagKey, variant, targetingKey, timestamp: now });
  }

  track(name: string, context: EvaluationContext, details: TrackingEventDetails | undefined): void {
    const outcome = trackingEvent(name, context, details, this.#deps.now());
    if ('event' in outcome) this.#events.push(outcome.event);
    else this.#warnOnce(outcome.problem);
  }

  start(): void {
    this.#telemetry?.start();
    this.#events.start();
  }

  /** Sends what is buffered now. */
  async flush(): Promise<void> {
    await Promise.all([this.#telemetry?.flush(), this.#events.flush()]);
  }

  /** Stops the timers and delivers what is buffered, waiting at most `flushTimeout`. */
  async close(): Promise<void> {
    const timeout = this.#options.flushTimeoutMs;
    await Promise.all([this.#telemetry?.close(timeout), this.#events.close(timeout)]);
    const { telemetry, events } = this.status;
    if (telemetry.pending + events.pending > 0) {
      this.#deps.logger.warn(
        `switchyard: closed with ${events.pending} events and ${telemetry.pending} telemetry summaries undelivered`,
      );
    }
  }

  #warnOnce(problem: string): void {
    if (this.#warned.has(problem) || this.#warned.size >= MAX_WARNINGS) return;
    this.#warned.add(problem);
    this.#deps.logger.warn(`switchyard: ${problem}`);
  }
}
