import { FlagSet } from '@switchyard/core';
import fc from 'fast-check';
import { expect, test } from 'vitest';

function split(weights: number[]) {
  const variants = Object.fromEntries(weights.map((_, i) => [`v${i}`, i]));
  return FlagSet.parse({
    flags: {
      rollout: {
        state: 'ENABLED',
        variants,
        defaultVariant: 'v0',
        targeting: { fractional: weights.map((w, i) => [`v${i}`, w]) },
      },
    },
  });
}

test('sticky: the same user always gets the same variant, across set reloads', () => {
  const first = split([30, 30, 40]);
  const second = split([30, 30, 40]);
  fc.assert(
    fc.property(fc.string({ minLength: 1, maxLength: 30 }), (targetingKey) => {
      const a = first.resolve('rollout', { targetingKey }).variant;
      return (
        a === first.resolve('rollout', { targetingKey }).variant &&
        a === second.resolve('rollout', { targetingKey }).variant
      );
    }),
    { numRuns: 2000 },
  );
});

test('uniform: 100,000 keys over four equal buckets pass a chi-square test', () => {
  const set = split([25, 25, 25, 25]);
  const counts = [0, 0, 0, 0];
  const n = 100_000;
  for (let i = 0; i < n; i++)
    counts[set.resolve('rollout', { targetingKey: `user-${i}` }).value as number]!++;
  const expected = n / 4;
  const chiSquare = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
  // 3 degrees of freedom: p = 0.001 at 16.27. A biased hash or bucket mapping lands far above.
  expect(chiSquare).toBeLessThan(16.27);
});

test('uniform for an uneven split: 10% of 100,000 keys land in the 10% bucket (±1%)', () => {
  const set = split([10, 90]);
  let inFirst = 0;
  for (let i = 0; i < 100_000; i++)
    if (set.resolve('rollout', { targetingKey: `acct-${i}` }).variant === 'v0') inFirst++;
  expect(inFirst / 100_000).toBeGreaterThan(0.09);
  expect(inFirst / 100_000).toBeLessThan(0.11);
});

test('monotonic: growing the first weight from w to w2 keeps every user who was already in', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 1000 }),
      fc.integer({ min: 0, max: 1000 }),
      fc.array(fc.string({ minLength: 1, maxLength: 20 }), { minLength: 50, maxLength: 200 }),
      (w, extra, users) => {
        const before = split([w, 1000 - w + 1]);
        const after = split([w + extra, 1000 - w + 1]);
        // The total changes when only the first weight grows, as a ramp does; membership must still hold.
        return users.every(
          (targetingKey) =>
            before.resolve('rollout', { targetingKey }).variant !== 'v0' ||
            after.resolve('rollout', { targetingKey }).variant === 'v0',
        );
      },
    ),
    { numRuns: 300 },
  );
});
