import {
  checkEnum,
  checkKeys,
  checkNonEmptyString,
  checkNumber,
  describe,
  type Issues,
  isObject,
  pointer,
} from './issues.js';

const BUILT_IN = ['error-rate', 'latency-p50', 'latency-p95', 'latency-p99', 'latency-mean'] as const;
const REGRESSION = ['error-rate', 'latency-mean'] as const;
const ON_BREACH = ['rollback', 'pause'] as const;
const THRESHOLD_KEYS = ['metric', 'max', 'min', 'onBreach'];
const PROMETHEUS_KEYS = ['prometheus', 'max', 'min', 'onBreach'];
const REGRESSION_KEYS = [
  'metric',
  'maxIncrease',
  'maxRelativeIncrease',
  'alpha',
  'plannedSampleSize',
  'onBreach',
];
const ALL_KEYS = [...new Set([...THRESHOLD_KEYS, ...PROMETHEUS_KEYS, ...REGRESSION_KEYS])];

function checkBounds(issues: Issues, at: string, g: Record<string, unknown>, what: string): void {
  if (g.max === undefined && g.min === undefined) {
    issues.add(
      at,
      `${what} needs "max" or "min" (or, for a regression, "maxIncrease" or "maxRelativeIncrease")`,
    );
    return;
  }
  const maxOk = g.max === undefined || checkNumber(issues, pointer(at, 'max'), g.max, `${what}.max`);
  const minOk = g.min === undefined || checkNumber(issues, pointer(at, 'min'), g.min, `${what}.min`);
  if (maxOk && minOk && typeof g.max === 'number' && typeof g.min === 'number' && !(g.min < g.max))
    issues.add(at, `${what}.min must be < ${what}.max, got min ${g.min} and max ${g.max}`);
  if (g.metric === 'error-rate') {
    for (const bound of ['max', 'min'] as const) {
      const value = g[bound];
      if (typeof value === 'number' && !(value >= 0 && value <= 1))
        issues.add(
          pointer(at, bound),
          `${what}.${bound} is an error rate and must be in [0, 1], got ${value}`,
        );
    }
  }
}

function checkRegression(issues: Issues, at: string, g: Record<string, unknown>, what: string): void {
  checkKeys(issues, at, g, REGRESSION_KEYS);
  checkEnum(issues, pointer(at, 'metric'), g.metric, REGRESSION, `${what}.metric of a regression guardrail`);
  const hasAbsolute = g.maxIncrease !== undefined;
  if (hasAbsolute === (g.maxRelativeIncrease !== undefined)) {
    issues.add(at, `${what} needs exactly one of "maxIncrease" or "maxRelativeIncrease"`);
    return;
  }
  const key = hasAbsolute ? 'maxIncrease' : 'maxRelativeIncrease';
  if (checkNumber(issues, pointer(at, key), g[key], `${what}.${key}`) && !((g[key] as number) >= 0))
    issues.add(pointer(at, key), `${what}.${key} must be >= 0, got ${g[key]}`);
  if (g.alpha !== undefined && checkNumber(issues, pointer(at, 'alpha'), g.alpha, `${what}.alpha`)) {
    if (!(g.alpha > 0 && g.alpha < 1))
      issues.add(pointer(at, 'alpha'), `${what}.alpha must be in (0, 1), got ${g.alpha}`);
  }
  if (
    g.plannedSampleSize !== undefined &&
    checkNumber(issues, pointer(at, 'plannedSampleSize'), g.plannedSampleSize, `${what}.plannedSampleSize`) &&
    !(g.plannedSampleSize > 0)
  )
    issues.add(
      pointer(at, 'plannedSampleSize'),
      `${what}.plannedSampleSize must be > 0, got ${g.plannedSampleSize}`,
    );
}

function validateGuardrail(issues: Issues, at: string, g: unknown, what: string): void {
  if (!isObject(g)) {
    issues.add(at, `${what} must be an object, got ${describe(g)}`);
    return;
  }
  if (g.onBreach !== undefined)
    checkEnum(issues, pointer(at, 'onBreach'), g.onBreach, ON_BREACH, `${what}.onBreach`);
  const isRegression = g.maxIncrease !== undefined || g.maxRelativeIncrease !== undefined;
  if (isRegression && (g.max !== undefined || g.min !== undefined)) {
    issues.add(
      at,
      `${what} is either a threshold (max/min) or a regression (maxIncrease/maxRelativeIncrease), not both`,
    );
    return;
  }
  if (g.prometheus !== undefined) {
    checkKeys(issues, at, g, PROMETHEUS_KEYS);
    checkNonEmptyString(issues, pointer(at, 'prometheus'), g.prometheus, `${what}.prometheus`);
    checkBounds(issues, at, g, what);
    return;
  }
  if (isRegression) {
    checkRegression(issues, at, g, what);
    return;
  }
  if (g.metric === undefined) {
    checkKeys(issues, at, g, ALL_KEYS);
    issues.add(at, `${what} needs "metric" (one of ${BUILT_IN.join(', ')}) or "prometheus" (a query)`);
    return;
  }
  checkKeys(issues, at, g, THRESHOLD_KEYS);
  checkEnum(issues, pointer(at, 'metric'), g.metric, BUILT_IN, `${what}.metric`);
  checkBounds(issues, at, g, what);
}

export function validateGuardrails(issues: Issues, path: string, guardrails: unknown): void {
  if (!Array.isArray(guardrails)) {
    issues.add(path, `guardrails must be an array (possibly empty), got ${describe(guardrails)}`);
    return;
  }
  guardrails.forEach((g: unknown, i: number) => {
    validateGuardrail(issues, pointer(path, i), g, `guardrails[${i}]`);
  });
}
