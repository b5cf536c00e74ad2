import { expect } from 'vitest';

/** Asserts |actual − expected| ≤ 1e-6 · |expected|: the agreement the reference values are held to. */
export function expectClose(actual: number, expected: number, relative = 1e-6): void {
  const tolerance = relative * Math.abs(expected);
  if (!(Math.abs(actual - expected) <= tolerance))
    expect.fail(`expected ${actual} to be within ${relative} (relative) of ${expected}`);
}
