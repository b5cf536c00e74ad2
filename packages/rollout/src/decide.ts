import { evaluateGuardrails } from './guardrails/evaluate.js';
import type { GuardrailResult } from './guardrails/result.js';
import { type VariantEvidence, variantEvidence } from './metric-values.js';
import { DEFAULT_MIN_SAMPLES, type RolloutPlan } from './plan-types.js';
import type { MetricSnapshot } from './snapshot.js';
import { validateSnapshot } from './snapshot.js';
import { type RolloutState, validateState } from './state.js';
import { type PlannedStep, planSteps } from './steps.js';
import { parsePlan } from './validation/validate-plan.js';
import { WEIGHT_TOTAL } from './weights.js';

export type RolloutAction = 'advance' | 'hold' | 'pause' | 'rollback' | 'complete';

/** Everything a decision looked at, for the rollout's timeline. */
export interface DecisionEvidence {
  readonly at: number;
  readonly step: {
    readonly index: number;
    readonly kind: PlannedStep['kind'];
    readonly weight: number;
    readonly rings: readonly string[];
    readonly startedAt: number;
    readonly heldForMs: number;
    readonly intervalMs: number;
    readonly minSamples: number;
  };
  /** The rolled-out variant first, then the control. */
  readonly variants: readonly VariantEvidence[];
  readonly guardrails: readonly GuardrailResult[];
}

export interface Decision {
  readonly action: RolloutAction;
  readonly reason: string;
  /** The state to store. */
  readonly state: RolloutState;
  /** The step in effect after this decision. */
  readonly step: PlannedStep;
  /** Integer weights over 10,000 for the general population after this decision. */
  readonly split: Readonly<Record<string, number>>;
  /** Rings that serve the rolled-out variant in full after this decision. */
  readonly rings: readonly string[];
  /** Set on rollback: the variant everyone is sent to. */
  readonly rollbackTo?: string;
  readonly evidence: DecisionEvidence;
}

const iso = (ms: number) => new Date(ms).toISOString();

function splitOf(plan: RolloutPlan, basisPoints: number): Record<string, number> {
  return { [plan.variant]: basisPoints, [plan.control]: WEIGHT_TOTAL - basisPoints };
}

function describeStep(step: PlannedStep): string {
  return step.kind === 'ring' ? `ring "${step.ring}"` : `${step.weight}%`;
}

function breachSummary(results: readonly GuardrailResult[]): string {
  return results.map((r) => `guardrails[${r.index}] ${r.message}`).join('; ');
}

/**
 * The rollout policy: one pure decision from the plan, the stored state, the metrics of the current step and
 * the caller's clock. In order:
 *  1. a completed or rolled-back rollout holds (deciding again changes nothing);
 *  2. a breached guardrail with onBreach "rollback" rolls back to the safe variant, even while paused;
 *  3. a breached "pause" guardrail pauses a running rollout;
 *  4. a paused rollout holds; it never advances until a person resumes it;
 *  5. a step younger than the interval holds;
 *  6. a step whose variant has fewer than minSamples units, or whose guardrails lack data, holds;
 *  7. otherwise the last step completes and any other step advances to the next.
 */
export function decide(
  planInput: RolloutPlan,
  state: RolloutState,
  snapshot: MetricSnapshot,
  now: number,
): Decision {
  const plan = parsePlan(planInput);
  const preview = planSteps(plan);
  validateState(state, preview, now);
  validateSnapshot(snapshot);
  const step = preview.steps[state.stepIndex]!;
  const minSamples = plan.minSamples ?? DEFAULT_MIN_SAMPLES;
  const safeVariant = plan.safeVariant ?? plan.control;
  const variantMetrics = snapshot.variants[plan.variant];
  const controlMetrics = snapshot.variants[plan.control];
  const guardrails = evaluateGuardrails(plan.guardrails, {
    variant: variantMetrics,
    control: controlMetrics,
    minSamples,
    controlHasTraffic: step.basisPoints < WEIGHT_TOTAL,
  });
  const evidence: DecisionEvidence = {
    at: now,
    step: {
      index: step.index,
      kind: step.kind,
      weight: step.weight,
      rings: step.rings,
      startedAt: state.stepStartedAt,
      heldForMs: now - state.stepStartedAt,
      intervalMs: preview.intervalMs,
      minSamples,
    },
    variants: [variantEvidence(plan.variant, variantMetrics), variantEvidence(plan.control, controlMetrics)],
    guardrails,
  };
  const stay = (action: RolloutAction, reason: string, next: RolloutState = state): Decision => ({
    action,
    reason,
    state: next,
    step,
    split: splitOf(plan, step.basisPoints),
    rings: step.rings,
    evidence,
  });

  if (state.status === 'rolled-back')
    return {
      ...stay('hold', `rollout was rolled back: ${state.reason ?? ''}`),
      split: { [safeVariant]: WEIGHT_TOTAL },
      rings: [],
      rollbackTo: safeVariant,
    };
  if (state.status === 'completed') return stay('hold', 'rollout is complete');

  const breaches = guardrails.filter((g) => g.status === 'breach');
  const rollbacks = breaches.filter((g) => g.onBreach === 'rollback');
  if (rollbacks.length > 0) {
    const reason = `rolled back to "${safeVariant}": ${breachSummary(rollbacks)}`;
    const next: RolloutState = {
      status: 'rolled-back',
      stepIndex: state.stepIndex,
      stepStartedAt: state.stepStartedAt,
      reason,
    };
    return {
      ...stay('rollback', reason, next),
      split: { [safeVariant]: WEIGHT_TOTAL },
      rings: [],
      rollbackTo: safeVariant,
    };
  }
  if (state.status === 'paused') return stay('hold', `rollout is paused: ${state.reason ?? ''}`);
  if (breaches.length > 0) {
    const reason = `paused at ${describeStep(step)}: ${breachSummary(breaches)}`;
    return stay('pause', reason, {
      status: 'paused',
      stepIndex: state.stepIndex,
      stepStartedAt: state.stepStartedAt,
      reason,
    });
  }

  const dueAt = state.stepStartedAt + preview.intervalMs;
  if (now < dueAt) return stay('hold', `holding ${describeStep(step)} until ${iso(dueAt)}`);
  const nVariant = variantMetrics?.n ?? 0;
  if (nVariant < minSamples)
    return stay(
      'hold',
      `waiting for samples at ${describeStep(step)}: "${plan.variant}" has ${nVariant} of ${minSamples}`,
    );
  const waiting = guardrails.filter((g) => g.status === 'insufficient-data' || g.status === 'missing');
  if (waiting.length > 0)
    return stay('hold', `waiting for data at ${describeStep(step)}: ${breachSummary(waiting)}`);

  if (state.stepIndex === preview.steps.length - 1) {
    const reason = `completed at ${describeStep(step)}: every guardrail passed`;
    return stay('complete', reason, {
      status: 'completed',
      stepIndex: state.stepIndex,
      stepStartedAt: state.stepStartedAt,
      reason,
    });
  }
  const nextStep = preview.steps[state.stepIndex + 1]!;
  const next: RolloutState = { status: 'running', stepIndex: nextStep.index, stepStartedAt: now };
  return {
    ...stay(
      'advance',
      `advanced from ${describeStep(step)} to ${describeStep(nextStep)}: every guardrail passed`,
      next,
    ),
    step: nextStep,
    split: splitOf(plan, nextStep.basisPoints),
    rings: nextStep.rings,
  };
}
