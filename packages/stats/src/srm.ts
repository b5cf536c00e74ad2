import { chiSquareSurvival } from './distributions.js';
import { InvalidArgumentError } from './errors.js';
import { requireCount, requireOpenUnit, requirePositive } from './validate.js';

/** Below this p-value the split is declared broken: strict, because SRM is checked on every look. */
export const SRM_THRESHOLD = 0.001;

export interface SampleRatioMismatch {
  readonly chiSquare: number;
  readonly degreesOfFreedom: number;
  readonly pValue: number;
  /** Units each variant should have received given the weights. */
  readonly expected: readonly number[];
  readonly mismatch: boolean;
}

/**
 * Pearson's chi-square goodness-of-fit test of the observed unit counts per variant against the configured
 * weights (any positive scale: 50/50, 1/1, 5000/5000).
 */
export function sampleRatioMismatch(
  observed: readonly number[],
  weights: readonly number[],
  options: { readonly threshold?: number } = {},
): SampleRatioMismatch {
  const threshold = requireOpenUnit('threshold', options.threshold ?? SRM_THRESHOLD);
  if (!Array.isArray(observed) || observed.length < 2)
    throw new InvalidArgumentError('observed', 'must list the unit counts of at least 2 variants', observed);
  if (!Array.isArray(weights) || weights.length !== observed.length)
    throw new InvalidArgumentError(
      'weights',
      `must have one weight per variant (${observed.length})`,
      weights,
    );
  for (const [i, count] of observed.entries()) requireCount(`observed[${i}]`, count);
  for (const [i, weight] of weights.entries()) requirePositive(`weights[${i}]`, weight);
  const total = observed.reduce((a, b) => a + b, 0);
  if (total === 0) throw new InvalidArgumentError('observed', 'must contain at least one unit', observed);
  const weightTotal = weights.reduce((a, b) => a + b, 0);
  const expected = weights.map((w) => (total * w) / weightTotal);
  const chiSquare = observed.reduce((acc, o, i) => {
    const e = expected[i]!;
    return acc + ((o - e) * (o - e)) / e;
  }, 0);
  const degreesOfFreedom = observed.length - 1;
  const pValue = chiSquareSurvival(chiSquare, degreesOfFreedom);
  return { chiSquare, degreesOfFreedom, pValue, expected, mismatch: pValue < threshold };
}
