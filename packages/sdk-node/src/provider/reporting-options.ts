import { count, duration, onOff } from './option-checks.js';

/** Provider options for request telemetry, exposures and tracking (all durations in ms). */
export interface ReportingOptionsInput {
  /** Per-variant request telemetry (needs the request middleware). Default true. */
  telemetry?: boolean;
  /** Time between telemetry sends. Default 10 000, at least 1 000. */
  telemetryInterval?: number;
  /** Exposure events for evaluations with a targetingKey whose variant targeting chose. Default true. */
  exposures?: boolean;
  /** An exposure of one unit to one flag's variant is sent once per this window. Default 1 hour. */
  exposureDedupWindow?: number;
  /** Most (unit, flag, variant) exposures remembered for de-duplication. Default 10 000. */
  exposureDedupLimit?: number;
  /** Events per request to the server; a full batch is sent at once. Default 100. */
  eventBatchSize?: number;
  /** Queued events are sent at least this often. Default 10 000, at least 1 000. */
  eventFlushInterval?: number;
  /** Most events held while the server cannot be reached; the oldest are dropped past it. Default 10 000. */
  eventQueueLimit?: number;
  /** Longest `onClose()` waits to deliver what is buffered. Default 2 000. */
  flushTimeout?: number;
}

export interface ResolvedReportingOptions {
  telemetry: boolean;
  telemetryIntervalMs: number;
  exposures: boolean;
  exposureDedupWindowMs: number;
  exposureDedupLimit: number;
  eventBatchSize: number;
  eventFlushIntervalMs: number;
  eventQueueLimit: number;
  flushTimeoutMs: number;
}

export function resolveReportingOptions(options: ReportingOptionsInput): ResolvedReportingOptions {
  return {
    telemetry: onOff('telemetry', options.telemetry, true),
    telemetryIntervalMs: duration('telemetryInterval', options.telemetryInterval, 10_000, 1000),
    exposures: onOff('exposures', options.exposures, true),
    exposureDedupWindowMs: duration('exposureDedupWindow', options.exposureDedupWindow, 3_600_000, 1000),
    exposureDedupLimit: count('exposureDedupLimit', options.exposureDedupLimit, 10_000, 1, 10_000_000),
    eventBatchSize: count('eventBatchSize', options.eventBatchSize, 100, 1, 1000),
    eventFlushIntervalMs: duration('eventFlushInterval', options.eventFlushInterval, 10_000, 1000),
    eventQueueLimit: count('eventQueueLimit', options.eventQueueLimit, 10_000, 1, 10_000_000),
    flushTimeoutMs: duration('flushTimeout', options.flushTimeout, 2000),
  };
}
