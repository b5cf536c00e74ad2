import { parsePlan, RolloutPlanError, validatePlan } from '@switchyard/rollout';
import { expect, test } from 'vitest';

const valid = {
  variant: 'on',
  control: 'off',
  schedule: { shape: 'exponential', start: 1, factor: 2, interval: '10m' },
  rings: [{ name: 'internal', segment: 'employees' }],
  guardrails: [
    { metric: 'error-rate', max: 0.02 },
    { metric: 'latency-p95', max: 300, onBreach: 'pause' },
    { prometheus: 'sum(rate(http_5xx[5m]))', max: 3 },
    { metric: 'error-rate', maxIncrease: 0.01 },
    { metric: 'latency-mean', maxRelativeIncrease: 0.1, alpha: 0.01, plannedSampleSize: 20000 },
  ],
  minSamples: 200,
};

const issuesOf = (plan: unknown) => validatePlan(plan).issues;
const withSchedule = (schedule: unknown) => ({ ...valid, schedule });
const withGuardrail = (guardrail: unknown) => ({ ...valid, guardrails: [guardrail] });

test('a valid plan passes and comes back typed', () => {
  const result = validatePlan(valid);
  expect(result.valid).toBe(true);
  expect(result.issues).toEqual([]);
  expect(parsePlan(valid)).toBe(valid);
});

test('a misspelt field is reported at its JSON Pointer with the right name suggested', () => {
  expect(issuesOf(withSchedule({ shape: 'linear', start: 1, step: 5, intervall: '10m' }))).toEqual([
    { path: '/schedule/intervall', message: 'unknown field "intervall"; did you mean "interval"?' },
    {
      path: '/schedule/interval',
      message: 'schedule.interval must be a duration like "30s", "10m", "2h" or "1d", got undefined',
    },
  ]);
});

test('an unknown field with no near name gets no suggestion', () => {
  expect(issuesOf({ ...valid, owner: 'me' })).toEqual([{ path: '/owner', message: 'unknown field "owner"' }]);
});

test('suggestions at the top level and for enumerations', () => {
  expect(issuesOf({ ...valid, guardrail: [] })).toContainEqual({
    path: '/guardrail',
    message: 'unknown field "guardrail"; did you mean "guardrails"?',
  });
  expect(issuesOf(withSchedule({ shape: 'exponental', start: 1, factor: 2, interval: '1m' }))).toEqual([
    {
      path: '/schedule/shape',
      message:
        'schedule.shape must be one of "exponential", "linear", "s-curve", "custom", got "exponental"; did you mean "exponential"?',
    },
  ]);
  expect(issuesOf(withGuardrail({ metric: 'error_rate', max: 0.1 }))).toEqual([
    {
      path: '/guardrails/0/metric',
      message:
        'guardrails[0].metric must be one of "error-rate", "latency-p50", "latency-p95", "latency-p99", "latency-mean", got "error_rate"; did you mean "error-rate"?',
    },
  ]);
});

test.each([
  [
    { shape: 'exponential', start: 1, factor: 1, interval: '1m' },
    '/schedule/factor',
    'schedule.factor must be > 1, got 1',
  ],
  [
    { shape: 'exponential', start: 0, factor: 2, interval: '1m' },
    '/schedule/start',
    'schedule.start must be in (0, 100], got 0',
  ],
  [
    { shape: 'exponential', start: 0.005, factor: 2, interval: '1m' },
    '/schedule/start',
    'schedule.start must be a multiple of 0.01 (weights are integers over 10000), got 0.005',
  ],
  [
    { shape: 'linear', start: 50, step: 10, max: 20, interval: '1m' },
    '/schedule/max',
    'schedule.max must be >= schedule.start (50), got 20',
  ],
  [
    { shape: 'linear', start: 1, step: 0.01, interval: '1m' },
    '/schedule',
    'schedule produces 9901 steps; at most 1000 are allowed',
  ],
  [
    { shape: 'exponential', start: 0.01, factor: 1.0001, interval: '1m' },
    '/schedule',
    'schedule produces 10000 steps; at most 1000 are allowed',
  ],
  [
    { shape: 's-curve', start: 1, duration: '5m', interval: '10m' },
    '/schedule/duration',
    'schedule.duration must be at least schedule.interval (10m)',
  ],
  [
    { shape: 's-curve', start: 10, end: 5, duration: '1h', interval: '10m' },
    '/schedule/end',
    'schedule.end must be > schedule.start (10), got 5',
  ],
  [
    { shape: 's-curve', start: 1, k: 0, duration: '1h', interval: '10m' },
    '/schedule/k',
    'schedule.k must be > 0, got 0',
  ],
  [
    { shape: 'custom', steps: [], interval: '1m' },
    '/schedule/steps',
    'schedule.steps must be a non-empty array of percentages, got an array',
  ],
  [
    { shape: 'custom', steps: [1, 5, 5], interval: '1m' },
    '/schedule/steps/2',
    'schedule.steps must increase strictly: 5 follows 5',
  ],
  [
    { shape: 'custom', steps: [1, 101], interval: '1m' },
    '/schedule/steps/1',
    'schedule.steps[1] must be in (0, 100], got 101',
  ],
  [
    { shape: 'custom', steps: [1], interval: 'soon' },
    '/schedule/interval',
    'schedule.interval must be a duration like "30s", "10m", "2h" or "1d", got "soon"',
  ],
])('schedule %j: %s', (schedule, path, message) => {
  expect(issuesOf(withSchedule(schedule))).toEqual([{ path, message }]);
});

test.each([
  [
    { metric: 'error-rate' },
    '/guardrails/0',
    'guardrails[0] needs "max" or "min" (or, for a regression, "maxIncrease" or "maxRelativeIncrease")',
  ],
  [
    { metric: 'error-rate', max: 2 },
    '/guardrails/0/max',
    'guardrails[0].max is an error rate and must be in [0, 1], got 2',
  ],
  [
    { metric: 'latency-p99', max: 100, min: 200 },
    '/guardrails/0',
    'guardrails[0].min must be < guardrails[0].max, got min 200 and max 100',
  ],
  [
    { metric: 'error-rate', max: 0.1, onBreach: 'rollbak' },
    '/guardrails/0/onBreach',
    'guardrails[0].onBreach must be one of "rollback", "pause", got "rollbak"; did you mean "rollback"?',
  ],
  [
    { metric: 'error-rate', max: 0.1, maxIncrease: 0.01 },
    '/guardrails/0',
    'guardrails[0] is either a threshold (max/min) or a regression (maxIncrease/maxRelativeIncrease), not both',
  ],
  [
    { metric: 'error-rate', maxIncrease: 0.01, maxRelativeIncrease: 0.1 },
    '/guardrails/0',
    'guardrails[0] needs exactly one of "maxIncrease" or "maxRelativeIncrease"',
  ],
  [
    { metric: 'latency-p95', maxIncrease: 10 },
    '/guardrails/0/metric',
    'guardrails[0].metric of a regression guardrail must be one of "error-rate", "latency-mean", got "latency-p95"',
  ],
  [
    { metric: 'error-rate', maxIncrease: -0.1 },
    '/guardrails/0/maxIncrease',
    'guardrails[0].maxIncrease must be >= 0, got -0.1',
  ],
  [
    { metric: 'error-rate', maxIncrease: 0.01, alpha: 1.5 },
    '/guardrails/0/alpha',
    'guardrails[0].alpha must be in (0, 1), got 1.5',
  ],
  [
    { metric: 'error-rate', maxIncrease: 0.01, plannedSampleSize: 0 },
    '/guardrails/0/plannedSampleSize',
    'guardrails[0].plannedSampleSize must be > 0, got 0',
  ],
  [
    { metric: 'error-rate', maxIncrease: 0.01, alfa: 0.1 },
    '/guardrails/0/alfa',
    'unknown field "alfa"; did you mean "alpha"?',
  ],
  [
    { prometheus: '', max: 1 },
    '/guardrails/0/prometheus',
    'guardrails[0].prometheus must be a non-empty string, got ""',
  ],
  [
    { prometheus: 'up', max: 'high' },
    '/guardrails/0/max',
    'guardrails[0].max must be a finite number, got "high"',
  ],
  [
    { max: 1 },
    '/guardrails/0',
    'guardrails[0] needs "metric" (one of error-rate, latency-p50, latency-p95, latency-p99, latency-mean) or "prometheus" (a query)',
  ],
  ['error-rate', '/guardrails/0', 'guardrails[0] must be an object, got "error-rate"'],
])('guardrail %j: %s', (guardrail, path, message) => {
  expect(issuesOf(withGuardrail(guardrail))).toEqual([{ path, message }]);
});

test.each([
  [
    [{ name: 'a' }],
    '/rings/0',
    'rings[0] needs exactly one of "segment" (a segment key) or "condition" (JSON Logic)',
  ],
  [
    [{ name: 'a', segment: 's', condition: {} }],
    '/rings/0',
    'rings[0] needs exactly one of "segment" (a segment key) or "condition" (JSON Logic)',
  ],
  [
    [
      { name: 'a', segment: 's' },
      { name: 'a', segment: 't' },
    ],
    '/rings/1/name',
    'rings[1].name "a" is used by an earlier ring',
  ],
  [
    [{ name: 'a', condition: 'x' }],
    '/rings/0/condition',
    'rings[0].condition must be a JSON Logic object, got "x"',
  ],
  [[{ name: '', segment: 's' }], '/rings/0/name', 'rings[0].name must be a non-empty string, got ""'],
  [[{ name: 'a', segmnet: 's' }], '/rings/0/segmnet', 'unknown field "segmnet"; did you mean "segment"?'],
  [{}, '/rings', 'rings must be an array, got an object'],
])('rings %j: %s', (rings, path, message) => {
  expect(issuesOf({ ...valid, rings })).toContainEqual({ path, message });
});

test('variants, safe variant and minSamples', () => {
  expect(issuesOf({ ...valid, control: 'on' })).toEqual([
    { path: '/control', message: 'control must differ from variant ("on")' },
  ]);
  expect(issuesOf({ ...valid, safeVariant: 'on' })).toEqual([
    { path: '/safeVariant', message: 'safeVariant must differ from the variant being rolled out ("on")' },
  ]);
  expect(issuesOf({ ...valid, variant: 3 })).toEqual([
    { path: '/variant', message: 'variant must be a non-empty string, got 3' },
  ]);
  expect(issuesOf({ ...valid, minSamples: 0 })).toEqual([
    { path: '/minSamples', message: 'minSamples must be an integer >= 1, got 0' },
  ]);
});

test('every issue is listed at once, in document order', () => {
  const { schedule: _, guardrails: __, ...bare } = valid;
  expect(issuesOf({ ...bare, variant: '', extra: 1 }).map((i) => i.path)).toEqual([
    '/extra',
    '/variant',
    '/schedule',
    '/guardrails',
  ]);
});

test('keys with "/" or "~" are escaped in the pointer (RFC 6901)', () => {
  expect(issuesOf({ ...valid, 'a/b~c': 1 })).toEqual([
    { path: '/a~1b~0c', message: 'unknown field "a/b~c"' },
  ]);
});

test('a non-object is rejected at the root', () => {
  expect(issuesOf([])).toEqual([{ path: '', message: 'a rollout plan must be an object, got an array' }]);
});

test('parsePlan throws a typed error carrying every issue', () => {
  try {
    parsePlan(withSchedule({ shape: 'linear', start: 0, step: 0, interval: 'x' }));
    expect.unreachable();
  } catch (e) {
    expect(e).toBeInstanceOf(RolloutPlanError);
    const error = e as RolloutPlanError;
    expect(error.code).toBe('ROLLOUT_PLAN_INVALID');
    expect(error.issues.map((i) => i.path)).toEqual([
      '/schedule/interval',
      '/schedule/start',
      '/schedule/step',
    ]);
    expect(error.message).toMatch(/^Invalid rollout plan: \/schedule\/interval: .* \(and 2 more\)$/);
  }
});
