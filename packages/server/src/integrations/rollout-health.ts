import type { Rollout, RolloutStore } from '../rollouts/rollout-store.js';
import { currentStep } from '../rollouts/rollout-view.js';
import type { DialectName, Queryable } from '../storage/database.js';
import type { Target } from './integration-targets.js';

/** Argo's reading of a measurement; Flagger's gates pass on `pass` only. */
export type Verdict = 'pass' | 'fail' | 'inconclusive';

/** The timeline action of an event a deployment tool sent (not a decision: it carries no guardrail evidence). */
export const externalEventAction = 'external';

export interface RolloutHealthDeps {
  db: Queryable;
  dialect: DialectName;
  rollouts: (db: Queryable, dialect: DialectName) => RolloutStore;
}

/**
 * How a flag's most recent rollout in an environment is doing, as deployment tools ask it:
 * running or completed pass, rolled back fails, paused is for a person to decide (inconclusive),
 * and a flag without a rollout gives a tool nothing to go on (inconclusive).
 */
export async function rolloutHealth(deps: RolloutHealthDeps, target: Target): Promise<RolloutHealth> {
  const store = deps.rollouts(deps.db, deps.dialect);
  const rollout = (await store.list(target.environment.id)).find((r) => r.flagId === target.flag.id);
  const where = {
    project: target.project.key,
    environment: target.environment.key,
    flag: target.flag.key,
  };
  if (!rollout) {
    return {
      ...where,
      verdict: 'inconclusive',
      reason: `flag "${target.flag.key}" has no rollout in environment "${target.environment.key}"`,
      rollout: null,
      evidence: null,
      evidenceAt: null,
    };
  }
  const events = await store.events(rollout.id, 200);
  const decision = [...events].reverse().find((e) => e.evidence !== null && e.action !== externalEventAction);
  return {
    ...where,
    ...judge(rollout),
    rollout: summary(rollout),
    evidence: decision?.evidence ?? null,
    evidenceAt: decision?.at ?? null,
  };
}

export interface RolloutHealth {
  project: string;
  environment: string;
  flag: string;
  verdict: Verdict;
  reason: string;
  rollout: ReturnType<typeof summary> | null;
  /** What the latest decision of the rollout's controller looked at. */
  evidence: unknown;
  evidenceAt: string | null;
}

function judge(rollout: Rollout): { verdict: Verdict; reason: string } {
  const name = `rollout ${rollout.id} of "${rollout.flagKey}"`;
  const why = rollout.state.reason ?? 'no reason given';
  switch (rollout.status) {
    case 'running': {
      const step = currentStep(rollout);
      return {
        verdict: 'pass',
        reason: `${name} is running: "${rollout.plan.variant}" at ${step.weight}% (step ${step.index + 1} of ${step.count})`,
      };
    }
    case 'completed':
      return { verdict: 'pass', reason: `${name} completed: ${why}` };
    case 'paused':
      return {
        verdict: 'inconclusive',
        reason: `${name} is paused (${why}): a person resumes it or rolls it back`,
      };
    case 'rolled-back':
      return { verdict: 'fail', reason: `${name} was rolled back: ${why}` };
  }
}

function summary(rollout: Rollout) {
  const step = currentStep(rollout);
  return {
    id: rollout.id,
    status: rollout.status,
    variant: rollout.plan.variant,
    control: rollout.plan.control,
    weight: step.weight,
    step: step.index,
    steps: step.count,
    reason: rollout.state.reason ?? null,
    createdAt: rollout.createdAt,
    updatedAt: rollout.updatedAt,
  };
}
