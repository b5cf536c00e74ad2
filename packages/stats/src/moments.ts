import { InsufficientDataError } from './errors.js';
import { type MeanSummary, validateMeanSummary } from './summary.js';

export interface Moments {
  readonly n: number;
  readonly mean: number;
  /** Sample variance (divisor n − 1). */
  readonly variance: number;
  readonly standardDeviation: number;
}

/** Sample variance from sums; n − 1 divisor. Clamped at 0 because cancellation can leave a tiny negative. */
export function sampleVariance(n: number, sum: number, sumSquares: number): number {
  return Math.max(0, (sumSquares - (sum * sum) / n) / (n - 1));
}

/** Sample covariance of paired per-unit values from their sums and cross sum; n − 1 divisor. */
export function sampleCovariance(n: number, sumX: number, sumY: number, crossSum: number): number {
  return (crossSum - (sumX * sumY) / n) / (n - 1);
}

/** Mean, sample variance and standard deviation of one variant's metric. Needs n ≥ 2. */
export function moments(summary: MeanSummary, field = 'summary'): Moments {
  validateMeanSummary(field, summary);
  if (summary.n < 2)
    throw new InsufficientDataError(`${field}.n`, `at least 2 units are needed, got ${summary.n}`);
  const variance = sampleVariance(summary.n, summary.sum, summary.sumSquares);
  return { n: summary.n, mean: summary.sum / summary.n, variance, standardDeviation: Math.sqrt(variance) };
}
