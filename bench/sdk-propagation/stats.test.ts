import { describe, expect, it } from 'vitest';
import { parseOptions } from './options.js';
import { percentile, summary } from './stats.js';

describe('sdk-propagation statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
  });

  it('summarises unsorted samples', () => {
    expect(summary([5, 1, 3, 2, 4])).toEqual({ count: 5, p50: 3, p99: 5, max: 5 });
  });
});

describe('sdk-propagation options', () => {
  it('defaults to 1,000 providers and 20 measured changes', () => {
    expect(parseOptions([])).toMatchObject({ providers: 1000, changes: 20, warmup: 0, workers: 1 });
    expect(parseOptions(['--providers=10', '--warmup=2'])).toMatchObject({ providers: 10, warmup: 2 });
    expect(parseOptions(['--providers=10000', '--workers=4'])).toMatchObject({
      providers: 10000,
      workers: 4,
    });
  });

  it('refuses anything else, naming it', () => {
    expect(() => parseOptions(['--providers=0'])).toThrow(/"--providers=0"/);
    expect(() => parseOptions(['--fast'])).toThrow(/usage: run.js/);
    expect(() => parseOptions(['--workers=0'])).toThrow(/"--workers=0"/);
    expect(() => parseOptions(['--providers=2', '--workers=3'])).toThrow(/--workers=3 is more than/);
  });
});
