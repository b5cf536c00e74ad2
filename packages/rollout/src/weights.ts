/*
 * Weights are percentages of the general population on the rolled-out variant, with a resolution of 0.01%:
 * the flag's `fractional` split uses integer weights, and every schedule weight is a whole number of basis
 * points over a total of 10,000 (0.5% → 50 / 10,000). Schedules compute in basis points so no rounding drifts.
 */

/** The integer weight total of the split a rollout writes. */
export const WEIGHT_TOTAL = 10_000;

/** Basis points of a percentage, or null when it is not a multiple of 0.01. */
export function toBasisPoints(percent: number): number | null {
  const bp = Math.round(percent * 100);
  return Math.abs(bp - percent * 100) < 1e-6 ? bp : null;
}

export function toPercent(basisPoints: number): number {
  return basisPoints / 100;
}
