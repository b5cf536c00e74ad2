import { compareMeans, compareRatios, conversionSummary, InsufficientDataError } from '@switchyard/stats';
import { expect, test } from 'vitest';
import { expectClose } from './support/close.js';
import { ratioSummaryOf, summaryFromMoments } from './support/summaries.js';

// Control: 1,000 units, mean 10, sd 3. Treatment: 1,200 units, mean 10.3, sd 3.5.
const control = summaryFromMoments(1000, 10, 3);
const treatment = summaryFromMoments(1200, 10.3, 3.5);

test("Welch's t-test matches SciPy", () => {
  const c = compareMeans(control, treatment);
  // scipy.stats.ttest_ind_from_stats(10.3, 3.5, 1200, 10, 3, 1000, equal_var=False)
  expectClose(c.statistic, 2.164593813499514);
  expectClose(c.pValue, 0.03052622639368914);
  // (a + b)² / (a²/(n_t − 1) + b²/(n_c − 1)), a = 3.5²/1200, b = 3²/1000
  expectClose(c.degreesOfFreedom, 2196.253194129609);
  expect(c.significant).toBe(true);
});

test('absolute effect and its t interval', () => {
  const c = compareMeans(control, treatment);
  expectClose(c.absolute.estimate, 0.3);
  // 0.3 ∓ scipy.stats.t.ppf(0.975, df) * sqrt(a + b)
  expectClose(c.absolute.interval.lower, 0.028210710610583167);
  expectClose(c.absolute.interval.upper, 0.5717892893894168);
});

test('relative effect (lift) with the delta-method interval', () => {
  const c = compareMeans(control, treatment);
  const rel = c.relative!;
  expectClose(rel.estimate, 0.03);
  // sqrt(3.5²/(10²·1200) + 3²·10.3²/(10⁴·1000)), as gbstats' TTest.variance
  expectClose(rel.standardError, 0.014055758013473814);
  expectClose(rel.interval.lower, 0.002436030037617061);
  expectClose(rel.interval.upper, 0.05756396996238299);
});

test('the absolute interval excludes 0 exactly when p < alpha', () => {
  const at = (alpha: number) => compareMeans(control, treatment, { alpha });
  const justBelow = at(0.0306); // p = 0.030526 < 0.0306
  const justAbove = at(0.0305);
  expect(justBelow.significant).toBe(true);
  expect(justBelow.absolute.interval.lower).toBeGreaterThan(0);
  expect(justAbove.significant).toBe(false);
  expect(justAbove.absolute.interval.lower).toBeLessThan(0);
});

test('conversion metric: Welch on 0/1 data equals SciPy on the raw 0/1 arrays', () => {
  // c = zeros(20000); c[:1000] = 1; t = zeros(20000); t[:1100] = 1; scipy.stats.ttest_ind(t, c, equal_var=False)
  const c = compareMeans(conversionSummary(20000, 1000), conversionSummary(20000, 1100));
  expectClose(c.statistic, 2.241904819658304);
  expectClose(c.pValue, 0.024972994362481436);
  expectClose(c.degreesOfFreedom, 39917.217285632156);
  expectClose(c.relative!.estimate, 0.1);
});

test('ratio metric: delta-method ratios compared with Welch–Satterthwaite df', () => {
  const controlRatio = ratioSummaryOf(
    [12.0, 0.0, 30.5, 7.25, 18.0, 22.0, 3.5, 41.0, 9.75, 15.0],
    [2, 1, 3, 1, 2, 2, 1, 4, 1, 2],
  );
  const treatmentRatio = ratioSummaryOf(
    [14.0, 5.0, 28.0, 11.5, 19.0, 26.5, 2.0, 44.0, 12.25, 17.0, 8.0, 21.0],
    [2, 1, 3, 2, 2, 3, 1, 4, 1, 2, 1, 2],
  );
  const c = compareRatios(controlRatio, treatmentRatio);
  // numpy delta-method SEs of each ratio (0.8547856120276686, 0.6504767119452002), then
  // t = (Rt − Rc) / hypot(se_c, se_t); df by Welch–Satterthwaite; p = 2 * scipy.stats.t.sf(|t|, df)
  expectClose(c.absolute.estimate, 8.677083333333334 - 8.368421052631579);
  expectClose(c.statistic, 0.28735738286542184);
  expectClose(c.degreesOfFreedom, 17.610046693067684);
  expectClose(c.pValue, 0.7771927495128731);
});

test('relative effect is null when the control mean is 0', () => {
  const c = compareMeans(conversionSummary(1000, 0), conversionSummary(1000, 5));
  expect(c.relative).toBeNull();
  expect(c.absolute.estimate).toBe(0.005);
});

test('no variation in either variant is insufficient data, not a p-value of 0 or NaN', () => {
  expect(() => compareMeans(conversionSummary(1000, 0), conversionSummary(1000, 0))).toThrow(
    InsufficientDataError,
  );
});

test('alpha outside (0, 1) is rejected with the field and value', () => {
  expect(() => compareMeans(control, treatment, { alpha: 1.5 })).toThrow('alpha must be in (0, 1), got 1.5');
});

test('the variant that failed validation is named', () => {
  expect(() => compareMeans(control, { n: 1, sum: 1, sumSquares: 1 })).toThrow('treatment.n');
});
