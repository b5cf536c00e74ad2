import { parseDuration } from '../duration.js';
import type { Schedule } from '../plan-types.js';
import { DEFAULT_MAX_WEIGHT, DEFAULT_S_CURVE_K } from '../plan-types.js';
import { toBasisPoints } from '../weights.js';
import { exponentialWeights } from './exponential.js';
import { linearWeights } from './linear.js';
import { sCurveWeights } from './s-curve.js';

// Validated plans only: every percentage here is already known to be a multiple of 0.01.
const bp = (percent: number) => toBasisPoints(percent)!;

/** The schedule's weights in basis points, strictly increasing. */
export function scheduleWeights(schedule: Schedule): number[] {
  switch (schedule.shape) {
    case 'exponential':
      return exponentialWeights(bp(schedule.start), schedule.factor, bp(schedule.max ?? DEFAULT_MAX_WEIGHT));
    case 'linear':
      return linearWeights(bp(schedule.start), bp(schedule.step), bp(schedule.max ?? DEFAULT_MAX_WEIGHT));
    case 's-curve':
      return sCurveWeights(
        bp(schedule.start),
        bp(schedule.end ?? DEFAULT_MAX_WEIGHT),
        parseDuration(schedule.duration),
        parseDuration(schedule.interval),
        schedule.k ?? DEFAULT_S_CURVE_K,
      );
    case 'custom':
      return schedule.steps.map(bp);
  }
}
