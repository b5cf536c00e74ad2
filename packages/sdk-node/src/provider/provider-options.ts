import type { Logger } from '@openfeature/server-sdk';
import { FlagSet, type FlagSetDocument, FlagSetValidationError } from '@switchyard/core';
import { SwitchyardSdkError } from '../errors.js';
import {
  type EventStreamTransport,
  fetchTransport,
  nodeHttpTransport,
} from '../http/event-stream-transport.js';
import { type BackoffOptions, defaultBackoff } from '../sync/backoff.js';
import { duration, invalid } from './option-checks.js';
import {
  type ReportingOptionsInput,
  type ResolvedReportingOptions,
  resolveReportingOptions,
} from './reporting-options.js';

export interface SwitchyardProviderOptions extends ReportingOptionsInput {
  /** The server's base URL, e.g. `http://127.0.0.1:8080` (a path prefix behind a proxy is kept). */
  url: string;
  /** A server SDK key of the environment to serve. May be omitted only for a server in file mode. */
  sdkKey?: string;
  /** A flag set to serve when the server cannot be reached at start: a flagd document, or the path of a JSON file. */
  bootstrap?: FlagSetDocument | string;
  /** `stream` (default): changes arrive as they are committed. `polling`: for networks that cut streams. */
  mode?: 'stream' | 'polling';
  /** Polling mode: time between polls. Default 30 s. */
  pollIntervalMs?: number;
  /** Reconnection after a failure: exponential backoff with jitter. */
  reconnect?: Partial<BackoffOptions>;
  /** Longest wait for the server to answer a request (status and headers). Default 10 s. */
  requestTimeoutMs?: number;
  /** A stream with nothing on it, not even a heartbeat, for this long is dead. Default 45 s (3 server heartbeats). */
  streamIdleTimeoutMs?: number;
  /**
   * A fetch for every request to the server (e.g. to go through a proxy agent). Default: the
   * global fetch for requests, node:http(s) for the change stream (cheaper per event).
   */
  fetch?: typeof fetch;
  /** Default: warnings and errors on the console. */
  logger?: Logger;
}

export interface ResolvedProviderOptions {
  baseUrl: URL;
  sdkKey: string | undefined;
  bootstrap: FlagSetDocument | string | undefined;
  mode: 'stream' | 'polling';
  pollIntervalMs: number;
  reconnect: BackoffOptions;
  requestTimeoutMs: number;
  streamIdleTimeoutMs: number;
  fetch: typeof fetch;
  streamTransport: EventStreamTransport;
  logger: Logger;
  reporting: ResolvedReportingOptions;
}

const consoleLogger: Logger = {
  error: (...args: unknown[]) => console.error(...args),
  warn: (...args: unknown[]) => console.warn(...args),
  info: () => {},
  debug: () => {},
};

function baseUrlOf(url: unknown): URL {
  if (typeof url !== 'string' || url.trim() === '')
    throw invalid('url', 'is required: the server URL, e.g. http://127.0.0.1:8080');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid('url', `is not a valid URL: ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw invalid('url', `must be an http or https URL, got ${JSON.stringify(url)}`);
  }
  if (parsed.search !== '' || parsed.hash !== '')
    throw invalid('url', 'must not have a query string or fragment');
  if (!parsed.pathname.endsWith('/')) parsed.pathname += '/';
  return parsed;
}

/** Checks a bootstrap document at construction, so a broken one fails before it is needed. */
export function checkBootstrapDocument(document: unknown, where: string): FlagSetDocument {
  try {
    return FlagSet.parse(document, { strict: true }).document;
  } catch (error) {
    if (!(error instanceof FlagSetValidationError)) throw error;
    const issues = error.issues.map((issue) => `${issue.path || '/'}: ${issue.message}`).join('; ');
    throw new SwitchyardSdkError(
      'INVALID_BOOTSTRAP',
      `the bootstrap flag set (${where}) is not valid: ${issues}`,
      {
        fatal: true,
        cause: error,
      },
    );
  }
}

/** Validates the options (every problem names its option) and fills in the defaults. */
export function resolveProviderOptions(options: SwitchyardProviderOptions): ResolvedProviderOptions {
  if (typeof options !== 'object' || options === null) throw invalid('options', 'must be an object');
  const baseUrl = baseUrlOf(options.url);
  const { sdkKey } = options;
  if (sdkKey !== undefined && (typeof sdkKey !== 'string' || sdkKey === '' || /[\s\0]/.test(sdkKey))) {
    throw invalid('sdkKey', 'must be a non-empty string without whitespace (a server SDK key, sy_server_…)');
  }
  const mode = options.mode ?? 'stream';
  if (mode !== 'stream' && mode !== 'polling')
    throw invalid('mode', `must be "stream" or "polling", got ${JSON.stringify(mode)}`);
  let bootstrap = options.bootstrap;
  if (bootstrap !== undefined) {
    if (typeof bootstrap === 'string') {
      if (bootstrap.trim() === '')
        throw invalid('bootstrap', 'must be a flag set document or a non-empty file path');
    } else if (typeof bootstrap === 'object' && bootstrap !== null) {
      bootstrap = checkBootstrapDocument(bootstrap, 'the "bootstrap" option');
    } else {
      throw invalid('bootstrap', 'must be a flag set document or the path of a JSON file');
    }
  }
  const reconnectInput = options.reconnect ?? {};
  const reconnect: BackoffOptions = {
    initialDelayMs: duration(
      'reconnect.initialDelayMs',
      reconnectInput.initialDelayMs,
      defaultBackoff.initialDelayMs,
    ),
    maxDelayMs: duration('reconnect.maxDelayMs', reconnectInput.maxDelayMs, defaultBackoff.maxDelayMs),
    multiplier: duration('reconnect.multiplier', reconnectInput.multiplier, defaultBackoff.multiplier, 1),
    jitter: reconnectInput.jitter ?? defaultBackoff.jitter,
  };
  if (typeof reconnect.jitter !== 'number' || !(reconnect.jitter >= 0 && reconnect.jitter <= 1)) {
    throw invalid(
      'reconnect.jitter',
      `must be a number from 0 to 1, got ${JSON.stringify(reconnect.jitter)}`,
    );
  }
  if (reconnect.maxDelayMs < reconnect.initialDelayMs) {
    throw invalid('reconnect.maxDelayMs', 'must not be smaller than reconnect.initialDelayMs');
  }
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function')
    throw invalid('fetch', 'must be a fetch function (Node 20+ has a global one)');
  const logger = options.logger ?? consoleLogger;
  if (
    typeof logger !== 'object' ||
    logger === null ||
    typeof logger.warn !== 'function' ||
    typeof logger.error !== 'function'
  ) {
    throw invalid('logger', 'must have error, warn, info and debug methods');
  }
  return {
    baseUrl,
    sdkKey,
    bootstrap,
    mode,
    pollIntervalMs: duration('pollIntervalMs', options.pollIntervalMs, 30_000, 100),
    reconnect,
    requestTimeoutMs: duration('requestTimeoutMs', options.requestTimeoutMs, 10_000),
    streamIdleTimeoutMs: duration('streamIdleTimeoutMs', options.streamIdleTimeoutMs, 45_000),
    fetch: fetchImpl,
    streamTransport: options.fetch === undefined ? nodeHttpTransport : fetchTransport(fetchImpl),
    logger,
    reporting: resolveReportingOptions(options),
  };
}
