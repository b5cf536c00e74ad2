import { absoluteEffect, relativeEffect, validateEstimate } from './effects.js';
import { InvalidArgumentError } from './errors.js';
import type { Estimate } from './estimate.js';
import { type Effect, symmetric } from './interval.js';
import { requireOpenUnit, requirePositive } from './validate.js';

/*
 * Always-valid inference with the normal-mixture sequential probability ratio test (mSPRT; Johari et al.,
 * "Always valid inference", 2022; Howard et al., "Time-uniform, nonparametric, nonasymptotic confidence
 * sequences", 2021), in the asymptotic form GrowthBook uses for sequential testing and safe rollouts
 * (Waudby-Smith et al. 2023, eq. 9).
 *
 * Observations of the effect have per-unit variance σ² (here σ² = SE² · N, N = units in both variants). Mixing
 * the likelihood ratio over effects θ ~ N(θ0, τ²) with τ² = ρ²σ² gives, for z = (estimate − θ0) / SE,
 *   Λ_N(θ0) = (1 + Nρ²)^(−1/2) · exp( z² · Nρ² / (2(1 + Nρ²)) ),
 * a nonnegative martingale under θ0, so by Ville's inequality P(sup_N Λ_N ≥ 1/α) ≤ α: however often one looks,
 * the set {θ0 : Λ_N(θ0) < 1/α} covers the true effect at every look with probability ≥ 1 − α. Solving for θ0:
 *   half-width = SE · √N · √( 2(Nρ² + 1) / (N²ρ²) · ln( √(Nρ² + 1) / α ) ),
 * and the always-valid p-value for θ0 = 0 is min(1, 1/Λ_N(0)); the interval excludes 0 exactly when p ≤ α.
 *
 * ρ is the tuning parameter: small ρ gives narrow intervals late and wide ones early, large ρ the reverse.
 * Like GrowthBook we pick it from the planned total sample size N* so the sequence is tightest near N*
 * (Waudby-Smith et al. 2023, eq. 161): ρ² = (−2 ln α + ln(−2 ln α + 1)) / N*.
 */

/** GrowthBook's default planned sample size when a team has none. */
export const DEFAULT_PLANNED_SAMPLE_SIZE = 5000;

/** The mixture parameter ρ that makes the confidence sequence tightest near `plannedSampleSize` total units. */
export function sequentialRho(alpha: number, plannedSampleSize: number): number {
  requireOpenUnit('alpha', alpha);
  requirePositive('plannedSampleSize', plannedSampleSize);
  const l = -2 * Math.log(alpha);
  return Math.sqrt((l + Math.log(l + 1)) / plannedSampleSize);
}

/** Half-width of the always-valid interval for an estimate with standard error `standardError` from `n` units. */
export function sequentialHalfWidth(standardError: number, n: number, rho: number, alpha: number): number {
  const nr2 = n * rho * rho;
  return (
    standardError *
    Math.sqrt(n) *
    Math.sqrt(((2 * (nr2 + 1)) / (n * nr2)) * Math.log(Math.sqrt(nr2 + 1) / alpha))
  );
}

/** ln Λ_N(θ0) for a standardised distance z = (estimate − θ0) / SE. */
export function mixtureLogLikelihoodRatio(z: number, n: number, rho: number): number {
  const nr2 = n * rho * rho;
  return -0.5 * Math.log1p(nr2) + (z * z * nr2) / (2 * (1 + nr2));
}

export interface SequentialOptions {
  /** Two-sided error rate that holds over every look. Default 0.05. */
  readonly alpha?: number;
  /** Total units (both variants) where the interval should be tightest; sets ρ. Default 5000. */
  readonly plannedSampleSize?: number;
  /** Sets ρ directly instead of from plannedSampleSize. */
  readonly rho?: number;
  /** The p-value of the previous look: always-valid p-values are a running minimum, kept by the caller. */
  readonly previousPValue?: number;
}

export interface SequentialComparison {
  readonly alpha: number;
  readonly rho: number;
  /** Units in both variants, the N of the mixture. */
  readonly n: number;
  readonly absolute: Effect;
  readonly relative: Effect | null;
  /** Standardised absolute effect (estimate / SE). */
  readonly statistic: number;
  /** Always-valid p-value for "no difference", already the running minimum with previousPValue. */
  readonly pValue: number;
  readonly significant: boolean;
}

function resolveRho(alpha: number, options: SequentialOptions): number {
  if (options.rho !== undefined) return requirePositive('rho', options.rho);
  return sequentialRho(alpha, options.plannedSampleSize ?? DEFAULT_PLANNED_SAMPLE_SIZE);
}

/** Always-valid comparison of treatment with control, safe to recompute after every new batch of data. */
export function sequentialCompare(
  control: Estimate,
  treatment: Estimate,
  options: SequentialOptions = {},
): SequentialComparison {
  const alpha = requireOpenUnit('alpha', options.alpha ?? 0.05);
  const rho = resolveRho(alpha, options);
  validateEstimate('control', control);
  validateEstimate('treatment', treatment);
  const previous = options.previousPValue ?? 1;
  if (typeof previous !== 'number' || !(previous >= 0 && previous <= 1))
    throw new InvalidArgumentError('previousPValue', 'must be in [0, 1]', previous);
  const n = control.n + treatment.n;
  const abs = absoluteEffect(control, treatment);
  const rel = relativeEffect(control, treatment);
  const statistic = abs.estimate / abs.standardError;
  const pNow = Math.min(1, Math.exp(-mixtureLogLikelihoodRatio(statistic, n, rho)));
  const pValue = Math.min(previous, pNow);
  const interval = (e: { estimate: number; standardError: number }): Effect => ({
    ...e,
    interval: symmetric(e.estimate, sequentialHalfWidth(e.standardError, n, rho, alpha)),
  });
  return {
    alpha,
    rho,
    n,
    absolute: interval(abs),
    relative: rel && interval(rel),
    statistic,
    pValue,
    significant: pValue <= alpha,
  };
}
