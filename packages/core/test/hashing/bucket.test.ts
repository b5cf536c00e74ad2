import { bucketOf } from '@switchyard/core';
import fc from 'fast-check';
import { expect, test } from 'vitest';

const exact = (hash: number, total: number) => Number((BigInt(hash) * BigInt(total)) >> 32n);

test('equals the 64-bit (hash * total) >> 32 for any uint32 hash and weight total up to 2^31-1', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.integer({ min: 1, max: 2147483647 }),
      (hash, total) => {
        return bucketOf(hash, total) === exact(hash, total);
      },
    ),
    { numRuns: 20000 },
  );
});

test.each([
  [0, 100],
  [0xffffffff, 100],
  [0xffffffff, 2147483647],
  [2147483648, 2147483647],
  [0x8000ffff, 2147483647],
  [1, 1],
  [0xffffffff, 1],
])('edge: hash %d, total %d', (hash, total) => {
  expect(bucketOf(hash, total)).toBe(exact(hash, total));
  expect(bucketOf(hash, total)).toBeLessThan(total);
});
