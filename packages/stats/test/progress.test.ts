import { estimateEnd, remainingSample } from '@switchyard/stats';
import { expect, test } from 'vitest';

const DAY = 86_400_000;
const start = Date.UTC(2025, 0, 1);

test('remaining sample per variant, never negative', () => {
  expect(remainingSample(31231, [20000, 32000])).toEqual({
    perVariant: [11231, 0],
    total: 11231,
    complete: false,
  });
  expect(remainingSample(100, [100, 150]).complete).toBe(true);
});

test('end date from observed traffic: the slowest variant decides', () => {
  // Ten days in: control 10,000 units (1,000/day), treatment 5,000 (500/day); 30,000 each needed.
  const e = estimateEnd({
    requiredPerVariant: 30000,
    observed: [10000, 5000],
    startedAt: start,
    now: start + 10 * DAY,
  });
  expect(e.daysRemaining).toBe(50); // 25,000 more at 500/day
  expect(e.endsAt).toBe(start + 60 * DAY);
  expect(e.perVariant).toEqual([20000, 25000]);
});

test('a variant without traffic has no end date', () => {
  const e = estimateEnd({ requiredPerVariant: 10, observed: [5, 0], startedAt: start, now: start + DAY });
  expect(e.endsAt).toBeNull();
});

test('an experiment that has its sample ends now', () => {
  const e = estimateEnd({ requiredPerVariant: 10, observed: [10, 12], startedAt: start, now: start + DAY });
  expect(e).toMatchObject({ endsAt: start + DAY, daysRemaining: 0, complete: true });
});

test('now must be after the start', () => {
  expect(() =>
    estimateEnd({ requiredPerVariant: 10, observed: [1, 1], startedAt: start, now: start }),
  ).toThrow(`now must be after startedAt (${start}), got ${start}`);
});
