import { normalQuantile } from './distributions.js';
import { InvalidArgumentError } from './errors.js';
import { requireCount, requireOpenUnit, requirePositive } from './validate.js';

export type MdeType = 'relative' | 'absolute';

interface PlanCommon {
  /** Minimum detectable effect, > 0: a fraction of the baseline when relative (0.1 = +10%), else in metric units. */
  readonly mde: number;
  /** Default 'relative'. */
  readonly mdeType?: MdeType;
  /** Family-wise two-sided significance level. Default 0.05. */
  readonly alpha?: number;
  /** Probability of detecting an effect of size mde. Default 0.8. */
  readonly power?: number;
  /** Arms including control. Default 2. */
  readonly variants?: number;
  /** Units entering the experiment per day across all arms (split evenly); gives durationDays. */
  readonly dailyTraffic?: number;
}

export interface ConversionPlanInput extends PlanCommon {
  /** Control conversion rate in (0, 1). */
  readonly baseline: number;
}

export interface MeanPlanInput extends PlanCommon {
  /** Per-unit variance of the metric (assumed equal in every arm). */
  readonly variance: number;
  /** Control mean; required when mdeType is 'relative'. */
  readonly mean?: number;
}

export interface SampleSizePlan {
  readonly perVariant: number;
  readonly total: number;
  readonly variants: number;
  readonly alpha: number;
  /** alpha / (variants − 1): the level each comparison with control is tested at (Bonferroni). */
  readonly comparisonAlpha: number;
  readonly power: number;
  /** The effect to detect, in metric units (treatment − control). */
  readonly absoluteEffect: number;
  /** Whole days to reach `total` at dailyTraffic; absent without dailyTraffic. */
  readonly durationDays?: number;
}

interface Resolved {
  readonly alpha: number;
  readonly comparisonAlpha: number;
  readonly power: number;
  readonly variants: number;
  readonly mdeType: MdeType;
}

function resolveCommon(input: PlanCommon): Resolved {
  if (typeof input !== 'object' || input === null)
    throw new InvalidArgumentError('input', 'must be an object', input);
  const alpha = requireOpenUnit('alpha', input.alpha ?? 0.05);
  const power = requireOpenUnit('power', input.power ?? 0.8);
  const variants = requireCount('variants', input.variants ?? 2, 2);
  requirePositive('mde', input.mde);
  const mdeType = input.mdeType ?? 'relative';
  if (mdeType !== 'relative' && mdeType !== 'absolute')
    throw new InvalidArgumentError('mdeType', 'must be "relative" or "absolute"', mdeType);
  if (input.dailyTraffic !== undefined) requirePositive('dailyTraffic', input.dailyTraffic);
  // Each of the variants − 1 treatments is compared with control; Bonferroni keeps the family-wise error ≤ alpha.
  return { alpha, comparisonAlpha: alpha / (variants - 1), power, variants, mdeType };
}

/** (z_{1−α/2} + z_{power})²: the squared distance, in standard errors, between the null and the MDE. */
function zFactor(r: Resolved): number {
  return (normalQuantile(1 - r.comparisonAlpha / 2) + normalQuantile(r.power)) ** 2;
}

function finish(
  r: Resolved,
  rawPerVariant: number,
  absoluteEffect: number,
  dailyTraffic?: number,
): SampleSizePlan {
  // Round before ceil so float noise like 31230.000000000004 does not cost a unit.
  const perVariant = Math.ceil(Number(rawPerVariant.toPrecision(12)));
  const total = perVariant * r.variants;
  const plan = {
    perVariant,
    total,
    variants: r.variants,
    alpha: r.alpha,
    comparisonAlpha: r.comparisonAlpha,
    power: r.power,
    absoluteEffect,
  };
  return dailyTraffic === undefined ? plan : { ...plan, durationDays: Math.ceil(total / dailyTraffic) };
}

/**
 * Units per variant to detect a change of a conversion rate, with the unpooled normal approximation
 * n = (z_{1−α/2} + z_{1−β})² · (p1(1 − p1) + p2(1 − p2)) / (p2 − p1)², rounded up.
 */
export function conversionSampleSize(input: ConversionPlanInput): SampleSizePlan {
  const r = resolveCommon(input);
  const p1 = requireOpenUnit('baseline', input.baseline);
  const p2 = r.mdeType === 'relative' ? p1 * (1 + input.mde) : p1 + input.mde;
  if (!(p2 > 0 && p2 < 1))
    throw new InvalidArgumentError(
      'mde',
      `must keep the treatment rate inside (0, 1) (baseline ${p1} gives ${p2})`,
      input.mde,
    );
  const delta = p2 - p1;
  const n = (zFactor(r) * (p1 * (1 - p1) + p2 * (1 - p2))) / (delta * delta);
  return finish(r, n, delta, input.dailyTraffic);
}

/** Units per variant to detect a shift of a mean: n = (z_{1−α/2} + z_{1−β})² · 2σ² / δ², rounded up. */
export function meanSampleSize(input: MeanPlanInput): SampleSizePlan {
  const r = resolveCommon(input);
  const variance = requirePositive('variance', input.variance);
  let delta = input.mde;
  if (r.mdeType === 'relative') {
    if (typeof input.mean !== 'number' || !Number.isFinite(input.mean) || input.mean === 0)
      throw new InvalidArgumentError(
        'mean',
        'must be a finite non-zero number when mdeType is "relative"',
        input.mean,
      );
    delta = Math.abs(input.mean) * input.mde;
  }
  const n = (zFactor(r) * 2 * variance) / (delta * delta);
  return finish(r, n, delta, input.dailyTraffic);
}
