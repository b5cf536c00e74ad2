import { type MeanSummary, meanEstimate, sequentialCompare } from '@switchyard/stats';
import type { RegressionGuardrail } from '../plan-types.js';
import type { VariantMetrics } from '../snapshot.js';
import type { RegressionEvidence } from './result.js';

const DEFAULT_ALPHA = 0.05;

/** The per-request summary a regression metric is tested on; null when the snapshot lacks it. */
function summaryOf(metric: RegressionGuardrail['metric'], m: VariantMetrics): MeanSummary | null {
  if (metric === 'error-rate') return { n: m.n, sum: m.errors, sumSquares: m.errors };
  const latency = m.latency;
  if (latency?.sum === undefined || latency.sumSquares === undefined) return null;
  return { n: m.n, sum: latency.sum, sumSquares: latency.sumSquares };
}

export type RegressionOutcome =
  | { readonly kind: 'missing' }
  | { readonly kind: 'tested'; readonly breached: boolean; readonly test: RegressionEvidence };

/**
 * Tests whether the variant is worse than control by more than the tolerance, with the always-valid interval
 * from @switchyard/stats: breached when the whole interval lies above the tolerance. Because the interval
 * covers the true difference at every look with probability ≥ 1 − alpha, a variant whose true increase is
 * within the tolerance is falsely flagged with probability ≤ alpha however often the controller looks
 * (per step: each step starts a new test on fresh data).
 *
 * Relative tolerances use the delta-method lift; when the control mean is 0 the lift is unbounded, so any
 * increase whose absolute interval lies above 0 breaches. When neither variant varies (e.g. no errors at all)
 * there is no sampling noise to account for and the observed difference is compared directly.
 */
export function testRegression(
  guardrail: RegressionGuardrail,
  variant: VariantMetrics,
  control: VariantMetrics,
): RegressionOutcome {
  const treatmentSummary = summaryOf(guardrail.metric, variant);
  const controlSummary = summaryOf(guardrail.metric, control);
  if (!treatmentSummary || !controlSummary) return { kind: 'missing' };
  const alpha = guardrail.alpha ?? DEFAULT_ALPHA;
  const relative = guardrail.maxRelativeIncrease !== undefined;
  const tolerance = (relative ? guardrail.maxRelativeIncrease : guardrail.maxIncrease) ?? 0;
  const t = meanEstimate(treatmentSummary, 'variant');
  const c = meanEstimate(controlSummary, 'control');
  const n = t.n + c.n;
  const difference = t.value - c.value;
  if (t.standardError === 0 && c.standardError === 0) {
    const estimate = relative && c.value !== 0 ? t.value / c.value - 1 : difference;
    const breached = relative && c.value === 0 ? difference > 0 : estimate > tolerance;
    const interval = { lower: estimate, upper: estimate };
    const test = {
      scale: relative && c.value !== 0 ? 'relative' : 'absolute',
      tolerance,
      estimate,
      standardError: 0,
      interval,
    } as const;
    return {
      kind: 'tested',
      breached,
      test: { ...test, statistic: 0, pValue: difference === 0 ? 1 : 0, alpha, n },
    };
  }
  const s = sequentialCompare(c, t, {
    alpha,
    ...(guardrail.plannedSampleSize === undefined ? {} : { plannedSampleSize: guardrail.plannedSampleSize }),
  });
  const effect = relative ? (s.relative ?? s.absolute) : s.absolute;
  const breached =
    relative && s.relative === null ? s.absolute.interval.lower > 0 : effect.interval.lower > tolerance;
  return {
    kind: 'tested',
    breached,
    test: {
      scale: relative && s.relative !== null ? 'relative' : 'absolute',
      tolerance,
      estimate: effect.estimate,
      standardError: effect.standardError,
      interval: effect.interval,
      statistic: s.statistic,
      pValue: s.pValue,
      alpha,
      n,
    },
  };
}
