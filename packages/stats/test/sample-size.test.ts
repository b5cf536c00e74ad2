import { conversionSampleSize, InvalidArgumentError, meanSampleSize } from '@switchyard/stats';
import { expect, test } from 'vitest';

// Each reference is n = (z_{1−α'/2} + z_{power})² · var / δ² evaluated with scipy.stats.norm.ppf, then rounded up.

test('seed case: baseline 5%, relative MDE 10%, alpha 0.05, power 0.8 → 31,231 per variant', () => {
  // (norm.ppf(0.975) + norm.ppf(0.8))**2 * (0.05*0.95 + 0.055*0.945) / 0.005**2 = 31230.692462975057
  const plan = conversionSampleSize({ baseline: 0.05, mde: 0.1 });
  expect(plan.perVariant).toBe(31231);
  expect(plan.total).toBe(62462);
  expect(plan.comparisonAlpha).toBe(0.05);
  expect(plan.absoluteEffect).toBeCloseTo(0.005, 15);
});

test('absolute MDE, alpha 0.01, power 0.9', () => {
  // p1 = 0.2, p2 = 0.21: 48491.922784581155
  const plan = conversionSampleSize({
    baseline: 0.2,
    mde: 0.01,
    mdeType: 'absolute',
    alpha: 0.01,
    power: 0.9,
  });
  expect(plan.perVariant).toBe(48492);
});

test('Bonferroni: three variants test each comparison at alpha / 2', () => {
  // alpha' = 0.025: 37820.541209138224
  const plan = conversionSampleSize({ baseline: 0.05, mde: 0.1, variants: 3 });
  expect(plan.comparisonAlpha).toBe(0.025);
  expect(plan.perVariant).toBe(37821);
  expect(plan.total).toBe(3 * 37821);
});

test('Bonferroni: four variants test at alpha / 3', () => {
  // p1 = 0.1, p2 = 0.11, alpha' = 0.05 / 3: 19671.46529484601
  expect(conversionSampleSize({ baseline: 0.1, mde: 0.1, variants: 4 }).perVariant).toBe(19672);
});

test('a mean with known variance, absolute and relative MDE', () => {
  // 2 · 4 / 0.1²: 6279.103787479269; relative 2% of 50 with variance 400 is the same δ/σ: 6279.103787479271
  expect(meanSampleSize({ variance: 4, mde: 0.1, mdeType: 'absolute' }).perVariant).toBe(6280);
  expect(meanSampleSize({ variance: 400, mean: 50, mde: 0.02 }).perVariant).toBe(6280);
});

test('duration in whole days from daily traffic across all variants', () => {
  expect(conversionSampleSize({ baseline: 0.05, mde: 0.1, dailyTraffic: 5000 }).durationDays).toBe(13); // 62462 / 5000
  expect(conversionSampleSize({ baseline: 0.05, mde: 0.1, dailyTraffic: 62462 }).durationDays).toBe(1);
  expect(conversionSampleSize({ baseline: 0.05, mde: 0.1 }).durationDays).toBeUndefined();
});

test('invalid plans name the field and the problem', () => {
  expect(() => conversionSampleSize({ baseline: 0.05, mde: 0.1, alpha: 1.5 })).toThrow(
    'alpha must be in (0, 1), got 1.5',
  );
  expect(() => conversionSampleSize({ baseline: 0, mde: 0.1 })).toThrow('baseline must be in (0, 1), got 0');
  expect(() => conversionSampleSize({ baseline: 0.6, mde: 1 })).toThrow(
    'mde must keep the treatment rate inside (0, 1)',
  );
  expect(() => conversionSampleSize({ baseline: 0.05, mde: 0.1, variants: 1 })).toThrow(
    'variants must be an integer >= 2, got 1',
  );
  expect(() => meanSampleSize({ variance: 4, mde: 0.1 })).toThrow(InvalidArgumentError);
  expect(() => meanSampleSize({ variance: 4, mde: 0.1 })).toThrow('mean must be a finite non-zero number');
});
