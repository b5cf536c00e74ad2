import {
  type Comparison,
  chanceToBeatControl,
  compareEstimates,
  conversionSampleSize,
  type Estimate,
  estimateEnd,
  type Interval,
  meanEstimate,
  meanSampleSize,
  ratioEstimate,
  type SequentialComparison,
  SRM_THRESHOLD,
  sampleRatioMismatch,
  sequentialCompare,
} from '@switchyard/stats';
import type { ExperimentDesign } from './experiment-design.js';
import type { MetricDefinition } from './metric-definition.js';
import type { MetricSums, VariantUnits } from './unit-store.js';

export type MetricRole = 'primary' | 'secondary' | 'guardrail';

/** What the results are computed from: per-variant unit counts and per-metric sums. */
export interface ResultInputs {
  design: ExperimentDesign;
  startedAt: number | null;
  stoppedAt: number | null;
  now: number;
  units: readonly VariantUnits[];
  /** By metric key. */
  sums: ReadonlyMap<string, readonly MetricSums[]>;
}

export interface VariantResult {
  variant: string;
  units: number;
  /** Per-unit mean (a ratio metric: the ratio of sums). */
  mean: number | null;
  variance: number | null;
  stdDev: number | null;
  /** Versus control; null for control itself, or without enough data. */
  effect: number | null;
  effectCi: [number, number] | null;
  relativeEffect: number | null;
  /** Interval of the relative effect. */
  ci: [number, number] | null;
  pValue: number | null;
  significant: boolean | null;
  /** Bayesian (flat prior, normal approximation): the chance the variant is better than control. */
  chanceToBeatControl: number | null;
  /** Guardrail metrics: whether the variant is significantly worse than control. */
  guardrail?: 'ok' | 'breached';
  /** Why a figure is missing. */
  note?: string;
}

export interface MetricResult {
  key: string;
  type: MetricDefinition['type'];
  role: MetricRole;
  higherIsBetter: boolean;
  variants: VariantResult[];
}

const pair = (interval: Interval): [number, number] => [interval.lower, interval.upper];

/** One metric's figures per variant, control first. */
function metricResult(
  design: ExperimentDesign,
  metric: MetricDefinition,
  role: MetricRole,
  sums: readonly MetricSums[],
  options: { alpha: number; plannedTotal: number | null },
): MetricResult {
  const variants = Object.keys(design.weights);
  const byVariant = new Map(sums.map((s) => [s.variant, s]));
  const estimates = new Map<string, Estimate | string>();
  for (const variant of variants) estimates.set(variant, estimateOf(metric, byVariant.get(variant)));
  const control = estimates.get(design.control)!;
  const rows = variants.map((variant): VariantResult => {
    const estimate = estimates.get(variant)!;
    const n = byVariant.get(variant)?.n ?? 0;
    const row: VariantResult = {
      variant,
      units: n,
      mean: null,
      variance: null,
      stdDev: null,
      effect: null,
      effectCi: null,
      relativeEffect: null,
      ci: null,
      pValue: null,
      significant: null,
      chanceToBeatControl: null,
    };
    if (typeof estimate === 'string') return { ...row, note: estimate };
    const sd = estimate.standardError * Math.sqrt(estimate.n);
    Object.assign(row, { mean: estimate.value, variance: sd * sd, stdDev: sd });
    if (variant === design.control) return row;
    if (typeof control === 'string') return { ...row, note: `control: ${control}` };
    try {
      const comparison: Comparison | SequentialComparison = design.sequential
        ? sequentialCompare(control, estimate, {
            alpha: options.alpha,
            ...(options.plannedTotal !== null && { plannedSampleSize: options.plannedTotal }),
          })
        : compareEstimates(control, estimate, { alpha: options.alpha });
      const bayes = chanceToBeatControl(control, estimate, { alpha: options.alpha });
      const better = metric.higherIsBetter ? bayes.chanceToBeatControl : 1 - bayes.chanceToBeatControl;
      Object.assign(row, {
        effect: comparison.absolute.estimate,
        effectCi: pair(comparison.absolute.interval),
        relativeEffect: comparison.relative?.estimate ?? null,
        ci: comparison.relative ? pair(comparison.relative.interval) : null,
        pValue: comparison.pValue,
        significant: comparison.significant,
        chanceToBeatControl: better,
      });
      if (!comparison.relative) row.note = 'the control\u2019s mean is 0, so there is no relative effect';
      if (role === 'guardrail') {
        const worse = metric.higherIsBetter
          ? comparison.absolute.estimate < 0
          : comparison.absolute.estimate > 0;
        row.guardrail = comparison.significant && worse ? 'breached' : 'ok';
      }
    } catch (error) {
      row.note = (error as Error).message;
    }
    return row;
  });
  return { key: metric.key, type: metric.type, role, higherIsBetter: metric.higherIsBetter, variants: rows };
}

/** A variant's estimate of a metric, or why there is none. */
function estimateOf(metric: MetricDefinition, sums: MetricSums | undefined): Estimate | string {
  if (!sums || sums.n < 2) return `not enough units yet (${sums?.n ?? 0}; at least 2 are needed)`;
  try {
    return metric.type === 'ratio' ? ratioEstimate(sums) : meanEstimate(sums);
  } catch (error) {
    return (error as Error).message;
  }
}

export interface ExperimentResults {
  method: 'welch-t' | 'sequential';
  alpha: number;
  /** The level each variant is tested at against control: α / (variants − 1) (Bonferroni). */
  comparisonAlpha: number;
  units: number;
  /** Units exposed to more than one variant: excluded from every figure. */
  excludedUnits: number;
  srm: {
    pValue: number;
    mismatch: boolean;
    threshold: number;
    chiSquare: number;
    expected: Record<string, number>;
    observed: Record<string, number>;
  } | null;
  warnings: string[];
  primaryMetric: string;
  /** The primary metric per variant (also in `metrics`). */
  variants: VariantResult[];
  metrics: MetricResult[];
  progress: {
    requiredPerVariant: number;
    remainingPerVariant: Record<string, number>;
    complete: boolean;
    estimatedEndAt: string | null;
    daysRemaining: number | null;
  } | null;
  /** Why there is no progress estimate yet. */
  progressNote?: string;
}

/** Every figure of an experiment's results, from its sums: pure, so tests give it numbers directly. */
export function experimentResults(input: ResultInputs): ExperimentResults {
  const { design } = input;
  const variants = Object.keys(design.weights);
  const comparisonAlpha = design.alpha / (variants.length - 1);
  const unitsOf = new Map(input.units.map((u) => [u.variant, u]));
  const observed = variants.map((v) => unitsOf.get(v)?.units ?? 0);
  const total = observed.reduce((a, b) => a + b, 0);
  const excludedUnits = input.units.reduce((a, u) => a + u.conflicted, 0);
  const warnings: string[] = [];

  let srm: ExperimentResults['srm'] = null;
  if (total > 0) {
    const test = sampleRatioMismatch(
      observed,
      variants.map((v) => design.weights[v]!),
    );
    srm = {
      pValue: test.pValue,
      mismatch: test.mismatch,
      threshold: SRM_THRESHOLD,
      chiSquare: test.chiSquare,
      expected: Object.fromEntries(variants.map((v, i) => [v, test.expected[i]!])),
      observed: Object.fromEntries(variants.map((v, i) => [v, observed[i]!])),
    };
    if (test.mismatch) {
      const split = variants
        .map((v, i) => `${v} ${observed[i]} (expected ${Math.round(test.expected[i]!)})`)
        .join(', ');
      warnings.push(
        `SAMPLE RATIO MISMATCH: the units split ${split}, which the configured weights explain with p = ${test.pValue.toExponential(2)} (< ${SRM_THRESHOLD}). Assignment or exposure logging is broken: do not trust these results until the cause is found.`,
      );
    }
  }
  if (excludedUnits > 0) {
    warnings.push(
      `${excludedUnits} units were exposed to more than one variant and are excluded from every figure.`,
    );
  }

  const primary = design.primaryMetric;
  const progress = progressOf(input, observed);
  const plannedTotal = typeof progress === 'string' ? null : progress.requiredPerVariant * variants.length;
  const options = { alpha: comparisonAlpha, plannedTotal };
  const roles: [MetricDefinition, MetricRole][] = [
    [primary, 'primary'],
    ...design.secondaryMetrics.map((m): [MetricDefinition, MetricRole] => [m, 'secondary']),
    ...design.guardrailMetrics.map((m): [MetricDefinition, MetricRole] => [m, 'guardrail']),
  ];
  const metrics = roles.map(([metric, role]) =>
    metricResult(design, metric, role, input.sums.get(metric.key) ?? [], options),
  );
  for (const metric of metrics) {
    for (const row of metric.variants) {
      if (row.guardrail === 'breached') {
        warnings.push(
          `Guardrail "${metric.key}" is significantly worse in "${row.variant}" than in control (p = ${row.pValue?.toPrecision(3)}).`,
        );
      }
    }
  }
  return {
    method: design.sequential ? 'sequential' : 'welch-t',
    alpha: design.alpha,
    comparisonAlpha,
    units: total,
    excludedUnits,
    srm,
    warnings,
    primaryMetric: primary.key,
    variants: metrics[0]!.variants,
    metrics,
    progress: typeof progress === 'string' ? null : progress,
    ...(typeof progress === 'string' && { progressNote: progress }),
  };
}

/**
 * The sample the primary metric still needs to detect the design's MDE at its α and power, from
 * the control's observed baseline (rate, or mean and variance), and when the traffic seen so far
 * reaches it.
 */
function progressOf(
  input: ResultInputs,
  observed: readonly number[],
): NonNullable<ExperimentResults['progress']> | string {
  const { design } = input;
  const variants = Object.keys(design.weights);
  const control = input.sums.get(design.primaryMetric.key)?.find((s) => s.variant === design.control);
  const estimate = estimateOf(design.primaryMetric, control);
  if (typeof estimate === 'string') return `no baseline yet: ${estimate}`;
  const plan = {
    mde: design.minimumDetectableEffect,
    alpha: design.alpha,
    power: design.power,
    variants: variants.length,
  };
  let requiredPerVariant: number;
  try {
    if (design.primaryMetric.type === 'conversion') {
      requiredPerVariant = conversionSampleSize({ ...plan, baseline: estimate.value }).perVariant;
    } else {
      const variance = estimate.standardError * estimate.standardError * estimate.n;
      requiredPerVariant = meanSampleSize({ ...plan, variance, mean: estimate.value }).perVariant;
    }
  } catch (error) {
    return `no sample size from the control\u2019s baseline yet: ${(error as Error).message}`;
  }
  const remaining = Object.fromEntries(
    variants.map((v, i) => [v, Math.max(0, requiredPerVariant - observed[i]!)]),
  );
  const complete = Object.values(remaining).every((r) => r === 0);
  let estimatedEndAt: string | null = null;
  let daysRemaining: number | null = null;
  if (complete) {
    daysRemaining = 0;
  } else if (input.startedAt !== null && input.stoppedAt === null && input.now > input.startedAt) {
    const end = estimateEnd({ requiredPerVariant, observed, startedAt: input.startedAt, now: input.now });
    estimatedEndAt = end.endsAt === null ? null : new Date(end.endsAt).toISOString();
    daysRemaining = end.daysRemaining;
  }
  return { requiredPerVariant, remainingPerVariant: remaining, complete, estimatedEndAt, daysRemaining };
}
