import { describe, expect, it } from 'vitest';
import { type ExperimentDesign, experimentDesign } from '../../src/experiments/experiment-design.js';
import { experimentResults } from '../../src/experiments/experiment-results.js';
import type { MetricSums } from '../../src/experiments/unit-store.js';

/*
 * Reference values from SciPy 1.17 (python3), computed on the per-unit data below:
 *   r = scipy.stats.ttest_ind(t, c, equal_var=False); r.pvalue, r.confidence_interval(0.95 / 0.975)
 *   relative effect: delta method, var = se_t²/m_c² + m_t²·se_c²/m_c⁴, t quantile at Welch's df
 *   chance to beat control: scipy.stats.norm.cdf((m_t − m_c) / hypot(se_c, se_t))
 *   SRM: scipy.stats.chisquare([60, 55], [57.5, 57.5]).pvalue
 *   ratio: R = Σx/Σy, var = (var x − 2R·cov(x,y) + R²·var y) / (n·ȳ²), Welch df and two-sided t p-value
 */
const control = [
  16.68, 13.37, 11.46, 17.46, 11.09, 23.82, 18.06, 16.29, 4.64, 2.4, 5.07, 18.77, 16.05, 3.69, 18.63, 8.25,
  8.26, 30.89, 15.27, 17.5, 17.67, 3.61, 18.26, 58.13, 5.48, 25.28, 27.13, 26.85, 9.38, 11.37, 5.56, 14.26,
  36.25, 8.37, 1.91, 15.44, 27.25, 12.35, 45.09, 13.05, 15.16, 6.02, 11.57, 26.6, 26.87, 34.27, 25.39, 21.55,
  1.78, 7.54, 65.69, 9.84, 23.88, 14.15, 24.32, 15.67, 6.42, 7.86, 19.28, 10.14,
];
const treatment = [
  2.51, 24.08, 32.79, 31.03, 31.46, 4.56, 46.1, 15.17, 8.26, 12.19, 9.79, 6.09, 16.64, 18.85, 14.55, 18.78,
  14.86, 9.67, 10.92, 23.67, 5.01, 11.29, 30.62, 19.66, 25.6, 16.78, 6.49, 12.56, 18.21, 12.55, 14.84, 18.97,
  29.59, 11.98, 34.88, 16.81, 31.51, 34.3, 47.96, 33.09, 33.33, 47.18, 3.8, 7.95, 32.65, 2.13, 19.28, 19.2,
  4.68, 8.29, 26.46, 24.79, 11.04, 8.98, 9.88,
];
const controlOrders = [
  2.0, 2.0, 2.0, 1.0, 1.0, 2.0, 2.0, 3.0, 3.0, 2.0, 1.0, 1.0, 3.0, 2.0, 3.0, 2.0, 2.0, 1.0, 2.0, 2.0, 3.0,
  1.0, 1.0, 2.0, 3.0, 3.0, 2.0, 2.0, 1.0, 2.0, 2.0, 2.0, 1.0, 1.0, 3.0, 1.0, 1.0, 1.0, 3.0, 2.0, 2.0, 1.0,
  2.0, 3.0, 3.0, 2.0, 3.0, 1.0, 1.0, 1.0, 1.0, 3.0, 3.0, 1.0, 2.0, 1.0, 3.0, 1.0, 2.0, 1.0,
];
const treatmentOrders = [
  3.0, 3.0, 3.0, 1.0, 3.0, 1.0, 3.0, 3.0, 2.0, 2.0, 3.0, 1.0, 1.0, 2.0, 1.0, 3.0, 3.0, 2.0, 1.0, 3.0, 2.0,
  1.0, 2.0, 3.0, 1.0, 3.0, 2.0, 3.0, 3.0, 3.0, 2.0, 2.0, 3.0, 1.0, 1.0, 2.0, 3.0, 3.0, 3.0, 1.0, 1.0, 1.0,
  3.0, 2.0, 1.0, 3.0, 2.0, 3.0, 2.0, 1.0, 3.0, 1.0, 1.0, 3.0, 2.0,
];

const sums = (variant: string, x: number[], y: number[] = []): MetricSums => ({
  variant,
  n: x.length,
  sum: x.reduce((a, v) => a + v, 0),
  sumSquares: x.reduce((a, v) => a + v * v, 0),
  denominatorSum: y.reduce((a, v) => a + v, 0),
  denominatorSumSquares: y.reduce((a, v) => a + v * v, 0),
  crossSum: y.reduce((a, v, i) => a + v * x[i]!, 0),
});

function design(extra: Record<string, unknown> = {}): ExperimentDesign {
  const checked = experimentDesign(
    'e',
    {
      control: 'off',
      weights: { off: 50, on: 50 },
      primaryMetric: { event: 'purchase', type: 'mean' },
      secondaryMetrics: [
        {
          key: 'revenue-per-order',
          type: 'ratio',
          numerator: { event: 'purchase', of: 'value' },
          denominator: { event: 'order', of: 'count' },
        },
      ],
      ...extra,
    },
    ['off', 'on', 'blue'],
    (path) => path,
  );
  if ('issues' in checked) throw new Error(JSON.stringify(checked.issues));
  return checked.design;
}

const units = [
  { variant: 'off', units: 60, conflicted: 0 },
  { variant: 'on', units: 55, conflicted: 2 },
];

describe('experiment results against reference values', () => {
  const results = experimentResults({
    design: design(),
    startedAt: Date.parse('2026-11-01T00:00:00Z'),
    stoppedAt: null,
    now: Date.parse('2026-11-11T00:00:00Z'),
    units,
    sums: new Map([
      ['purchase-mean', [sums('off', control), sums('on', treatment)]],
      ['revenue-per-order', [sums('off', control, controlOrders), sums('on', treatment, treatmentOrders)]],
    ]),
  });

  it('compares means with Welch\u2019s t-test, intervals on the absolute and relative effect', () => {
    const [off, on] = results.variants;
    expect(off).toMatchObject({ variant: 'off', units: 60, effect: null, pValue: null });
    expect(off!.stdDev).toBeCloseTo(12.424445245604208, 9);
    expect(on!.stdDev).toBeCloseTo(11.704484771703697, 9);
    expect(on!.pValue).toBeCloseTo(0.43877968561974556, 9);
    expect(on!.effectCi![0]).toBeCloseTo(-2.7097227920626334, 8);
    expect(on!.effectCi![1]).toBeCloseTo(6.206631882971726, 8);
    expect(on!.relativeEffect).toBeCloseTo(0.1014243601980711, 10);
    expect(on!.ci![0]).toBeCloseTo(-0.17082854658926344, 8);
    expect(on!.ci![1]).toBeCloseTo(0.37367726698540565, 8);
    expect(on!.chanceToBeatControl).toBeCloseTo(0.7814225728402988, 9);
    expect(on!.significant).toBe(false);
    expect(results.method).toBe('welch-t');
  });

  it('compares ratio metrics with delta-method standard errors', () => {
    const ratio = results.metrics.find((m) => m.key === 'revenue-per-order')!;
    expect(ratio.role).toBe('secondary');
    expect(ratio.variants[0]!.mean).toBeCloseTo(9.153451327433629, 10);
    expect(ratio.variants[1]!.mean).toBeCloseTo(8.925726495726497, 10);
    expect(ratio.variants[1]!.pValue).toBeCloseTo(0.8616964056401664, 9);
  });

  it('checks the split with a chi-square test and reports excluded units', () => {
    expect(results.srm!.pValue).toBeCloseTo(0.6410348429983835, 10);
    expect(results.srm).toMatchObject({
      mismatch: false,
      observed: { off: 60, on: 55 },
      expected: { off: 57.5, on: 57.5 },
    });
    expect(results.units).toBe(115);
    expect(results.excludedUnits).toBe(2);
    expect(results.warnings).toEqual([
      expect.stringContaining('2 units were exposed to more than one variant'),
    ]);
  });

  it('warns prominently on a sample ratio mismatch', () => {
    const mismatched = experimentResults({
      design: design(),
      startedAt: null,
      stoppedAt: null,
      now: 0,
      units: [
        { variant: 'off', units: 5500, conflicted: 0 },
        { variant: 'on', units: 4500, conflicted: 0 },
      ],
      sums: new Map(),
    });
    // scipy.stats.chisquare([5500, 4500], [5000, 5000]).pvalue
    expect(mismatched.srm!.pValue).toBeCloseTo(1.5239706048320995e-23, 30);
    expect(mismatched.srm!.mismatch).toBe(true);
    expect(mismatched.warnings[0]).toMatch(
      /^SAMPLE RATIO MISMATCH: .*off 5500 \(expected 5000\), on 4500 \(expected 5000\)/,
    );
    expect(mismatched.variants[1]!.note).toContain('not enough units');
  });

  it('tests each of several treatments at alpha / (variants - 1)', () => {
    const three = experimentResults({
      design: design({ weights: { off: 1, on: 1, blue: 1 } }),
      startedAt: null,
      stoppedAt: null,
      now: 0,
      units: [...units, { variant: 'blue', units: 55, conflicted: 0 }],
      sums: new Map([
        ['purchase-mean', [sums('off', control), sums('on', treatment), sums('blue', treatment)]],
      ]),
    });
    expect(three.comparisonAlpha).toBe(0.025);
    const on = three.variants.find((v) => v.variant === 'on')!;
    // r.confidence_interval(0.975)
    expect(on.effectCi![0]).toBeCloseTo(-3.3633921698447304, 8);
    expect(on.effectCi![1]).toBeCloseTo(6.860301260753828, 8);
  });

  it('estimates the sample still needed from the control\u2019s baseline and the end from the traffic so far', () => {
    const progress = results.progress!;
    // n = 2σ²(z₀.₉₇₅ + z₀.₈)² / δ² with the control's mean and variance and δ = 10% of its mean:
    // 815.394… (scipy.stats.norm.ppf), rounded up.
    expect(progress.requiredPerVariant).toBe(816);
    expect(progress.remainingPerVariant).toEqual({
      off: progress.requiredPerVariant - 60,
      on: progress.requiredPerVariant - 55,
    });
    // The slower variant (55 units in 10 days) decides: days = remaining · 10 / 55.
    expect(progress.daysRemaining).toBeCloseTo(((progress.requiredPerVariant - 55) * 10) / 55, 9);
    const end = Date.parse('2026-11-11T00:00:00Z') + progress.daysRemaining! * 86_400_000;
    expect(Math.abs(Date.parse(progress.estimatedEndAt!) - end)).toBeLessThan(1);
  });

  it('flags a guardrail metric that is significantly worse', () => {
    const guarded = experimentResults({
      design: design({ guardrailMetrics: [{ event: 'error', type: 'count', higherIsBetter: false }] }),
      startedAt: null,
      stoppedAt: null,
      now: 0,
      units,
      sums: new Map([
        [
          'error-count',
          [
            sums(
              'off',
              control.map(() => 0).map((_, i) => (i % 10 === 0 ? 1 : 0)),
            ),
            sums(
              'on',
              treatment.map((_, i) => (i % 2 === 0 ? 1 : 0)),
            ),
          ],
        ],
      ]),
    });
    const errors = guarded.metrics.find((m) => m.key === 'error-count')!;
    expect(errors.variants[1]!.guardrail).toBe('breached');
    expect(
      guarded.warnings.some((w) => w.startsWith('Guardrail "error-count" is significantly worse in "on"')),
    ).toBe(true);
  });
});
