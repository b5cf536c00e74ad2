import { parseDuration } from '@switchyard/rollout';
import { type Issue, validationFailed } from '../kernel/errors.js';

export interface UsageWindow {
  /** Epoch seconds; buckets are [fromSecond + k·step, fromSecond + (k+1)·step). */
  fromSecond: number;
  toSecond: number;
  stepSeconds: number;
  buckets: number;
}

/** SDK telemetry is kept 7 days (see background-work.ts): a longer range would show only zeros. */
export const MAX_RANGE_SECONDS = 7 * 86_400;
const MAX_BUCKETS = 1000;
const DEFAULT_RANGE = '24h';
/** Steps a default is chosen from: the smallest that gives at most 60 buckets. */
const NICE_STEPS = [10, 30, 60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86_400];

/**
 * The buckets of a usage query: `range` back from now (default 24h, at most 7d), in buckets of
 * `step` (default: the smallest of 10s, 30s, 1m, 5m, 15m, 30m, 1h, 3h, 6h, 12h, 1d giving at most
 * 60). Buckets are aligned to multiples of the step since the epoch, the last one holding now, so
 * the same query a moment later shows the same buckets.
 */
export function usageWindow(query: { range?: string; step?: string }, nowMs: number): UsageWindow {
  const issues: Issue[] = [];
  const range = seconds(query.range ?? DEFAULT_RANGE, '/query/range', issues);
  if (range !== undefined && range > MAX_RANGE_SECONDS) {
    issues.push({ path: '/query/range', message: 'must be at most 7d (SDK telemetry is kept 7 days)' });
  }
  let step = query.step === undefined ? undefined : seconds(query.step, '/query/step', issues);
  if (issues.length > 0 || range === undefined) throw validationFailed(issues);
  step ??= NICE_STEPS.find((candidate) => range / candidate <= 60) ?? 86_400;
  const buckets = Math.ceil(range / step);
  if (step > range) {
    throw validationFailed([
      { path: '/query/step', message: `must not be longer than the range (${query.range ?? DEFAULT_RANGE})` },
    ]);
  }
  if (buckets > MAX_BUCKETS) {
    throw validationFailed([
      {
        path: '/query/step',
        message: `gives ${buckets} buckets over the range; at most ${MAX_BUCKETS}: use a longer step`,
      },
    ]);
  }
  const toSecond = (Math.floor(nowMs / 1000 / step) + 1) * step;
  return { fromSecond: toSecond - buckets * step, toSecond, stepSeconds: step, buckets };
}

function seconds(text: string, path: string, issues: Issue[]): number | undefined {
  let ms: number;
  try {
    ms = parseDuration(text);
  } catch {
    issues.push({ path, message: `"${text}" is not a duration such as 90s, 15m, 1h or 7d` });
    return undefined;
  }
  if (ms % 1000 !== 0) {
    issues.push({ path, message: 'must be a whole number of seconds' });
    return undefined;
  }
  return ms / 1000;
}
