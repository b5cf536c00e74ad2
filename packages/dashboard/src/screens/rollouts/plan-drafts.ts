import type { BuiltInMetric, OnBreach, PlanIssue, RegressionMetric } from '@switchyard/rollout';

/** The three kinds of guardrail the rollout API accepts (see packages/server/docs/rollouts.md). */
export type GuardrailKind = 'threshold' | 'prometheus' | 'regression';

export const BUILT_IN_METRICS: readonly { value: BuiltInMetric; label: string }[] = [
  { value: 'error-rate', label: 'error rate (0–1)' },
  { value: 'latency-p50', label: 'latency p50 (ms)' },
  { value: 'latency-p95', label: 'latency p95 (ms)' },
  { value: 'latency-p99', label: 'latency p99 (ms)' },
  { value: 'latency-mean', label: 'latency mean (ms)' },
];

export const REGRESSION_METRICS: readonly { value: RegressionMetric; label: string }[] = [
  { value: 'error-rate', label: 'error rate' },
  { value: 'latency-mean', label: 'latency mean (ms)' },
];

/** A guardrail as typed: every number is still text, so the validator can name what is wrong with it. */
export interface GuardrailDraft {
  /** Stable identity for React while guardrails are added and removed. */
  id: number;
  kind: GuardrailKind;
  /** Built-in metric (threshold) or regression metric. */
  metric: string;
  /** PromQL (prometheus); {{variant}} is replaced by each variant, so the value is per variant. */
  query: string;
  max: string;
  min: string;
  /** Regression: maxIncrease (metric units) or maxRelativeIncrease (a fraction of control). */
  increaseKind: 'absolute' | 'relative';
  increase: string;
  alpha: string;
  plannedSampleSize: string;
  onBreach: OnBreach;
}

/** An audience served in full before the ramp: a segment of the environment, or a JSON Logic condition. */
export interface RingDraft {
  id: number;
  name: string;
  audience: 'segment' | 'condition';
  segment: string;
  /** JSON Logic as typed. */
  condition: string;
}

let nextId = 1;
/** A fresh identity for a new draft row. */
export const draftId = () => nextId++;

export function newGuardrail(kind: GuardrailKind): GuardrailDraft {
  const base = {
    id: draftId(),
    kind,
    query: '',
    max: '',
    min: '',
    increaseKind: 'absolute' as const,
    increase: '',
    alpha: '',
    plannedSampleSize: '',
    onBreach: 'rollback' as const,
  };
  if (kind === 'threshold') return { ...base, metric: 'error-rate', max: '0.05' };
  if (kind === 'regression') return { ...base, metric: 'error-rate', increase: '0.01' };
  return { ...base, metric: '' };
}

export function newRing(index: number, firstSegment: string | undefined): RingDraft {
  return {
    id: draftId(),
    name: firstSegment ?? `ring-${index + 1}`,
    audience: firstSegment === undefined ? 'condition' : 'segment',
    segment: firstSegment ?? '',
    condition: '',
  };
}

/**
 * A number as typed: absent when empty, the number when it reads as one, else the text itself, so
 * the plan's validation says `must be a finite number, got "abc"` at the right field.
 */
export function typedNumber(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : trimmed;
}

const defined = (entries: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));

/** The guardrail the API takes for a draft. */
export function guardrailBody(g: GuardrailDraft): Record<string, unknown> {
  if (g.kind === 'prometheus')
    return defined({
      prometheus: g.query,
      max: typedNumber(g.max),
      min: typedNumber(g.min),
      onBreach: g.onBreach,
    });
  if (g.kind === 'regression')
    return defined({
      metric: g.metric,
      [g.increaseKind === 'absolute' ? 'maxIncrease' : 'maxRelativeIncrease']: typedNumber(g.increase) ?? '',
      alpha: typedNumber(g.alpha),
      plannedSampleSize: typedNumber(g.plannedSampleSize),
      onBreach: g.onBreach,
    });
  return defined({
    metric: g.metric,
    max: typedNumber(g.max),
    min: typedNumber(g.min),
    onBreach: g.onBreach,
  });
}

/** The ring the API takes for a draft, and why its condition is not JSON, if it is not. */
export function ringBody(
  ring: RingDraft,
  index: number,
): { ring: Record<string, unknown>; issue?: PlanIssue } {
  if (ring.audience === 'segment') return { ring: { name: ring.name, segment: ring.segment } };
  const at = `/rings/${index}/condition`;
  if (ring.condition.trim() === '')
    return {
      ring: { name: ring.name },
      issue: { path: at, message: `rings[${index}].condition is required: a JSON Logic object` },
    };
  try {
    return { ring: { name: ring.name, condition: JSON.parse(ring.condition) } };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ring: { name: ring.name }, issue: { path: at, message: `not valid JSON: ${reason}` } };
  }
}

/** Moves item `from` by `by` places (−1 up, +1 down); out of range leaves the list as it is. */
export function move<T>(items: readonly T[], from: number, by: number): T[] {
  const to = from + by;
  if (from < 0 || from >= items.length || to < 0 || to >= items.length) return [...items];
  const next = [...items];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}
