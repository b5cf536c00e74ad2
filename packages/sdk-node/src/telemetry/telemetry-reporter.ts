import type { Logger } from '@openfeature/server-sdk';
import type { SdkHttp } from '../http/sdk-http.js';
import { DeliveryTracker, type ReporterStatus } from '../reporting/delivery-tracker.js';
import { postReport } from '../reporting/post-report.js';
import type { ReportTimers } from '../reporting/report-timers.js';
import { untilAborted } from '../reporting/until-aborted.js';
import type { RequestOutcome, RequestOutcomeSink } from '../request-scope/request-outcomes.js';
import { type TelemetryPayload, telemetryPayload } from './telemetry-payload.js';
import { VariantSummaries } from './variant-summaries.js';

export const TELEMETRY_PATH = 'sdk/v1/telemetry';

export interface TelemetryReporterDeps {
  http: SdkHttp;
  logger: Logger;
  /** Epoch ms. */
  now: () => number;
  timers: ReportTimers;
}

/**
 * Per-variant request telemetry: sums each request's outcome into its (flag, variant) summaries
 * and sends them every interval. A send that fails for a reason that may pass (network, 5xx, 429)
 * is merged back and goes with the next one; a malformed batch (400) is dropped; a refused key
 * (401/403) stops telemetry.
 */
export class TelemetryReporter implements RequestOutcomeSink {
  readonly #deps: TelemetryReporterDeps;
  readonly #intervalMs: number;
  readonly #sdk: TelemetryPayload['sdk'];
  readonly #summaries: VariantSummaries;
  readonly #delivery: DeliveryTracker;
  #cancelTimer: (() => void) | undefined;
  #sending: Promise<void> | undefined;
  #dropped = 0;

  constructor(deps: TelemetryReporterDeps, options: { intervalMs: number; sdk: TelemetryPayload['sdk'] }) {
    this.#deps = deps;
    this.#intervalMs = options.intervalMs;
    this.#sdk = options.sdk;
    this.#summaries = new VariantSummaries(deps.now());
    this.#delivery = new DeliveryTracker('request telemetry', deps.logger);
  }

  get status(): ReporterStatus {
    return {
      state: this.#delivery.stopped ? 'stopped' : 'active',
      pending: this.#summaries.size,
      dropped: this.#dropped,
      lastError: this.#delivery.lastError,
    };
  }

  record(flag: string, variant: string, outcome: RequestOutcome): void {
    if (this.#delivery.stopped) return;
    this.#summaries.record(flag, variant, outcome.error, outcome.durationMs);
  }

  start(): void {
    // A tick while a send is still in flight (a slow server) is skipped: the data waits for the next.
    this.#cancelTimer ??= this.#deps.timers.every(this.#intervalMs, () => {
      if (this.#sending === undefined) void this.flush();
    });
  }

  /** Sends what was summed so far (nothing when nothing was), after any send in flight. */
  async flush(signal?: AbortSignal): Promise<void> {
    while (this.#sending !== undefined) await this.#sending;
    this.#sending = this.#send(signal).finally(() => {
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

  async #send(signal: AbortSignal | undefined): Promise<void> {
    const { now } = this.#deps;
    if (!this.#delivery.maySend(now())) return;
    const snapshot = this.#summaries.take(now());
    if (snapshot === undefined) return;
    const result = await postReport(
      this.#deps.http,
      TELEMETRY_PATH,
      telemetryPayload(this.#sdk, snapshot),
      signal,
    );
    this.#delivery.settle(result, now());
    if (result.kind === 'retry') this.#summaries.restore(snapshot);
    else if (result.kind !== 'accepted') this.#dropped += snapshot.summaries.length;
  }
}
