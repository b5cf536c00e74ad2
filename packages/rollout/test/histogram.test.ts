import { histogramQuantile } from '@switchyard/rollout';
import { expect, test } from 'vitest';

// Expected values worked by hand with Prometheus' histogram_quantile rules: rank = q · total; the first bucket
// whose cumulative count reaches the rank; linear interpolation between its lower and upper bound.
const buckets = [
  { le: 50, count: 120 },
  { le: 100, count: 700 },
  { le: 250, count: 950 },
  { le: 500, count: 990 },
  { le: '+Inf' as const, count: 1000 },
];

test('median interpolates inside its bucket: 50 + 50 · (500 − 120) / (700 − 120)', () => {
  expect(histogramQuantile(0.5, buckets)).toBeCloseTo(50 + (50 * 380) / 580, 12);
});

test("a rank on a bucket boundary returns that bucket's upper bound", () => {
  expect(histogramQuantile(0.95, buckets)).toBe(250);
  expect(histogramQuantile(0.99, buckets)).toBe(500);
});

test('the lowest bucket starts at 0: 50 · 50 / 120', () => {
  expect(histogramQuantile(0.05, buckets)).toBeCloseTo((50 * 50) / 120, 12);
});

test('a quantile in the +Inf bucket is the highest finite bound', () => {
  expect(histogramQuantile(0.999, buckets)).toBe(500);
});

test('a non-positive lowest bound is returned as is', () => {
  expect(
    histogramQuantile(0.2, [
      { le: -1, count: 5 },
      { le: '+Inf', count: 10 },
    ]),
  ).toBe(-1);
});

test('an empty histogram has no quantile', () => {
  expect(
    histogramQuantile(0.5, [
      { le: 10, count: 0 },
      { le: '+Inf', count: 0 },
    ]),
  ).toBeNull();
});
