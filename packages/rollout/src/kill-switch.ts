import { parseDuration } from './duration.js';
import { KillRuleError, MetricSnapshotError } from './errors.js';

/** "Kill the flag when its error rate stays above maxErrorRate for `for`": an operational flag's automatic off. */
export interface KillRule {
  readonly maxErrorRate: number;
  /** How long the rate must stay above the limit, e.g. "5m". */
  readonly for: string;
  /** Requests a sample needs before it counts either way. Default 20. */
  readonly minSamples?: number;
}

/** Stored between evaluations: when the current unbroken run of bad samples began. */
export interface KillState {
  readonly breachingSince: number | null;
}

export interface KillDecision {
  readonly kill: boolean;
  readonly state: KillState;
  readonly errorRate: number | null;
  readonly reason: string;
}

/** Every problem of a kill rule as `{ path, message }` (JSON Pointers into the rule); empty when valid. */
export function validateKillRule(rule: KillRule): readonly { path: string; message: string }[] {
  if (typeof rule !== 'object' || rule === null) return [{ path: '', message: 'must be an object' }];
  try {
    checkRule(rule);
    return [];
  } catch (error) {
    if (error instanceof KillRuleError) return error.issues;
    throw error;
  }
}

function checkRule(rule: KillRule): number {
  const issues = [];
  if (!(typeof rule.maxErrorRate === 'number' && rule.maxErrorRate >= 0 && rule.maxErrorRate < 1))
    issues.push({
      path: '/maxErrorRate',
      message: `maxErrorRate must be in [0, 1), got ${String(rule.maxErrorRate)}`,
    });
  const min = rule.minSamples;
  if (min !== undefined && !(Number.isSafeInteger(min) && min >= 1))
    issues.push({ path: '/minSamples', message: `minSamples must be an integer >= 1, got ${String(min)}` });
  let forMs = 0;
  try {
    forMs = parseDuration(rule.for);
  } catch (e) {
    issues.push({ path: '/for', message: (e as Error).message.replace(/^duration/, 'for') });
  }
  if (issues.length > 0) throw new KillRuleError(issues);
  return forMs;
}

/**
 * Evaluates one sample (the requests since the previous evaluation) like a Prometheus alert with `for`: the
 * rule fires once the error rate has stayed above the limit for the whole duration. A healthy sample resets
 * the run; a sample with too few requests neither extends nor breaks it, so a traffic dip cannot hide a fault,
 * and it fires a run that has lasted long enough only when its own requests still fail.
 */
export function evaluateKillRule(
  rule: KillRule,
  state: KillState,
  sample: { readonly n: number; readonly errors: number },
  now: number,
): KillDecision {
  const forMs = checkRule(rule);
  const minSamples = rule.minSamples ?? 20;
  const { n, errors } = sample;
  if (!(Number.isSafeInteger(n) && n >= 0))
    throw new MetricSnapshotError('n', `must be an integer >= 0, got ${n}`);
  if (!(Number.isSafeInteger(errors) && errors >= 0 && errors <= n))
    throw new MetricSnapshotError('errors', `must be an integer in [0, n = ${n}], got ${errors}`);
  if (sample.n < minSamples) {
    // Too few requests to judge: the run goes on, and a run already long enough fires only on a sample
    // that still fails, so silence (a caller that stopped reporting) never kills a flag on its own.
    const since = state.breachingSince;
    const failing = sample.n > 0 && sample.errors / sample.n > rule.maxErrorRate;
    const kill = failing && since !== null && now - since >= forMs;
    return { kill, state, errorRate: null, reason: `${sample.n} of ${minSamples} requests; run unchanged` };
  }
  const errorRate = sample.errors / sample.n;
  if (errorRate <= rule.maxErrorRate)
    return {
      kill: false,
      state: { breachingSince: null },
      errorRate,
      reason: `error rate ${errorRate} is within ${rule.maxErrorRate}`,
    };
  const since = state.breachingSince ?? now;
  const kill = now - since >= forMs;
  const reason = kill
    ? `error rate above ${rule.maxErrorRate} since ${new Date(since).toISOString()} (${rule.for})`
    : `error rate ${errorRate} above ${rule.maxErrorRate}, breaching since ${new Date(since).toISOString()}`;
  return { kill, state: { breachingSince: since }, errorRate, reason };
}
