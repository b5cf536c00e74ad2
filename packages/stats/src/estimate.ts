import { InsufficientDataError } from './errors.js';
import { moments, sampleCovariance, sampleVariance } from './moments.js';
import type { MeanSummary, RatioSummary } from './summary.js';
import { validateRatioSummary } from './summary.js';

/**
 * One variant's point estimate of a metric and its standard error, with the unit count it came from.
 * Every comparison works on estimates, so mean and ratio metrics share the same tests.
 */
export interface Estimate {
  readonly n: number;
  readonly value: number;
  readonly standardError: number;
}

/** The mean of a per-unit metric: value = sum / n, standard error = s / √n. */
export function meanEstimate(summary: MeanSummary, field = 'summary'): Estimate {
  const m = moments(summary, field);
  return { n: m.n, value: m.mean, standardError: Math.sqrt(m.variance / m.n) };
}

/**
 * A ratio of means R = X̄ / Ȳ with its delta-method standard error:
 * Var(R) ≈ (Var X − 2R·Cov(X, Y) + R²·Var Y) / (n · Ȳ²).
 */
export function ratioEstimate(summary: RatioSummary, field = 'summary'): Estimate {
  validateRatioSummary(field, summary);
  const { n } = summary;
  if (n < 2) throw new InsufficientDataError(`${field}.n`, `at least 2 units are needed, got ${n}`);
  if (summary.denominatorSum === 0)
    throw new InsufficientDataError(
      `${field}.denominatorSum`,
      'the ratio is undefined when the denominator sums to 0',
    );
  const meanY = summary.denominatorSum / n;
  const ratio = summary.sum / summary.denominatorSum;
  const varX = sampleVariance(n, summary.sum, summary.sumSquares);
  const varY = sampleVariance(n, summary.denominatorSum, summary.denominatorSumSquares);
  const covXY = sampleCovariance(n, summary.sum, summary.denominatorSum, summary.crossSum);
  const variance = Math.max(0, (varX - 2 * ratio * covXY + ratio * ratio * varY) / (n * meanY * meanY));
  return { n, value: ratio, standardError: Math.sqrt(variance) };
}
