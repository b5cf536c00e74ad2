import { InsufficientDataError, InvalidArgumentError } from './errors.js';
import type { Estimate } from './estimate.js';
import { requireCount, requireFinite, requireNonNegative } from './validate.js';

export function validateEstimate(field: string, estimate: Estimate): void {
  if (typeof estimate !== 'object' || estimate === null)
    throw new InvalidArgumentError(field, 'must be an object { n, value, standardError }', estimate);
  requireCount(`${field}.n`, estimate.n, 2);
  requireFinite(`${field}.value`, estimate.value);
  requireNonNegative(`${field}.standardError`, estimate.standardError);
}

/** Treatment minus control; the groups are independent, so the variances add. */
export function absoluteEffect(
  control: Estimate,
  treatment: Estimate,
): { estimate: number; standardError: number } {
  const standardError = Math.hypot(treatment.standardError, control.standardError);
  if (standardError === 0)
    throw new InsufficientDataError(
      'standardError',
      'both variants have zero variance, so the difference has no sampling distribution',
    );
  return { estimate: treatment.value - control.value, standardError };
}

/**
 * Lift treatment / control − 1 with the delta-method standard error
 * Var ≈ SE_t² / m_c² + m_t² · SE_c² / m_c⁴. Null when the control value is 0 (the lift is undefined).
 */
export function relativeEffect(
  control: Estimate,
  treatment: Estimate,
): { estimate: number; standardError: number } | null {
  const mc = control.value;
  if (mc === 0) return null;
  const variance =
    (treatment.standardError * treatment.standardError) / (mc * mc) +
    (treatment.value * treatment.value * control.standardError * control.standardError) / mc ** 4;
  return { estimate: treatment.value / mc - 1, standardError: Math.sqrt(variance) };
}
