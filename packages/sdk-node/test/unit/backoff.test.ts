import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/sync/backoff.js';

const options = { initialDelayMs: 100, maxDelayMs: 1000, multiplier: 2, jitter: 0.5 };

describe('backoffDelay', () => {
  it('grows exponentially up to the cap without jitter', () => {
    const delays = [0, 1, 2, 3, 4, 10].map((attempt) => backoffDelay(attempt, { ...options, jitter: 0 }));
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('shortens each delay by at most the jitter fraction', () => {
    expect(backoffDelay(2, options, () => 0)).toBe(400);
    expect(backoffDelay(2, options, () => 0.999999)).toBe(200);
    expect(backoffDelay(2, options, () => 0.5)).toBe(300);
    expect(backoffDelay(20, options, () => 0.999999)).toBe(500);
  });

  it('spreads clients that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(3, options)));
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(400);
  });
});
