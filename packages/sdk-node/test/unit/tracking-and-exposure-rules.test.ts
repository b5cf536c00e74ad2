import { describe, expect, it } from 'vitest';
import { trackingEvent } from '../../src/events/tracking-event.js';
import { assignedVariant } from '../../src/provider/assigned-variant.js';

describe('assignedVariant (what counts as an exposure and for request telemetry)', () => {
  it('counts a successful evaluation whose variant targeting chose', () => {
    expect(assignedVariant({ value: true, variant: 'on', reason: 'TARGETING_MATCH' })).toBe('on');
    expect(assignedVariant({ value: true, variant: 'on', reason: 'SPLIT' })).toBe('on');
  });

  it.each([
    ['STATIC (everyone gets it)', { value: true, variant: 'on', reason: 'STATIC' }],
    ['DEFAULT (outside the audience)', { value: false, variant: 'off', reason: 'DEFAULT' }],
    ['DISABLED', { value: false, reason: 'DISABLED' }],
    ['an error', { value: false, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' }],
    ['a match without a variant', { value: false, reason: 'TARGETING_MATCH' }],
  ])('does not count %s', (_, details) => {
    expect(assignedVariant(details as never)).toBeUndefined();
  });
});

describe('trackingEvent', () => {
  it('is the name, the unit, the value and the time', () => {
    expect(
      trackingEvent('purchase', { targetingKey: 'user-1', plan: 'pro' }, { value: 30, sku: 'x' }, 5),
    ).toEqual({
      event: { kind: 'track', name: 'purchase', targetingKey: 'user-1', value: 30, timestamp: 5 },
    });
    expect(trackingEvent('signup', { targetingKey: 'user-1' }, {}, 5)).toEqual({
      event: { kind: 'track', name: 'signup', targetingKey: 'user-1', timestamp: 5 },
    });
    expect(trackingEvent('signup', { targetingKey: 'user-1' }, undefined, 5)).toMatchObject({ event: {} });
  });

  it.each([
    ['', { targetingKey: 'u' }, {}, /needs a name/],
    ['purchase', {}, { value: 1 }, /no targetingKey/],
    ['purchase', { targetingKey: '' }, { value: 1 }, /no targetingKey/],
    ['purchase', { targetingKey: 'u' }, { value: Number.NaN }, /not a finite number \(NaN\)/],
    ['purchase', { targetingKey: 'u' }, { value: Number.POSITIVE_INFINITY }, /not a finite number/],
    ['purchase', { targetingKey: 'u' }, { value: '30' }, /not a finite number/],
  ])('refuses %j with %j and %j', (name, context, details, problem) => {
    const outcome = trackingEvent(name, context, details as never, 0);
    expect('problem' in outcome && outcome.problem).toMatch(problem);
  });
});
