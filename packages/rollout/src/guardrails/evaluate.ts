import { metricValue } from '../metric-values.js';
import type {
  Guardrail,
  OnBreach,
  PrometheusGuardrail,
  RegressionGuardrail,
  ThresholdGuardrail,
} from '../plan-types.js';
import type { VariantMetrics } from '../snapshot.js';
import { testRegression } from './regression.js';
import type { GuardrailResult } from './result.js';
import { boundBreach } from './threshold.js';

/** Four significant digits: enough for a reason line; the evidence keeps the full values. */
const short = (x: number) => Number(x.toPrecision(4));

/** What one decision's guardrails read. */
export interface GuardrailContext {
  readonly variant: VariantMetrics | undefined;
  readonly control: VariantMetrics | undefined;
  readonly minSamples: number;
  /** False at a step where the control gets no traffic (100% with every ring served). */
  readonly controlHasTraffic: boolean;
}

const isPrometheus = (g: Guardrail): g is PrometheusGuardrail =>
  'prometheus' in g && g.prometheus !== undefined;
const isRegression = (g: Guardrail): g is RegressionGuardrail =>
  ('maxIncrease' in g && g.maxIncrease !== undefined) ||
  ('maxRelativeIncrease' in g && g.maxRelativeIncrease !== undefined);

function bounds(g: ThresholdGuardrail | PrometheusGuardrail) {
  return { ...(g.max === undefined ? {} : { max: g.max }), ...(g.min === undefined ? {} : { min: g.min }) };
}

function evaluateThreshold(index: number, g: ThresholdGuardrail, ctx: GuardrailContext, onBreach: OnBreach) {
  const base = { index, kind: 'threshold' as const, metric: g.metric, onBreach, ...bounds(g) };
  const n = ctx.variant?.n ?? 0;
  if (n < ctx.minSamples)
    return {
      ...base,
      status: 'insufficient-data' as const,
      value: null,
      message: `${n} of ${ctx.minSamples} samples`,
    };
  const value = metricValue(g.metric, ctx.variant);
  if (value === null)
    return { ...base, status: 'missing' as const, value, message: `snapshot has no ${g.metric}` };
  const breach = boundBreach(g.metric, value, g);
  return {
    ...base,
    value,
    status: breach ? ('breach' as const) : ('pass' as const),
    message: breach ?? `${g.metric} ${value} is within bounds`,
  };
}

function evaluatePrometheus(
  index: number,
  g: PrometheusGuardrail,
  ctx: GuardrailContext,
  onBreach: OnBreach,
) {
  const base = { index, kind: 'prometheus' as const, metric: g.prometheus, onBreach, ...bounds(g) };
  const value = ctx.variant?.prometheus?.[g.prometheus];
  if (value === undefined)
    return {
      ...base,
      status: 'missing' as const,
      value: null,
      message: 'snapshot has no value for this query',
    };
  const breach = boundBreach('query value', value, g);
  return {
    ...base,
    value,
    status: breach ? ('breach' as const) : ('pass' as const),
    message: breach ?? `query value ${value} is within bounds`,
  };
}

const MIN_REGRESSION_SAMPLES = 2;

function evaluateRegression(
  index: number,
  g: RegressionGuardrail,
  ctx: GuardrailContext,
  onBreach: OnBreach,
) {
  const base = { index, kind: 'regression' as const, metric: g.metric, onBreach };
  if (!ctx.controlHasTraffic)
    return { ...base, status: 'not-applicable' as const, message: 'control gets no traffic at this step' };
  const nv = ctx.variant?.n ?? 0;
  const nc = ctx.control?.n ?? 0;
  // A regression test estimates each side's variance: it needs two samples a side, whatever minSamples says.
  const needed = Math.max(ctx.minSamples, MIN_REGRESSION_SAMPLES);
  if (nv < needed || nc < needed)
    return {
      ...base,
      status: 'insufficient-data' as const,
      message: `variant ${nv} and control ${nc} of ${needed} samples each`,
    };
  const outcome = testRegression(g, ctx.variant!, ctx.control!);
  if (outcome.kind === 'missing')
    return {
      ...base,
      status: 'missing' as const,
      message: `snapshot has no latency sum and sumSquares for ${g.metric}`,
    };
  const { test } = outcome;
  const scale = test.scale === 'relative' ? 'relative increase' : 'increase';
  const range = `[${short(test.interval.lower)}, ${short(test.interval.upper)}]`;
  return {
    ...base,
    test,
    status: outcome.breached ? ('breach' as const) : ('pass' as const),
    message: outcome.breached
      ? `${g.metric} ${scale} ${range} exceeds the tolerated ${test.tolerance}`
      : `${g.metric} ${scale} ${range} is not shown to exceed the tolerated ${test.tolerance}`,
  };
}

/** Evaluates every guardrail of the plan on the current step's metrics. */
export function evaluateGuardrails(
  guardrails: readonly Guardrail[],
  ctx: GuardrailContext,
): GuardrailResult[] {
  return guardrails.map((g, index): GuardrailResult => {
    const onBreach = g.onBreach ?? 'rollback';
    if (isPrometheus(g)) return evaluatePrometheus(index, g, ctx, onBreach);
    if (isRegression(g)) return evaluateRegression(index, g, ctx, onBreach);
    return evaluateThreshold(index, g as ThresholdGuardrail, ctx, onBreach);
  });
}
