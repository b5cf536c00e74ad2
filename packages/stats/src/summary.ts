import { InvalidArgumentError } from './errors.js';
import { requireCount, requireFinite, requireNonNegative } from './validate.js';

/**
 * Per-variant sufficient statistics of a metric with one value per unit: `n` units, the sum of their values
 * and the sum of their squared values. A conversion metric is the 0/1 case: sum = sumSquares = conversions.
 */
export interface MeanSummary {
  readonly n: number;
  readonly sum: number;
  readonly sumSquares: number;
}

/**
 * A ratio metric (e.g. revenue per order): per unit a numerator X and a denominator Y. `sum`/`sumSquares`
 * describe X, `denominatorSum`/`denominatorSumSquares` describe Y and `crossSum` is Σ X·Y, which the delta
 * method needs for the covariance of X and Y.
 */
export interface RatioSummary extends MeanSummary {
  readonly denominatorSum: number;
  readonly denominatorSumSquares: number;
  readonly crossSum: number;
}

/** The summary of a conversion metric: each unit contributes 1 if it converted, else 0. */
export function conversionSummary(n: number, conversions: number): MeanSummary {
  requireCount('n', n);
  requireCount('conversions', conversions);
  if (conversions > n) throw new InvalidArgumentError('conversions', `must be <= n (${n})`, conversions);
  return { n, sum: conversions, sumSquares: conversions };
}

export function validateMeanSummary(field: string, summary: MeanSummary): void {
  if (typeof summary !== 'object' || summary === null)
    throw new InvalidArgumentError(field, 'must be an object { n, sum, sumSquares }', summary);
  requireCount(`${field}.n`, summary.n);
  requireFinite(`${field}.sum`, summary.sum);
  requireNonNegative(`${field}.sumSquares`, summary.sumSquares);
}

export function validateRatioSummary(field: string, summary: RatioSummary): void {
  validateMeanSummary(field, summary);
  requireFinite(`${field}.denominatorSum`, summary.denominatorSum);
  requireNonNegative(`${field}.denominatorSumSquares`, summary.denominatorSumSquares);
  requireFinite(`${field}.crossSum`, summary.crossSum);
}
