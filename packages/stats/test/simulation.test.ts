import {
  compareMeans,
  conversionSampleSize,
  conversionSummary,
  type MeanSummary,
  meanEstimate,
  sequentialCompare,
} from '@switchyard/stats';
import { describe, expect, test } from 'vitest';
import { addSummaries, normalSummary, seeded } from './support/prng.js';

// Simulations draw whole-variant summaries (binomial counts, exact normal sums) rather than units, so each runs
// in well under a second. Seeds are fixed: a run is reproducible, and the bounds below are wide enough in
// standard errors that a correct implementation passes for almost every seed, yet narrow enough to catch a
// miscalibrated test.

describe('A/A experiments at alpha = 0.05 (10,000 simulated experiments; SE of the rate 0.22%)', () => {
  // [4%, 6%] is ±4.6 standard errors around 5%.
  test('conversion metric: false-positive rate within [4%, 6%]', () => {
    const random = seeded(20250101);
    let positives = 0;
    const runs = 10_000;
    for (let i = 0; i < runs; i++) {
      const control = conversionSummary(10_000, random.binomial(10_000, 0.05));
      const treatment = conversionSummary(10_000, random.binomial(10_000, 0.05));
      if (compareMeans(control, treatment).pValue < 0.05) positives++;
    }
    const rate = positives / runs;
    expect(rate).toBeGreaterThanOrEqual(0.04);
    expect(rate).toBeLessThanOrEqual(0.06);
  });

  test('continuous metric with unequal group sizes: false-positive rate within [4%, 6%]', () => {
    const random = seeded(7);
    let positives = 0;
    const runs = 10_000;
    for (let i = 0; i < runs; i++) {
      const control = normalSummary(random, 50, 20, 8);
      const treatment = normalSummary(random, 400, 20, 2);
      if (compareMeans(control, treatment).pValue < 0.05) positives++;
    }
    const rate = positives / runs;
    expect(rate).toBeGreaterThanOrEqual(0.04);
    expect(rate).toBeLessThanOrEqual(0.06);
  });
});

describe('peeking every day for 30 days (4,000 simulated A/A experiments, 1,000 units per variant per day)', () => {
  const runs = 4000;
  const looks = 30;

  function everRejected(
    decide: (control: MeanSummary, treatment: MeanSummary) => boolean,
    seed: number,
  ): number {
    const random = seeded(seed);
    let rejected = 0;
    for (let i = 0; i < runs; i++) {
      let control: MeanSummary = { n: 0, sum: 0, sumSquares: 0 };
      let treatment: MeanSummary = { n: 0, sum: 0, sumSquares: 0 };
      for (let day = 0; day < looks; day++) {
        control = addSummaries(control, normalSummary(random, 1000, 5, 2));
        treatment = addSummaries(treatment, normalSummary(random, 1000, 5, 2));
        if (decide(control, treatment)) {
          rejected++;
          break;
        }
      }
    }
    return rejected / runs;
  }

  test('sequential intervals keep the false-positive rate at or below 5%', () => {
    let previousPValue = 1;
    const rate = everRejected((control, treatment) => {
      if (control.n === 1000) previousPValue = 1; // a new experiment
      const s = sequentialCompare(meanEstimate(control), meanEstimate(treatment), {
        plannedSampleSize: 2 * 1000 * looks,
        previousPValue,
      });
      previousPValue = s.pValue;
      return s.significant;
    }, 11);
    // Ville's inequality bounds it by 5% for any number of looks; SE at 5% is 0.34%, so a 5% bound is fair.
    expect(rate).toBeLessThanOrEqual(0.05);
  });

  test('the fixed-horizon test, peeked at the same way, does not (the failure sequential testing prevents)', () => {
    const rate = everRejected((control, treatment) => compareMeans(control, treatment).pValue < 0.05, 11);
    // Thirty looks at a 5% test reject a true null roughly a quarter of the time (28% with this seed).
    expect(rate).toBeGreaterThan(0.1);
  });
});

test('a 10% lift at the planned sample size is detected with the planned power (4,000 experiments)', () => {
  const plan = conversionSampleSize({ baseline: 0.05, mde: 0.1 });
  const random = seeded(42);
  let detected = 0;
  const runs = 4000;
  for (let i = 0; i < runs; i++) {
    const control = conversionSummary(plan.perVariant, random.binomial(plan.perVariant, 0.05));
    const treatment = conversionSummary(plan.perVariant, random.binomial(plan.perVariant, 0.055));
    const c = compareMeans(control, treatment);
    if (c.pValue < 0.05 && c.absolute.estimate > 0) detected++;
  }
  // The unpooled formula targets power 0.8 for this very test; the simulation's SE is √(0.8·0.2/4000) = 0.63%,
  // so 0.8 ± 2.2 points is ±3.5 SE: a correct plan passes, one off by 3 points of power fails.
  const power = detected / runs;
  expect(power).toBeGreaterThanOrEqual(0.778);
  expect(power).toBeLessThanOrEqual(0.822);
});
