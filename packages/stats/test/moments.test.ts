import {
  conversionSummary,
  InsufficientDataError,
  InvalidArgumentError,
  meanEstimate,
  moments,
  ratioEstimate,
} from '@switchyard/stats';
import { expect, test } from 'vitest';
import { expectClose } from './support/close.js';
import { ratioSummaryOf, summaryOf } from './support/summaries.js';

const values = [3, 7, 8, 12, 20];

test('mean, sample variance (n − 1) and standard deviation from sums', () => {
  // numpy.mean, numpy.var(ddof=1) of [3, 7, 8, 12, 20]: 10 and 166 / 4 = 41.5, exactly.
  const m = moments(summaryOf(values));
  expect(m).toEqual({ n: 5, mean: 10, variance: 41.5, standardDeviation: Math.sqrt(41.5) });
});

test('standard error of a mean is s / √n', () => {
  const e = meanEstimate(summaryOf(values));
  expect(e.standardError).toBe(Math.sqrt(41.5 / 5));
});

test('variance is never negative, even when rounding leaves a tiny negative', () => {
  // Three units of 0.1 summed in floating point: Σx² − (Σx)² / n = −3.5e-18 before clamping.
  const constant = { n: 3, sum: 0.1 + 0.1 + 0.1, sumSquares: 0.1 * 0.1 + 0.1 * 0.1 + 0.1 * 0.1 };
  expect(constant.sumSquares - constant.sum ** 2 / 3).toBeLessThan(0);
  expect(moments(constant).variance).toBe(0);
});

test('a conversion summary is the 0/1 case: variance p(1 − p)·n/(n − 1)', () => {
  const m = moments(conversionSummary(200, 30));
  expect(m.mean).toBe(0.15);
  expectClose(m.variance, (0.15 * 0.85 * 200) / 199, 1e-12);
});

test('conversions above n are rejected with the field named', () => {
  expect(() => conversionSummary(10, 11)).toThrow('conversions must be <= n (10), got 11');
});

test('one unit has no variance: a typed insufficient-data error', () => {
  const error = (() => {
    try {
      moments({ n: 1, sum: 2, sumSquares: 4 });
    } catch (e) {
      return e;
    }
  })();
  expect(error).toBeInstanceOf(InsufficientDataError);
  expect(error).toMatchObject({ code: 'STATS_INSUFFICIENT_DATA', field: 'summary.n' });
});

test.each([
  [{ n: -1, sum: 0, sumSquares: 0 }, 'summary.n must be an integer >= 0, got -1'],
  [{ n: 2.5, sum: 0, sumSquares: 0 }, 'summary.n must be an integer >= 0, got 2.5'],
  [{ n: 3, sum: Number.NaN, sumSquares: 0 }, 'summary.sum must be a finite number, got NaN'],
  [{ n: 3, sum: 1, sumSquares: -1 }, 'summary.sumSquares must be a finite number >= 0, got -1'],
])('invalid summary %o', (summary, message) => {
  expect(() => moments(summary)).toThrow(InvalidArgumentError);
  expect(() => moments(summary)).toThrow(message);
});

// Per-unit revenue X and orders Y of ten customers; references computed from the raw arrays with numpy:
// R = X.mean() / Y.mean(); C = numpy.cov(X, Y, ddof=1);
// se = sqrt((C[0,0]/my**2 - 2*mx*C[0,1]/my**3 + mx**2*C[1,1]/my**4) / n)
const revenue = [12.0, 0.0, 30.5, 7.25, 18.0, 22.0, 3.5, 41.0, 9.75, 15.0];
const orders = [2, 1, 3, 1, 2, 2, 1, 4, 1, 2];

test('ratio metric: ratio of means with the delta-method standard error', () => {
  const e = ratioEstimate(ratioSummaryOf(revenue, orders));
  expectClose(e.value, 8.368421052631579);
  expectClose(e.standardError, 0.8547856120276686);
  expect(e.n).toBe(10);
});

test('ratio with a zero denominator sum is insufficient data', () => {
  expect(() =>
    ratioEstimate({ n: 2, sum: 1, sumSquares: 1, denominatorSum: 0, denominatorSumSquares: 0, crossSum: 0 }),
  ).toThrow(InsufficientDataError);
});
