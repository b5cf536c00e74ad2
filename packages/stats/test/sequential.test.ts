import {
  compareEstimates,
  type Estimate,
  InvalidArgumentError,
  sequentialCompare,
  sequentialHalfWidth,
  sequentialRho,
} from '@switchyard/stats';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { expectClose } from './support/close.js';

test('rho from the planned sample size (Waudby-Smith et al. 2023, eq. 161)', () => {
  // numpy.sqrt((-2*log(0.05) + log(-2*log(0.05) + 1)) / 5000)
  expectClose(sequentialRho(0.05, 5000), 0.03984006677137368);
});

// An effect of 0.3 with standard error 0.12 from 2,200 units in both variants, rho for a planned 5,000.
const control: Estimate = { n: 1000, value: 1, standardError: 0.12 * Math.sqrt(0.5) };
const treatment: Estimate = { n: 1200, value: 1.3, standardError: 0.12 * Math.sqrt(0.5) };

test('half-width agrees with an independent numerical inversion of the mixture likelihood ratio', () => {
  // Λ(θ0) = ∫ N(θ; θ0, ρ²V) · exp(N/V · ((θ − θ0)(ȳ − θ0) − (θ − θ0)²/2)) dθ with V = SE²·N, evaluated by
  // scipy.integrate.quad and solved for Λ(ȳ + h) = 1/α by scipy.optimize.brentq: h = 0.3725758038569533.
  // The closed form gives 0.37257580385695327.
  const rho = sequentialRho(0.05, 5000);
  expectClose(sequentialHalfWidth(0.12, 2200, rho, 0.05), 0.3725758038569533);
  const s = sequentialCompare(control, treatment, { plannedSampleSize: 5000 });
  expectClose(s.absolute.standardError, 0.12);
  expectClose(s.absolute.interval.lower, 0.3 - 0.3725758038569533);
  expectClose(s.absolute.interval.upper, 0.3 + 0.3725758038569533);
  expect(s.n).toBe(2200);
});

test('always-valid p-value is 1/Λ(0), checked against numerical integration', () => {
  // 1 / Λ(0) with Λ by scipy.integrate.quad as above: 0.18671614366505362.
  const s = sequentialCompare(control, treatment, { plannedSampleSize: 5000 });
  expectClose(s.pValue, 0.18671614366505362);
  expect(s.significant).toBe(false);
});

test('the sequential interval is wider than the fixed-horizon one: the price of peeking', () => {
  const fixed = compareEstimates(control, treatment);
  const seq = sequentialCompare(control, treatment);
  expect(seq.absolute.interval.upper - seq.absolute.interval.lower).toBeGreaterThan(
    fixed.absolute.interval.upper - fixed.absolute.interval.lower,
  );
  expect(seq.pValue).toBeGreaterThan(fixed.pValue);
});

test('rho from the plan is within 0.1% of the narrowest interval at the planned size', () => {
  for (const planned of [500, 5000, 200_000]) {
    for (const alpha of [0.01, 0.05, 0.1]) {
      const chosen = sequentialHalfWidth(
        1 / Math.sqrt(planned),
        planned,
        sequentialRho(alpha, planned),
        alpha,
      );
      let narrowest = Number.POSITIVE_INFINITY;
      for (let log = -7; log <= 0; log += 0.001) {
        narrowest = Math.min(
          narrowest,
          sequentialHalfWidth(1 / Math.sqrt(planned), planned, Math.exp(log), alpha),
        );
      }
      expect(chosen).toBeGreaterThanOrEqual(narrowest);
      expect(chosen / narrowest).toBeLessThan(1.001);
    }
  }
});

const estimates = fc.record({
  n: fc.integer({ min: 2, max: 1_000_000 }),
  value: fc.double({ min: -100, max: 100, noNaN: true }),
  standardError: fc.double({ min: 1e-3, max: 10, noNaN: true }),
});

test('property: p ≤ alpha exactly when the interval excludes 0', () => {
  fc.assert(
    fc.property(estimates, estimates, fc.double({ min: 0.001, max: 0.5, noNaN: true }), (c, t, alpha) => {
      const s = sequentialCompare(c, t, { alpha });
      const excludesZero = s.absolute.interval.lower > 0 || s.absolute.interval.upper < 0;
      const margin = Math.abs(Math.log(s.pValue / alpha));
      // Away from the exact boundary (where rounding decides) the two must agree.
      return margin < 1e-9 || excludesZero === s.pValue <= alpha;
    }),
    { numRuns: 5000 },
  );
});

test('property: for a fixed standard error per unit, the interval narrows as units accrue', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 1_000_000 }),
      fc.double({ min: 0.1, max: 10, noNaN: true }),
      (n, sd) => {
        const rho = sequentialRho(0.05, 5000);
        const now = sequentialHalfWidth(sd / Math.sqrt(n), n, rho, 0.05);
        const later = sequentialHalfWidth(sd / Math.sqrt(2 * n), 2 * n, rho, 0.05);
        return later < now;
      },
    ),
  );
});

test('the p-value is the running minimum of the looks', () => {
  const s = sequentialCompare(control, treatment, { previousPValue: 0.02 });
  expect(s.pValue).toBe(0.02);
  expect(s.significant).toBe(true);
  const t = sequentialCompare(control, treatment, { previousPValue: 0.9 });
  expectClose(t.pValue, 0.18671614366505362);
});

test('invalid tuning is rejected with the field named', () => {
  expect(() => sequentialRho(0.05, 0)).toThrow('plannedSampleSize must be a finite number > 0, got 0');
  expect(() => sequentialCompare(control, treatment, { rho: -1 })).toThrow(InvalidArgumentError);
  expect(() => sequentialCompare(control, treatment, { previousPValue: 2 })).toThrow(
    'previousPValue must be in [0, 1], got 2',
  );
});
