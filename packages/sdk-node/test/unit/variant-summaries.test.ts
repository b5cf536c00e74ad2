import { describe, expect, it } from 'vitest';
import { telemetryPayload } from '../../src/telemetry/telemetry-payload.js';
import { VariantSummaries } from '../../src/telemetry/variant-summaries.js';

const SDK = { name: '@switchyard/sdk-node', version: '0.1.0' };

describe('VariantSummaries', () => {
  it('sums requests per (flag, variant): count, errors, sum and sum of squares, buckets', () => {
    const summaries = new VariantSummaries(1000);
    summaries.record('new-checkout', 'on', false, 3);
    summaries.record('new-checkout', 'on', true, 40);
    summaries.record('new-checkout', 'off', false, 8);
    const snapshot = summaries.take(11_000);
    expect(snapshot).toBeDefined();
    const payload = telemetryPayload(SDK, snapshot!);
    expect(payload.sdk).toEqual(SDK);
    expect(payload.intervalStart).toBe(1000);
    expect(payload.intervalEnd).toBe(11_000);
    const on = payload.variants.find((v) => v.variant === 'on')!;
    expect(on).toMatchObject({
      flag: 'new-checkout',
      n: 2,
      errors: 1,
      latency: { sum: 43, sumSquares: 9 + 1600 },
    });
    expect(on.latency.buckets.slice(0, 4)).toEqual([
      { le: 5, count: 1 },
      { le: 10, count: 1 },
      { le: 25, count: 1 },
      { le: 50, count: 2 },
    ]);
    expect(on.latency.buckets.at(-1)).toEqual({ le: '+Inf', count: 2 });
    expect(payload.variants.find((v) => v.variant === 'off')).toMatchObject({ n: 1, errors: 0 });
  });

  it('holds one summary per pair however many requests it sums (memory stays flat)', () => {
    const summaries = new VariantSummaries(0);
    for (let i = 0; i < 200_000; i++)
      summaries.record(`flag-${i % 3}`, i % 2 === 0 ? 'on' : 'off', i % 50 === 0, i % 300);
    expect(summaries.size).toBe(6);
    const snapshot = summaries.take(1)!;
    expect(snapshot.summaries.reduce((total, s) => total + s.n, 0)).toBe(200_000);
    expect(snapshot.summaries.reduce((total, s) => total + s.errors, 0)).toBe(4000);
  });

  it('takes nothing when nothing was recorded, and starts a new interval at each take', () => {
    const summaries = new VariantSummaries(0);
    expect(summaries.take(10)).toBeUndefined();
    summaries.record('a', 'x', false, 1);
    expect(summaries.take(20)).toMatchObject({ intervalStart: 10, intervalEnd: 20 });
    expect(summaries.size).toBe(0);
  });

  it('merges an undelivered snapshot into the next one: same pairs, older start, no growth', () => {
    const summaries = new VariantSummaries(0);
    summaries.record('a', 'on', true, 10);
    const failed = summaries.take(10_000)!;
    summaries.record('a', 'on', false, 20);
    summaries.record('b', 'off', false, 1);
    summaries.restore(failed);
    expect(summaries.size).toBe(2);
    const next = telemetryPayload(SDK, summaries.take(20_000)!);
    expect(next.intervalStart).toBe(0);
    expect(next.intervalEnd).toBe(20_000);
    expect(next.variants.find((v) => v.flag === 'a')).toMatchObject({
      n: 2,
      errors: 1,
      latency: { sum: 30, sumSquares: 500 },
    });
    expect(next.variants.find((v) => v.flag === 'a')!.latency.buckets.at(-1)).toEqual({
      le: '+Inf',
      count: 2,
    });
  });

  it('keeps pairs apart whatever characters flag keys and variants hold', () => {
    const summaries = new VariantSummaries(0);
    summaries.record('a\u0000b', 'c', false, 1);
    summaries.record('a', 'b\u0000c', false, 1);
    expect(summaries.size).toBe(2);
  });

  it('counts a negative or non-finite duration (a clock step) as 0 ms', () => {
    const summaries = new VariantSummaries(0);
    summaries.record('a', 'on', false, -5);
    summaries.record('a', 'on', false, Number.NaN);
    const [summary] = summaries.take(1)!.summaries;
    expect(summary).toMatchObject({ n: 2, sum: 0, sumSquares: 0 });
    expect(summary!.bucketCounts[0]).toBe(2);
  });
});
