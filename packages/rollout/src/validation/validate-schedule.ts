import { isDuration, parseDuration } from '../duration.js';
import type { Schedule } from '../plan-types.js';
import { scheduleWeights } from '../schedule/schedule-weights.js';
import { checkEnum, checkKeys, checkNumber, describe, type Issues, isObject, pointer } from './issues.js';
import { checkPercent } from './percent.js';

/** More steps than this is a typo (factor 1.0001), not a plan. */
export const MAX_STEPS = 1000;

const SHAPES = ['exponential', 'linear', 's-curve', 'custom'] as const;
const KEYS: Record<(typeof SHAPES)[number], readonly string[]> = {
  exponential: ['shape', 'start', 'factor', 'max', 'interval'],
  linear: ['shape', 'start', 'step', 'max', 'interval'],
  's-curve': ['shape', 'start', 'end', 'duration', 'k', 'interval'],
  custom: ['shape', 'steps', 'interval'],
};
const ALL_KEYS = [...new Set(Object.values(KEYS).flat())];

function checkDuration(issues: Issues, path: string, value: unknown, what: string): value is string {
  if (isDuration(value)) return true;
  issues.add(path, `${what} must be a duration like "30s", "10m", "2h" or "1d", got ${describe(value)}`);
  return false;
}

function checkMax(issues: Issues, path: string, schedule: Record<string, unknown>, startOk: boolean): void {
  if (schedule.max === undefined) return;
  if (!checkPercent(issues, pointer(path, 'max'), schedule.max, 'schedule.max')) return;
  if (startOk && (schedule.max as number) < (schedule.start as number))
    issues.add(
      pointer(path, 'max'),
      `schedule.max must be >= schedule.start (${schedule.start}), got ${schedule.max}`,
    );
}

/** An s-curve is sampled once per interval before merging equal weights; bound the work. */
const MAX_SAMPLES = 100_000;

function checkExponential(issues: Issues, path: string, s: Record<string, unknown>): void {
  const startOk = checkPercent(issues, pointer(path, 'start'), s.start, 'schedule.start');
  if (checkNumber(issues, pointer(path, 'factor'), s.factor, 'schedule.factor') && !(s.factor > 1))
    issues.add(pointer(path, 'factor'), `schedule.factor must be > 1, got ${s.factor}`);
  checkMax(issues, path, s, startOk);
}

function checkLinear(issues: Issues, path: string, s: Record<string, unknown>): void {
  const startOk = checkPercent(issues, pointer(path, 'start'), s.start, 'schedule.start');
  checkPercent(issues, pointer(path, 'step'), s.step, 'schedule.step');
  checkMax(issues, path, s, startOk);
}

function checkSCurve(issues: Issues, path: string, s: Record<string, unknown>): void {
  const startOk = checkPercent(issues, pointer(path, 'start'), s.start, 'schedule.start');
  if (s.end !== undefined && checkPercent(issues, pointer(path, 'end'), s.end, 'schedule.end') && startOk) {
    if (!((s.end as number) > (s.start as number)))
      issues.add(pointer(path, 'end'), `schedule.end must be > schedule.start (${s.start}), got ${s.end}`);
  }
  if (s.k !== undefined && checkNumber(issues, pointer(path, 'k'), s.k, 'schedule.k') && !(s.k > 0))
    issues.add(pointer(path, 'k'), `schedule.k must be > 0, got ${s.k}`);
  const durationOk = checkDuration(issues, pointer(path, 'duration'), s.duration, 'schedule.duration');
  if (durationOk && isDuration(s.interval)) {
    const duration = parseDuration(s.duration as string);
    const interval = parseDuration(s.interval);
    if (duration < interval)
      issues.add(
        pointer(path, 'duration'),
        `schedule.duration must be at least schedule.interval (${s.interval})`,
      );
    else if (duration / interval > MAX_SAMPLES)
      issues.add(pointer(path, 'duration'), `schedule.duration is more than ${MAX_SAMPLES} intervals`);
  }
}

function checkCustom(issues: Issues, path: string, s: Record<string, unknown>): void {
  const stepsPath = pointer(path, 'steps');
  if (!Array.isArray(s.steps) || s.steps.length === 0) {
    issues.add(
      stepsPath,
      `schedule.steps must be a non-empty array of percentages, got ${describe(s.steps)}`,
    );
    return;
  }
  s.steps.forEach((step: unknown, i: number) => {
    const stepPath = pointer(stepsPath, i);
    if (!checkPercent(issues, stepPath, step, `schedule.steps[${i}]`)) return;
    const previous: unknown = i > 0 ? (s.steps as unknown[])[i - 1] : undefined;
    if (typeof previous === 'number' && !((step as number) > previous))
      issues.add(stepPath, `schedule.steps must increase strictly: ${step} follows ${previous}`);
  });
}

export function validateSchedule(issues: Issues, path: string, schedule: unknown): void {
  if (!isObject(schedule)) {
    issues.add(path, `schedule must be an object, got ${describe(schedule)}`);
    return;
  }
  const shapeOk = checkEnum(issues, pointer(path, 'shape'), schedule.shape, SHAPES, 'schedule.shape');
  checkKeys(issues, path, schedule, shapeOk ? KEYS[schedule.shape as (typeof SHAPES)[number]] : ALL_KEYS);
  checkDuration(issues, pointer(path, 'interval'), schedule.interval, 'schedule.interval');
  if (!shapeOk) return;
  const shape = schedule.shape as (typeof SHAPES)[number];
  const before = issues.list.length;
  if (shape === 'exponential') checkExponential(issues, path, schedule);
  else if (shape === 'linear') checkLinear(issues, path, schedule);
  else if (shape === 's-curve') checkSCurve(issues, path, schedule);
  else checkCustom(issues, path, schedule);
  if (issues.list.length > before) return;
  // Weights are whole basis points that strictly grow, so generating them is cheap (≤ 10,001 of them).
  const count = scheduleWeights(schedule as unknown as Schedule).length;
  if (count > MAX_STEPS)
    issues.add(path, `schedule produces ${count} steps; at most ${MAX_STEPS} are allowed`);
}
