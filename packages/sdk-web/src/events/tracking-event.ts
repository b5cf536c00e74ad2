import type { EvaluationContext, TrackingEventDetails } from '@openfeature/web-sdk';
import type { TrackEvent } from './sdk-event.js';

/** A tracking call becomes an event, or the reason it cannot be sent. */
export type TrackingOutcome = { event: TrackEvent } | { problem: string };

/**
 * The event for OpenFeature's `track(name, context, details)`. The unit is the context's
 * `targetingKey` (without one a conversion cannot be attributed, so nothing is sent); only
 * `details.value` is sent, and it must be a finite number when given: a purchase of NaN would
 * corrupt the sums the statistics work from, so such an event is refused rather than sent without it.
 */
export function trackingEvent(
  name: unknown,
  context: EvaluationContext,
  details: TrackingEventDetails | undefined,
  now: number,
): TrackingOutcome {
  if (typeof name !== 'string' || name.trim() === '') {
    return { problem: 'a tracking event needs a name' };
  }
  const { targetingKey } = context;
  if (typeof targetingKey !== 'string' || targetingKey === '') {
    return { problem: `tracking event "${name}" has no targetingKey in its context, so it is not sent` };
  }
  const value = details?.value;
  if (value === undefined) return { event: { kind: 'track', name, targetingKey, timestamp: now } };
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return {
      problem: `tracking event "${name}" has a value that is not a finite number (${String(value)}), so it is not sent`,
    };
  }
  return { event: { kind: 'track', name, targetingKey, value, timestamp: now } };
}
