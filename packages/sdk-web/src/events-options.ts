import { SdkWebConfigError } from './sdk-web-config-error.js';

/** Options for exposures and tracking events (durations in ms). */
export interface EventsOptionsInput {
  /** Exposure events for evaluations whose variant targeting chose. Default true. */
  exposures?: boolean;
  /** An exposure of one unit to one flag's variant is sent once per this window. Default 1 hour. */
  exposureDedupWindow?: number;
  /** Most (unit, flag, variant) exposures remembered for de-duplication. Default 1 000. */
  exposureDedupLimit?: number;
  /** Events per request; a full batch is sent at once. Default 100. */
  eventBatchSize?: number;
  /** Queued events are sent at least this often. Default 10 000, at least 1 000. */
  eventFlushInterval?: number;
  /** Most events held while the server cannot be reached; the oldest are dropped past it. Default 1 000. */
  eventQueueLimit?: number;
  /** Longest `onClose()` waits to deliver what is queued. Default 2 000. */
  flushTimeout?: number;
}

export interface EventsOptions {
  exposures: boolean;
  exposureDedupWindowMs: number;
  exposureDedupLimit: number;
  eventBatchSize: number;
  eventFlushIntervalMs: number;
  eventQueueLimit: number;
  flushTimeoutMs: number;
}

function invalid(field: string, problem: string): SdkWebConfigError {
  return new SdkWebConfigError('INVALID_OPTION', field, problem);
}

function onOff(field: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw invalid(field, `must be true or false, got ${JSON.stringify(value)}`);
  return value;
}

function duration(field: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw invalid(field, `must be a number of milliseconds of at least ${min}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function count(field: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(field, `must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Validates the events options (every problem names its option) and fills in the defaults. */
export function resolveEventsOptions(options: EventsOptionsInput): EventsOptions {
  return {
    exposures: onOff('exposures', options.exposures, true),
    exposureDedupWindowMs: duration('exposureDedupWindow', options.exposureDedupWindow, 3_600_000, 1000),
    exposureDedupLimit: count('exposureDedupLimit', options.exposureDedupLimit, 1000, 1, 1_000_000),
    eventBatchSize: count('eventBatchSize', options.eventBatchSize, 100, 1, 1000),
    eventFlushIntervalMs: duration('eventFlushInterval', options.eventFlushInterval, 10_000, 1000),
    eventQueueLimit: count('eventQueueLimit', options.eventQueueLimit, 1000, 1, 1_000_000),
    flushTimeoutMs: duration('flushTimeout', options.flushTimeout, 2000, 1),
  };
}
