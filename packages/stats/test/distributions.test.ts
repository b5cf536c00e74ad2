import {
  chiSquareSurvival,
  normalCdf,
  normalQuantile,
  studentTQuantile,
  studentTTwoSided,
} from '@switchyard/stats';
import { expect, test } from 'vitest';
import { expectClose } from './support/close.js';

// Reference values from SciPy 1.17.1, with the expression that produced each.
test.each([
  [2.1, 30, 0.04424247126232353], // scipy.stats.t.sf(2.1, 30) * 2
  [-2.1, 30, 0.04424247126232353], // symmetric
  [2.5, 7.3, 0.03965023466560043], // scipy.stats.t.sf(2.5, 7.3) * 2  (fractional Welch df)
  [12, 1000, 4.324057386774429e-31], // scipy.stats.t.sf(12, 1000) * 2  (tiny tail keeps its precision)
])('two-sided t p-value of %d with %d df', (t, df, expected) => {
  expectClose(studentTTwoSided(t, df), expected);
});

test('two-sided t p-value of 0 is 1', () => {
  expect(studentTTwoSided(0, 10)).toBe(1);
});

test('t quantile with fractional df', () => {
  expectClose(studentTQuantile(0.975, 12.5), 2.1691859427125406); // scipy.stats.t.ppf(0.975, 12.5)
});

test.each([
  [7.5, 2, 0.023517745856009114], // scipy.stats.chi2.sf(7.5, 2)  (= exp(-3.75), closed form for 2 df)
  [3.2, 1, 0.07363827012030258], // scipy.stats.chi2.sf(3.2, 1)
  [150, 3, 2.6349139284880416e-32], // scipy.stats.chi2.sf(150, 3)
])('chi-square survival of %d with %d df', (x, k, expected) => {
  expectClose(chiSquareSurvival(x, k), expected);
});

test('chi-square survival with 2 df equals its closed form exp(-x/2)', () => {
  expectClose(chiSquareSurvival(7.5, 2), Math.exp(-3.75), 1e-12);
});

test('normal CDF and quantile', () => {
  expectClose(normalCdf(-1.3), 0.09680048458561036); // scipy.stats.norm.cdf(-1.3)
  expectClose(normalQuantile(0.9), 1.2815515655446004); // scipy.stats.norm.ppf(0.9)
  expectClose(normalQuantile(0.975), 1.959963984540054); // scipy.stats.norm.ppf(0.975), the textbook 1.96
});
