import { parseDuration } from './duration.js';
import type { RolloutPlan } from './plan-types.js';
import { scheduleWeights } from './schedule/schedule-weights.js';
import { toPercent } from './weights.js';

/** One step of a rollout: a ring opening, or a weight for the general population. */
export interface PlannedStep {
  readonly index: number;
  readonly kind: 'ring' | 'percentage';
  /** The ring this step opens (ring steps only). */
  readonly ring?: string;
  /** Rings that serve the variant in full during this step. */
  readonly rings: readonly string[];
  /** Percent of the general population on the variant (0 during ring steps). */
  readonly weight: number;
  /** The same weight as an integer over 10,000. */
  readonly basisPoints: number;
  /** Earliest time the step can start: startedAt + index × interval (epoch ms). */
  readonly earliestAt: number;
}

export interface RolloutPreview {
  readonly steps: readonly PlannedStep[];
  readonly intervalMs: number;
  /** Earliest completion: the last step held for one interval. */
  readonly earliestCompletionAt: number;
}

/** The planned steps of a valid plan, rings first, with earliest times for a preview chart. */
export function planSteps(plan: RolloutPlan, startedAt = 0): RolloutPreview {
  const intervalMs = parseDuration(plan.schedule.interval);
  const ringNames = (plan.rings ?? []).map((r) => r.name);
  const ringSteps = ringNames.map((ring, i) => ({
    kind: 'ring' as const,
    ring,
    rings: ringNames.slice(0, i + 1),
    bp: 0,
  }));
  const weightSteps = scheduleWeights(plan.schedule).map((bp) => ({
    kind: 'percentage' as const,
    rings: ringNames,
    bp,
  }));
  const steps = [...ringSteps, ...weightSteps].map(
    (s, index): PlannedStep => ({
      index,
      kind: s.kind,
      ...('ring' in s ? { ring: s.ring } : {}),
      rings: s.rings,
      weight: toPercent(s.bp),
      basisPoints: s.bp,
      earliestAt: startedAt + index * intervalMs,
    }),
  );
  return { steps, intervalMs, earliestCompletionAt: startedAt + steps.length * intervalMs };
}
