import type { Estimate } from './estimate.js';

/**
 * Welch–Satterthwaite degrees of freedom from each group's squared standard error:
 * (a + b)² / (a² / (n_t − 1) + b² / (n_c − 1)), a = SE_t², b = SE_c².
 */
export function welchDegreesOfFreedom(control: Estimate, treatment: Estimate): number {
  const a = treatment.standardError ** 2;
  const b = control.standardError ** 2;
  return (a + b) ** 2 / (a ** 2 / (treatment.n - 1) + b ** 2 / (control.n - 1));
}
