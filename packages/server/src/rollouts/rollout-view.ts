import { planSteps } from '@switchyard/rollout';
import type { Rollout, RolloutEvent } from './rollout-store.js';

const percent = (basisPoints: number) => basisPoints / 100;

/** The current step of a rollout as people read it: its weight, open rings and place in the plan. */
export function currentStep(rollout: Rollout) {
  const preview = planSteps(rollout.plan, rollout.state.stepStartedAt);
  const step = preview.steps[rollout.state.stepIndex] ?? preview.steps.at(-1)!;
  const finished = rollout.status === 'completed' || rollout.status === 'rolled-back';
  const served =
    rollout.status === 'completed' ? 100 : rollout.status === 'rolled-back' ? 0 : percent(step.basisPoints);
  return {
    index: step.index,
    count: preview.steps.length,
    kind: step.kind,
    weight: served,
    rings: finished ? [] : [...step.rings],
    startedAt: new Date(rollout.state.stepStartedAt).toISOString(),
  };
}

export function rolloutView(rollout: Rollout, project: string, environment: string) {
  const step = currentStep(rollout);
  const { plan } = rollout;
  return {
    id: rollout.id,
    project,
    environment,
    flag: rollout.flagKey,
    variant: plan.variant,
    control: plan.control,
    safeVariant: plan.safeVariant ?? plan.control,
    status: rollout.status,
    reason: rollout.state.reason ?? null,
    weight: step.weight,
    rings: step.rings,
    step,
    plan,
    steps: planSteps(plan, Date.parse(rollout.createdAt)).steps.map((s) => ({
      index: s.index,
      kind: s.kind,
      weight: s.weight,
      rings: [...s.rings],
      earliestAt: new Date(s.earliestAt).toISOString(),
    })),
    createdBy: rollout.createdBy,
    createdAt: rollout.createdAt,
    updatedAt: rollout.updatedAt,
    version: rollout.version,
  };
}

export function eventView(event: RolloutEvent) {
  return {
    at: event.at,
    action: event.action,
    reason: event.reason,
    step: event.stepIndex,
    weight: percent(event.basisPoints),
    rings: event.rings,
    actor: event.actor,
    evidence: (event.evidence ?? null) as unknown,
  };
}

export type RolloutView = ReturnType<typeof rolloutView>;
