import { studentTQuantile, studentTTwoSided } from './distributions.js';
import { absoluteEffect, relativeEffect, validateEstimate } from './effects.js';
import { type Estimate, meanEstimate, ratioEstimate } from './estimate.js';
import { type Effect, symmetric } from './interval.js';
import type { MeanSummary, RatioSummary } from './summary.js';
import { requireOpenUnit } from './validate.js';
import { welchDegreesOfFreedom } from './welch.js';

export interface CompareOptions {
  /** Two-sided significance level; intervals have coverage 1 − alpha. Default 0.05. */
  readonly alpha?: number;
}

/** A fixed-horizon comparison of one variant with control. */
export interface Comparison {
  readonly control: Estimate;
  readonly treatment: Estimate;
  readonly alpha: number;
  /** Treatment − control. */
  readonly absolute: Effect;
  /** Treatment / control − 1 (delta method); null when the control value is 0. */
  readonly relative: Effect | null;
  /** Welch's t statistic of the absolute difference. */
  readonly statistic: number;
  /** Welch–Satterthwaite degrees of freedom. */
  readonly degreesOfFreedom: number;
  /** Two-sided p-value of Welch's t-test of equal means. */
  readonly pValue: number;
  readonly significant: boolean;
}

/**
 * Welch's unequal-variance t-test of treatment against control. Both intervals use the t quantile with the
 * Welch df (as GrowthBook does), so the absolute interval excludes 0 exactly when pValue < alpha; the relative
 * interval's delta-method approximation can disagree with the p-value near the boundary.
 */
export function compareEstimates(
  control: Estimate,
  treatment: Estimate,
  options: CompareOptions = {},
): Comparison {
  const alpha = requireOpenUnit('alpha', options.alpha ?? 0.05);
  validateEstimate('control', control);
  validateEstimate('treatment', treatment);
  const abs = absoluteEffect(control, treatment);
  const df = welchDegreesOfFreedom(control, treatment);
  const critical = studentTQuantile(1 - alpha / 2, df);
  const statistic = abs.estimate / abs.standardError;
  const pValue = studentTTwoSided(statistic, df);
  const rel = relativeEffect(control, treatment);
  return {
    control,
    treatment,
    alpha,
    absolute: { ...abs, interval: symmetric(abs.estimate, critical * abs.standardError) },
    relative: rel && { ...rel, interval: symmetric(rel.estimate, critical * rel.standardError) },
    statistic,
    degreesOfFreedom: df,
    pValue,
    significant: pValue < alpha,
  };
}

/**
 * Compares per-unit means. Conversion metrics use this too, on 0/1 data (`conversionSummary`): Welch's test
 * on Bernoulli outcomes uses the unpooled variance p(1 − p) per group, matches the unpooled sample-size formula
 * and is indistinguishable from the two-proportion z-test at experiment sizes.
 */
export function compareMeans(
  control: MeanSummary,
  treatment: MeanSummary,
  options: CompareOptions = {},
): Comparison {
  return compareEstimates(meanEstimate(control, 'control'), meanEstimate(treatment, 'treatment'), options);
}

/** Compares ratio metrics (e.g. revenue per order) using delta-method standard errors for each ratio. */
export function compareRatios(
  control: RatioSummary,
  treatment: RatioSummary,
  options: CompareOptions = {},
): Comparison {
  return compareEstimates(ratioEstimate(control, 'control'), ratioEstimate(treatment, 'treatment'), options);
}
