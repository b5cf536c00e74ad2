import { describe, expect, it } from 'vitest';
import { ExposureDedup } from '../../src/events/exposure-dedup.js';

const HOUR = 3_600_000;

describe('ExposureDedup', () => {
  it('admits an exposure once per window per (unit, flag, variant)', () => {
    const dedup = new ExposureDedup(HOUR, 100);
    expect(dedup.admit('user-1', 'checkout', 'on', 0)).toBe(true);
    expect(dedup.admit('user-1', 'checkout', 'on', 10)).toBe(false);
    expect(dedup.admit('user-1', 'checkout', 'on', HOUR - 1)).toBe(false);
    // Another variant, flag or unit is another exposure.
    expect(dedup.admit('user-1', 'checkout', 'off', 20)).toBe(true);
    expect(dedup.admit('user-1', 'banner', 'on', 20)).toBe(true);
    expect(dedup.admit('user-2', 'checkout', 'on', 20)).toBe(true);
    // The window counts from when it was sent, not from when it was last seen.
    expect(dedup.admit('user-1', 'checkout', 'on', HOUR)).toBe(true);
    expect(dedup.admit('user-1', 'checkout', 'on', HOUR + 1)).toBe(false);
  });

  it('is bounded: past the limit it forgets the least recently seen exposure', () => {
    const dedup = new ExposureDedup(HOUR, 3);
    dedup.admit('a', 'f', 'v', 0);
    dedup.admit('b', 'f', 'v', 0);
    dedup.admit('c', 'f', 'v', 0);
    // Seeing "a" again makes "b" the least recently seen.
    expect(dedup.admit('a', 'f', 'v', 1)).toBe(false);
    expect(dedup.admit('d', 'f', 'v', 2)).toBe(true);
    expect(dedup.size).toBe(3);
    expect(dedup.admit('a', 'f', 'v', 3)).toBe(false);
    expect(dedup.admit('b', 'f', 'v', 3)).toBe(true);
    for (let i = 0; i < 10_000; i++) dedup.admit(`unit-${i}`, 'f', 'v', 4);
    expect(dedup.size).toBe(3);
  });

  it('keeps exposures apart whatever characters keys hold', () => {
    const dedup = new ExposureDedup(HOUR, 100);
    expect(dedup.admit('a|b', 'c', 'd', 0)).toBe(true);
    expect(dedup.admit('a', 'b|c', 'd', 0)).toBe(true);
    expect(dedup.admit('a","b', 'c', 'd', 0)).toBe(true);
    expect(dedup.admit('a', 'b', 'c","d', 0)).toBe(true);
  });
});
