import { moments } from '@switchyard/stats';
import { expect, test } from 'vitest';
import { normalSummary, seeded } from './support/prng.js';

// The simulations are only as good as their random draws; these check the samplers' first two moments.

test('binomial draws have mean n·p and variance n·p·(1 − p)', () => {
  const random = seeded(1);
  const draws = Array.from({ length: 20_000 }, () => random.binomial(1000, 0.05));
  const m = moments({
    n: draws.length,
    sum: draws.reduce((a, b) => a + b, 0),
    sumSquares: draws.reduce((a, b) => a + b * b, 0),
  });
  // SE of the mean is √(47.5 / 20000) = 0.049; of the variance about 47.5·√(2/20000) = 0.48.
  expect(Math.abs(m.mean - 50)).toBeLessThan(4 * 0.049);
  expect(Math.abs(m.variance - 47.5)).toBeLessThan(4 * 0.48);
});

test('exact normal summaries have the sampling distribution of the mean and variance', () => {
  const random = seeded(2);
  const runs = 20_000;
  let meanSum = 0;
  let meanSquares = 0;
  let varianceSum = 0;
  for (let i = 0; i < runs; i++) {
    const m = moments(normalSummary(random, 25, 3, 2));
    meanSum += m.mean;
    meanSquares += m.mean * m.mean;
    varianceSum += m.variance;
  }
  const mean = meanSum / runs;
  const varianceOfMean = meanSquares / runs - mean * mean;
  // E[mean] = 3, Var[mean] = 4/25 = 0.16, E[s²] = 4 (SE of the average s² is 4·√(2/24)/√20000 = 0.0082).
  expect(Math.abs(mean - 3)).toBeLessThan(4 * Math.sqrt(0.16 / runs));
  expect(Math.abs(varianceOfMean - 0.16)).toBeLessThan(4 * 0.16 * Math.sqrt(2 / runs));
  expect(Math.abs(varianceSum / runs - 4)).toBeLessThan(4 * 0.0082);
});
