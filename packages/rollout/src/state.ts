import { RolloutStateError, RolloutTransitionError } from './errors.js';
import type { RolloutPlan } from './plan-types.js';
import type { RolloutPreview } from './steps.js';

export type RolloutStatus = 'running' | 'paused' | 'completed' | 'rolled-back';

/** What the server stores between decisions: plain JSON. */
export interface RolloutState {
  readonly status: RolloutStatus;
  /** Index into the planned steps (rings first, then weights). */
  readonly stepIndex: number;
  /** When the current step took effect (epoch ms); its metrics window starts here. */
  readonly stepStartedAt: number;
  /** Why the rollout is paused, rolled back or completed. */
  readonly reason?: string;
}

const STATUSES: readonly RolloutStatus[] = ['running', 'paused', 'completed', 'rolled-back'];

/** The state of a rollout that starts now at its first step. */
export function startRollout(_plan: RolloutPlan, now: number): RolloutState {
  if (!Number.isFinite(now))
    throw new RolloutStateError('stepStartedAt', `must be a finite epoch time, got ${now}`);
  return { status: 'running', stepIndex: 0, stepStartedAt: now };
}

/** A person pauses a running rollout: it holds its weight and never advances until resumed. */
export function pauseRollout(state: RolloutState, reason: string): RolloutState {
  if (state.status !== 'running')
    throw new RolloutTransitionError(`cannot pause a rollout that is ${state.status}`);
  return { status: 'paused', stepIndex: state.stepIndex, stepStartedAt: state.stepStartedAt, reason };
}

/** Resumes a paused rollout; the step restarts now so its guardrails judge fresh data. */
export function resumeRollout(state: RolloutState, now: number): RolloutState {
  if (state.status !== 'paused')
    throw new RolloutTransitionError(`cannot resume a rollout that is ${state.status}`);
  return { status: 'running', stepIndex: state.stepIndex, stepStartedAt: now };
}

export function validateState(state: RolloutState, preview: RolloutPreview, now: number): void {
  if (typeof state !== 'object' || state === null) throw new RolloutStateError('', 'must be an object');
  if (!STATUSES.includes(state.status))
    throw new RolloutStateError(
      'status',
      `must be one of ${STATUSES.join(', ')}, got ${String(state.status)}`,
    );
  const last = preview.steps.length - 1;
  if (!Number.isSafeInteger(state.stepIndex) || state.stepIndex < 0 || state.stepIndex > last)
    throw new RolloutStateError('stepIndex', `must be an integer in [0, ${last}], got ${state.stepIndex}`);
  if (!Number.isFinite(state.stepStartedAt))
    throw new RolloutStateError('stepStartedAt', `must be a finite epoch time, got ${state.stepStartedAt}`);
  if (!Number.isFinite(now)) throw new RolloutStateError('now', `must be a finite epoch time, got ${now}`);
}
