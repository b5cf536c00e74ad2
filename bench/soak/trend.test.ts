import { describe, expect, it } from 'vitest';
import { parseOptions } from './options.js';
import { judge, slope } from './trend.js';

const MiB = 1024 * 1024;
const samples = (heapPerMin: number, fdsAtEnd = 40) =>
  Array.from({ length: 13 }, (_, i) => ({
    atMs: i * 10_000,
    rss: 120 * MiB,
    heap: 40 * MiB + (heapPerMin * MiB * i) / 6,
    fds: i === 12 ? fdsAtEnd : 40,
  }));

describe('the soak verdict', () => {
  it('fits the slope of a line exactly', () => {
    expect(slope([0, 1, 2, 3], [5, 7, 9, 11])).toBeCloseTo(2);
    expect(slope([0], [5])).toBe(0);
  });

  it('passes flat memory and files, fails a leak of heap or of file descriptors', () => {
    expect(judge(samples(0)).pass).toBe(true);
    const leaking = judge(samples(3));
    expect(leaking.heap.slope).toBeCloseTo(3);
    expect(leaking.checks).toMatchObject({ heap: false, rss: true, fds: true });
    expect(judge(samples(0, 60)).checks.fds).toBe(false);
    // RSS may step up to its plateau, not keep climbing: 120 MiB may grow by 16 MiB, not 17.
    const rssGrowth = (mib: number) =>
      judge(samples(0).map((s, i) => (i === 12 ? { ...s, rss: s.rss + mib * MiB } : s))).checks.rss;
    expect(rssGrowth(16)).toBe(true);
    expect(rssGrowth(17)).toBe(false);
  });

  it('takes bounded options and names the wrong one', () => {
    expect(parseOptions([])).toMatchObject({ minutes: 2, providers: 30 });
    expect(parseOptions(['--minutes', '10', '--providers=60'])).toMatchObject({ minutes: 10, providers: 60 });
    expect(() => parseOptions(['--minutes', '1000'])).toThrow(/--minutes must be a number from 1 to 120/);
    expect(() => parseOptions(['--minuets', '1'])).toThrow(/unknown argument "--minuets"/);
  });
});
