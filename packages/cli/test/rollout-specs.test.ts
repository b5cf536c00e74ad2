import { describe, expect, it } from 'vitest';
import { CliUsageError } from '../src/errors.js';
import { describeGuardrail, describeRing, describeSchedule } from '../src/rollout/describe-plan.js';
import { parseGuardrailOption } from '../src/rollout/guardrail-spec.js';
import { parseRingOption } from '../src/rollout/ring-spec.js';
import { parseScheduleOption } from '../src/rollout/schedule-spec.js';

// The command-line syntax of `rollout start` for schedules, rings and guardrails: what each form
// becomes in the API body, and that `rollout status` writes a plan back the way it was typed.

const usageError = (parse: () => unknown) => {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(CliUsageError);
    return (error as Error).message;
  }
  throw new Error('expected a usage error');
};

describe('--schedule', () => {
  it.each([
    [
      'exponential start=1 factor=2 max=100 interval=10m',
      { shape: 'exponential', start: 1, factor: 2, max: 100, interval: '10m' },
    ],
    ['linear start=0.5 step=10 interval=1h30m', { shape: 'linear', start: 0.5, step: 10, interval: '1h30m' }],
    [
      '  s-curve   start=1 end=100 duration=1d interval=1h k=8 ',
      { shape: 's-curve', start: 1, end: 100, duration: '1d', interval: '1h', k: 8 },
    ],
    ['custom steps=1,5,25,100 interval=30m', { shape: 'custom', steps: [1, 5, 25, 100], interval: '30m' }],
    ['custom steps=100 interval=30m', { shape: 'custom', steps: [100], interval: '30m' }],
    ['interval=10m', { interval: '10m' }],
    [
      '{"shape":"linear","start":5,"step":5,"interval":"1h"}',
      { shape: 'linear', start: 5, step: 5, interval: '1h' },
    ],
  ])('%s', (text, schedule) => {
    expect(parseScheduleOption(text, 'rollout start')).toEqual(schedule);
  });

  it('keeps what it cannot read as a number as text, for the server to judge', () => {
    expect(parseScheduleOption('exponential start=one factor=2x', 'c')).toEqual({
      shape: 'exponential',
      start: 'one',
      factor: '2x',
    });
  });

  it.each([
    ['', "option '--schedule' needs a schedule, e.g. 'exponential start=1 factor=2 max=100 interval=10m'"],
    ['linear start', "option '--schedule': 'start' is not KEY=VALUE"],
    ['linear =1', "option '--schedule': '=1' is not KEY=VALUE"],
    ['linear start=', "option '--schedule': 'start=' is not KEY=VALUE"],
    ['linear exponential start=1', "option '--schedule': 'exponential' is not KEY=VALUE"],
    ['{"shape": linear}', "option '--schedule': invalid JSON"],
  ])('%j is a usage error', (text, message) => {
    expect(usageError(() => parseScheduleOption(text, 'c'))).toContain(message);
  });
});

describe('--ring', () => {
  it.each([
    ['internal=segment:employees', { name: 'internal', segment: 'employees' }],
    [' beta = segment: beta-testers ', { name: 'beta', segment: 'beta-testers' }],
    [
      'beta=condition:{"in":["beta",{"var":"groups"}]}',
      { name: 'beta', condition: { in: ['beta', { var: 'groups' }] } },
    ],
    ['eq=condition:{"==":[{"var":"a"},"b=c"]}', { name: 'eq', condition: { '==': [{ var: 'a' }, 'b=c'] } }],
    ['{"name":"x","segment":"y"}', { name: 'x', segment: 'y' }],
  ])('%s', (text, ring) => {
    expect(parseRingOption(text, 'c')).toEqual(ring);
  });

  it.each([
    ['employees', 'write NAME=segment:KEY or NAME=condition:JSON'],
    ['=segment:x', 'write NAME=segment:KEY'],
    ['a=segment:', 'write NAME=segment:KEY'],
    ['a=segments:x', "(did you mean 'segment'?)"],
    ['a=condition:[1]', "option '--ring a=condition:' must be a JSON object here"],
    ['a=condition:{"in": }', 'option \'--ring a=condition:\': invalid JSON: unexpected "}"'],
  ])('%j is a usage error', (text, message) => {
    expect(usageError(() => parseRingOption(text, 'c'))).toContain(message);
  });
});

describe('--guardrail', () => {
  it.each([
    ['error-rate<0.02', { metric: 'error-rate', max: 0.02 }],
    ['error-rate<=0.02', { metric: 'error-rate', max: 0.02 }],
    ['error-rate < 2%', { metric: 'error-rate', max: 0.02 }],
    ['error-rate<1.1%', { metric: 'error-rate', max: 0.011 }],
    ['latency-p50>5', { metric: 'latency-p50', min: 5 }],
    ['latency-p95<300:pause', { metric: 'latency-p95', max: 300, onBreach: 'pause' }],
    ['latency-p99<1e3:rollback', { metric: 'latency-p99', max: 1000, onBreach: 'rollback' }],
    ['error-rate<control+0.01', { metric: 'error-rate', maxIncrease: 0.01 }],
    ['latency-mean<control + 10%', { metric: 'latency-mean', maxRelativeIncrease: 0.1 }],
    [
      'latency-mean<control+7%:pause,alpha=0.01,plannedSampleSize=20000',
      {
        metric: 'latency-mean',
        maxRelativeIncrease: 0.07,
        onBreach: 'pause',
        alpha: 0.01,
        plannedSampleSize: 20000,
      },
    ],
    [
      'prometheus:sum(rate(checkout_failures_total[5m]))<3',
      { prometheus: 'sum(rate(checkout_failures_total[5m]))', max: 3 },
    ],
    // A query's own comparisons and colons (recording rules) stay in the query.
    [
      'prometheus:job:errors:rate5m > 0.5 < 3:pause',
      { prometheus: 'job:errors:rate5m > 0.5', max: 3, onBreach: 'pause' },
    ],
    ['no-such-metric<1', { metric: 'no-such-metric', max: 1 }],
    ['{"metric":"error-rate","min":0.001,"max":0.2}', { metric: 'error-rate', min: 0.001, max: 0.2 }],
  ])('%s', (text, guardrail) => {
    expect(parseGuardrailOption(text, 'c')).toEqual(guardrail);
  });

  it.each([
    ['error-rate', 'write METRIC<BOUND or METRIC>BOUND'],
    ['<0.02', "no metric (or prometheus:QUERY) before '<'"],
    ['prometheus:<3', "no metric (or prometheus:QUERY) before '<'"],
    ['error-rate<low', "the bound 'low' is not a number (0.02), a percentage (2%) or control+N"],
    ['error-rate>control+0.01', 'a comparison with the control bounds its increase'],
    ['error-rate<control+a lot', "'a lot' after 'control+' is not a number or a percentage"],
    ['error-rate<0.02:paus', "unknown setting 'paus' after ':' (did you mean 'pause'?)"],
    ['error-rate<0.02:pause,rollback', "'pause/rollback' is given twice"],
    ['error-rate<0.02:pause=1', "'pause' takes no value"],
    ['error-rate<0.02:alpha', "'alpha' needs a number: alpha=N"],
  ])('%j is a usage error', (text, message) => {
    expect(usageError(() => parseGuardrailOption(text, 'c'))).toContain(message);
  });
});

describe('a started plan, written back in the same syntax', () => {
  it.each([
    'exponential start=1 factor=2 max=100 interval=10m',
    'custom steps=1,5,25,100 interval=30m',
    's-curve start=1 end=100 duration=1d interval=1h',
  ])('schedule %s', (text) => {
    expect(describeSchedule(parseScheduleOption(text, 'c'))).toBe(text);
  });

  it.each(['internal=segment:employees', 'beta=condition:{"in":["beta",{"var":"groups"}]}'])(
    'ring %s',
    (text) => {
      expect(describeRing(parseRingOption(text, 'c'))).toBe(text);
    },
  );

  it.each([
    'error-rate<0.02',
    'latency-p50>5',
    'latency-p95<300:pause',
    'error-rate<control+0.01',
    'latency-mean<control+7%:pause,alpha=0.01,plannedSampleSize=20000',
    'prometheus:sum(rate(x[5m]))<3:rollback',
  ])('guardrail %s', (text) => {
    expect(describeGuardrail(parseGuardrailOption(text, 'c'))).toBe(text);
  });

  it('writes a guardrail with both bounds, which only JSON can give, as both', () => {
    expect(describeGuardrail({ metric: 'latency-p95', max: 300, min: 5 })).toBe('latency-p95<300 and >5');
  });
});
