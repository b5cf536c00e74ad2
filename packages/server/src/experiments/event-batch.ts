import { didYouMean } from '@switchyard/core';

/** The most events one request may carry (a browser beacon holds far fewer). */
export const MAX_EVENTS_PER_BATCH = 10_000;
/** Clocks disagree; beyond this an event "from the future" is a bug, not skew. */
const MAX_FUTURE_MS = 24 * 3600 * 1000;
/** Before this (2000-01-01), an epoch number is in seconds or garbage. */
const EARLIEST_MS = 946_684_800_000;
const MAX_KEY_LENGTH = 256;
const MAX_NAME_LENGTH = 200;

export interface ExposureEvent {
  kind: 'exposure';
  flag: string;
  variant: string;
  unit: string;
  at: number;
}

export interface TrackEvent {
  kind: 'track';
  name: string;
  unit: string;
  /** 0 when the event carried none: a value-less event adds nothing to a sum. */
  value: number;
  at: number;
}

export type SdkEvent = ExposureEvent | TrackEvent;

export interface EventError {
  index: number;
  message: string;
}

const FIELDS = {
  exposure: ['kind', 'flag', 'variant', 'targetingKey', 'timestamp'],
  track: ['kind', 'name', 'targetingKey', 'value', 'timestamp'],
} as const;

/** What is wrong with a whole body (a 400), or undefined when it is a batch whose events can be read one by one. */
export function batchProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return 'the body must be a JSON object { "events": [ … ] }';
  const extra = Object.keys(body).filter((key) => key !== 'events');
  if (extra.length > 0)
    return `unknown field "${extra[0]}"${didYouMean(extra[0]!, ['events'])}: the body is { "events": [ … ] }`;
  const { events } = body as { events?: unknown };
  if (!Array.isArray(events)) return '"events" must be an array of events';
  if (events.length > MAX_EVENTS_PER_BATCH)
    return `"events" has ${events.length} events; send at most ${MAX_EVENTS_PER_BATCH} per request`;
  return undefined;
}

/**
 * Reads each event of a batch: the good ones normalised (timestamps as epoch ms), the others
 * refused with their index and the problem. `now` bounds timestamps from the future.
 */
export function readEvents(
  events: readonly unknown[],
  now: number,
): { events: SdkEvent[]; errors: EventError[] } {
  const good: SdkEvent[] = [];
  const errors: EventError[] = [];
  events.forEach((raw, index) => {
    const result = readEvent(raw, now);
    if (typeof result === 'string') errors.push({ index, message: result });
    else good.push(result);
  });
  return { events: good, errors };
}

function readEvent(raw: unknown, now: number): SdkEvent | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'an event must be an object';
  const event = raw as Record<string, unknown>;
  const kind = event.kind;
  if (kind !== 'exposure' && kind !== 'track') {
    const hint = typeof kind === 'string' ? didYouMean(kind, ['exposure', 'track']) : '';
    return `"kind" must be "exposure" or "track"${kind === undefined ? '' : `, not ${JSON.stringify(kind)}`}${hint}`;
  }
  const known: readonly string[] = FIELDS[kind];
  for (const key of Object.keys(event)) {
    if (!known.includes(key))
      return `unknown field "${key}" in ${kind === 'exposure' ? 'an' : 'a'} ${kind} event${didYouMean(key, known)}`;
  }
  const unit = text(event, 'targetingKey', MAX_KEY_LENGTH);
  if (typeof unit !== 'string') return unit.problem;
  const at = timestamp(event.timestamp, now);
  if (typeof at === 'string') return at;
  if (kind === 'exposure') {
    const flag = text(event, 'flag', MAX_NAME_LENGTH);
    if (typeof flag !== 'string') return flag.problem;
    const variant = text(event, 'variant', MAX_NAME_LENGTH);
    if (typeof variant !== 'string') return variant.problem;
    return { kind, flag, variant, unit, at };
  }
  const name = text(event, 'name', MAX_NAME_LENGTH);
  if (typeof name !== 'string') return name.problem;
  const value = event.value;
  if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value)))
    return '"value" must be a finite number when present';
  return { kind, name, unit, value: value ?? 0, at };
}

function text(event: Record<string, unknown>, field: string, max: number): string | { problem: string } {
  const value = event[field];
  if (value === undefined) return { problem: `"${field}" is missing` };
  if (typeof value !== 'string' || value === '') return { problem: `"${field}" must be a non-empty string` };
  if (value.length > max) return { problem: `"${field}" is longer than ${max} characters` };
  return value;
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Epoch milliseconds from an ISO 8601 date-time with an offset, or an epoch-ms number. */
function timestamp(value: unknown, now: number): number | string {
  let ms: number;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '"timestamp" must be a finite number of epoch milliseconds';
    ms = Math.round(value);
    if (ms < EARLIEST_MS)
      return `"timestamp" ${value} is before 2000: it must be epoch milliseconds (not seconds)`;
  } else if (typeof value === 'string') {
    ms = ISO_8601.test(value) ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(ms))
      return `"timestamp" "${value}" is not an ISO 8601 date-time with a time zone (e.g. "2026-01-31T12:00:00Z")`;
  } else if (value === undefined) {
    return '"timestamp" is missing (epoch milliseconds or an ISO 8601 date-time)';
  } else {
    return '"timestamp" must be epoch milliseconds or an ISO 8601 date-time';
  }
  if (ms > now + MAX_FUTURE_MS)
    return `"timestamp" is more than a day in the future (${new Date(ms).toISOString()})`;
  return ms;
}
