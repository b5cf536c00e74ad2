import {
  ErrorCode,
  type EvaluationContext,
  GeneralError,
  type JsonValue,
  type Provider,
  ProviderEvents,
  ProviderFatalError,
  type ResolutionDetails,
  type TrackingEventDetails,
} from '@openfeature/server-sdk';
import type { FlagSetDocument, JsonObject } from '@switchyard/core';
import { loadBootstrap } from '../bootstrap/load-bootstrap.js';
import { asSdkError, type SwitchyardSdkError } from '../errors.js';
import type { SdkHttp } from '../http/sdk-http.js';
import { nodeTimers } from '../reporting/report-timers.js';
import { FlagStore } from '../sync/flag-store.js';
import { PollingSync } from '../sync/polling-sync.js';
import { StreamSync } from '../sync/stream-sync.js';
import type { SyncCallbacks, SyncEngine } from '../sync/sync-engine.js';
import { EventHandlers } from './event-handlers.js';
import {
  type ResolvedProviderOptions,
  resolveProviderOptions,
  type SwitchyardProviderOptions,
} from './provider-options.js';
import { ProviderReporting, type ReportingStatus } from './provider-reporting.js';
import { notReady, toOpenFeature } from './resolution.js';

/**
 * Where the provider stands. `bootstrapped`: serving the bootstrap while the server is still
 * unreachable (already announced READY). `failed`: no flag set at all, retrying.
 */
export type SwitchyardProviderState =
  | 'idle'
  | 'starting'
  | 'ready'
  | 'bootstrapped'
  | 'stale'
  | 'failed'
  | 'fatal'
  | 'closed';

interface Pending {
  resolve(): void;
  reject(error: Error): void;
}

/**
 * OpenFeature server provider for Switchyard. It syncs the environment's flag set once, keeps it
 * current over the server's change stream (or by polling), and evaluates every flag in process
 * with @switchyard/core: no network call per evaluation, and none ever awaited by one.
 *
 * Events: READY (first sync, or recovery), STALE (connection lost: the last known set is still
 * served), CONFIGURATION_CHANGED with the changed flag keys, ERROR with PROVIDER_FATAL when the
 * server refuses the SDK key.
 *
 * It also reports back, on timers and never from an evaluation: per-variant request telemetry
 * (with the request middleware), exposures, and the events given to OpenFeature's `track`.
 */
export class SwitchyardProvider implements Provider {
  readonly metadata = { name: 'Switchyard' } as const;
  readonly runsOn = 'server' as const;
  readonly events: EventHandlers;

  readonly #options: ResolvedProviderOptions;
  readonly #http: SdkHttp;
  readonly #reporting: ProviderReporting;
  readonly #store = new FlagStore();
  #engine: SyncEngine | undefined;
  #state: SwitchyardProviderState = 'idle';
  #pending: Pending | undefined;
  #bootstrap: FlagSetDocument | undefined;
  #lastError: SwitchyardSdkError | undefined;
  /** Counts starts and closes, so a start that was overtaken by onClose() stops where it is. */
  #attempts = 0;

  /** Throws SwitchyardSdkError (INVALID_OPTIONS, INVALID_BOOTSTRAP) naming the option at fault. */
  constructor(options: SwitchyardProviderOptions) {
    this.#options = resolveProviderOptions(options);
    const { fetch, baseUrl, sdkKey, requestTimeoutMs, logger } = this.#options;
    this.events = new EventHandlers(logger);
    this.#http = { fetch, baseUrl, sdkKey, requestTimeoutMs };
    this.#reporting = new ProviderReporting(
      { http: this.#http, logger, now: Date.now, timers: nodeTimers },
      this.#options.reporting,
    );
  }

  get state(): SwitchyardProviderState {
    return this.#state;
  }

  /** The server version of the flag set served (undefined while serving a bootstrap or nothing). */
  get flagSetVersion(): number | undefined {
    return this.#store.source === 'server' ? this.#store.version : undefined;
  }

  /** Why the provider last lost the server (or was refused), for diagnostics. */
  get lastError(): SwitchyardSdkError | undefined {
    return this.#lastError;
  }

  /** How telemetry and events delivery is going: held, dropped, refused, last error. */
  get reporting(): ReportingStatus {
    return this.#reporting.status;
  }

  /**
   * Resolves once the first flag set is in: from the server, or from the bootstrap when the
   * server cannot be reached. Rejects when the server refuses the key (fatal), or when it
   * cannot be reached and there is no bootstrap (the provider keeps retrying and emits READY
   * when it gets through).
   */
  async initialize(): Promise<void> {
    if (this.#state !== 'idle' && this.#state !== 'closed') return;
    this.#state = 'starting';
    const attempt = ++this.#attempts;
    this.#reporting.start();
    if (this.#options.bootstrap !== undefined) {
      try {
        this.#bootstrap = await loadBootstrap(this.#options.bootstrap);
      } catch (error) {
        if (attempt !== this.#attempts) throw closedBeforeSync();
        this.#state = 'fatal';
        const failure = asSdkError(error);
        this.#lastError = failure;
        throw new ProviderFatalError(failure.message);
      }
      // Closed (and perhaps started again) while the bootstrap loaded: this start must not connect.
      if (attempt !== this.#attempts) throw closedBeforeSync();
    }
    const started = new Promise<void>((resolve, reject) => {
      this.#pending = { resolve, reject };
    });
    this.#engine = this.#createEngine();
    this.#engine.start();
    return started;
  }

  async onClose(): Promise<void> {
    this.#attempts++;
    this.#engine?.stop();
    this.#engine = undefined;
    this.#state = 'closed';
    this.#settle(closedBeforeSync());
    await this.#reporting.close();
  }

  /**
   * Records a tracking event (a conversion) for the context's targetingKey: OpenFeature's
   * `client.track(name, context, { value })`. Queued and sent in batches; only `value` (a finite
   * number) is sent of the details.
   */
  track(trackingEventName: string, context: EvaluationContext, details?: TrackingEventDetails): void {
    this.#reporting.track(trackingEventName, context, details);
  }

  /** Sends the telemetry and events buffered so far now, e.g. before a serverless function freezes. */
  flush(): Promise<void> {
    return this.#reporting.flush();
  }

  async resolveBooleanEvaluation(
    flagKey: string,
    defaultValue: boolean,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<boolean>> {
    const set = this.#store.flagSet;
    if (set === undefined) return notReady(defaultValue);
    return this.#observed(
      flagKey,
      toOpenFeature(set.resolveBoolean(flagKey, defaultValue, context)),
      context,
    );
  }

  async resolveStringEvaluation(
    flagKey: string,
    defaultValue: string,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<string>> {
    const set = this.#store.flagSet;
    if (set === undefined) return notReady(defaultValue);
    return this.#observed(flagKey, toOpenFeature(set.resolveString(flagKey, defaultValue, context)), context);
  }

  async resolveNumberEvaluation(
    flagKey: string,
    defaultValue: number,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<number>> {
    const set = this.#store.flagSet;
    if (set === undefined) return notReady(defaultValue);
    return this.#observed(flagKey, toOpenFeature(set.resolveNumber(flagKey, defaultValue, context)), context);
  }

  async resolveObjectEvaluation<T extends JsonValue>(
    flagKey: string,
    defaultValue: T,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<T>> {
    const set = this.#store.flagSet;
    if (set === undefined) return notReady(defaultValue);
    // Core types object flags as JSON objects or arrays; OpenFeature's T is any JSON value.
    const details = set.resolveObject(flagKey, defaultValue as unknown as JsonObject, context);
    return this.#observed(flagKey, toOpenFeature(details) as unknown as ResolutionDetails<T>, context);
  }

  #observed<T>(
    flagKey: string,
    details: ResolutionDetails<T>,
    context: EvaluationContext,
  ): ResolutionDetails<T> {
    this.#reporting.observe(flagKey, details, context);
    return details;
  }

  #createEngine(): SyncEngine {
    const options = this.#options;
    const http = this.#http;
    const callbacks: SyncCallbacks = {
      synced: (changedKeys) => this.#onSynced(changedKeys),
      lost: (error) => this.#onLost(error),
      fatal: (error) => this.#onFatal(error),
    };
    const deps = { http, store: this.#store, callbacks, backoff: options.reconnect, logger: options.logger };
    return options.mode === 'polling'
      ? new PollingSync(deps, { intervalMs: options.pollIntervalMs })
      : new StreamSync(deps, {
          idleTimeoutMs: options.streamIdleTimeoutMs,
          transport: options.streamTransport,
        });
  }

  #onSynced(changedKeys: string[]): void {
    if (this.#state === 'closed' || this.#state === 'fatal') return;
    const before = this.#state;
    this.#state = 'ready';
    this.#lastError = undefined;
    if (before === 'starting') {
      // The SDK announces READY itself when initialize() resolves.
      this.#settle();
      return;
    }
    if (before === 'stale' || before === 'failed') {
      this.events.emit(ProviderEvents.Ready, { message: 'connected to Switchyard; flag set up to date' });
    }
    if (changedKeys.length > 0) {
      this.events.emit(ProviderEvents.ConfigurationChanged, { flagsChanged: changedKeys });
    }
  }

  #onLost(error: SwitchyardSdkError): void {
    this.#lastError = error;
    switch (this.#state) {
      case 'starting':
        if (this.#bootstrap !== undefined) {
          this.#store.replace(this.#bootstrap, { source: 'bootstrap' });
          this.#state = 'bootstrapped';
          this.#options.logger.warn(
            `switchyard: serving the bootstrap flag set until the server is reachable (${error.message})`,
          );
          this.#settle();
        } else {
          this.#state = 'failed';
          this.#settle(new GeneralError(`cannot sync flags from Switchyard: ${error.message}; retrying`));
        }
        return;
      case 'ready':
        this.#state = 'stale';
        this.events.emit(ProviderEvents.Stale, {
          message: `lost the connection to Switchyard (${error.message}); serving the last known flag set`,
          metadata: { errorCode: error.code },
        });
        return;
      default:
        // Already announced (STALE, ERROR, or serving the bootstrap): no event per failed retry.
        return;
    }
  }

  #onFatal(error: SwitchyardSdkError): void {
    if (this.#state === 'closed') return;
    const starting = this.#state === 'starting';
    this.#state = 'fatal';
    this.#lastError = error;
    this.#options.logger.error(`switchyard: ${error.message}; the provider has stopped`);
    if (starting) {
      this.#settle(new ProviderFatalError(error.message));
      return;
    }
    this.events.emit(ProviderEvents.Error, {
      errorCode: ErrorCode.PROVIDER_FATAL,
      message: error.message,
      metadata: { errorCode: error.code, ...(error.status === undefined ? {} : { status: error.status }) },
    });
  }

  #settle(error?: Error): void {
    const pending = this.#pending;
    this.#pending = undefined;
    if (!pending) return;
    if (error) pending.reject(error);
    else pending.resolve();
  }
}

function closedBeforeSync(): GeneralError {
  return new GeneralError('the Switchyard provider was closed before its first sync');
}
