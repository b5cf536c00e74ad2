import { chanceToBeatControl, meanEstimate } from '@switchyard/stats';
import { expect, test } from 'vitest';
import { expectClose } from './support/close.js';
import { summaryFromMoments } from './support/summaries.js';

const control = meanEstimate(summaryFromMoments(1000, 10, 3));
const treatment = meanEstimate(summaryFromMoments(1200, 10.3, 3.5));

test('chance to beat control is Φ(d / SE) of the absolute effect under a flat prior', () => {
  const r = chanceToBeatControl(control, treatment);
  // se = sqrt(3.5²/1200 + 3²/1000); scipy.stats.norm.cdf(0.3 / se)
  expectClose(r.chanceToBeatControl, 0.9847905974018747);
  expectClose(r.expectedEffect, 0.3);
  // 0.3 ∓ scipy.stats.norm.ppf(0.975) * se
  expectClose(r.credibleInterval.lower, 0.02836049345839564);
  expectClose(r.credibleInterval.upper, 0.5716395065416043);
});

test('swapping the variants gives the complementary chance', () => {
  const forward = chanceToBeatControl(control, treatment).chanceToBeatControl;
  const backward = chanceToBeatControl(treatment, control).chanceToBeatControl;
  expectClose(forward + backward, 1, 1e-12);
});

test('identical variants have a chance of exactly one half', () => {
  expect(chanceToBeatControl(control, control).chanceToBeatControl).toBe(0.5);
});
