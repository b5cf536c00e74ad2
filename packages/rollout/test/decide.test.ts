import {
  decide,
  MetricSnapshotError,
  pauseRollout,
  type RolloutPlan,
  RolloutPlanError,
  type RolloutState,
  RolloutStateError,
  RolloutTransitionError,
  resumeRollout,
  startRollout,
} from '@switchyard/rollout';
import { meanEstimate, sequentialCompare } from '@switchyard/stats';
import { describe, expect, test } from 'vitest';
import { healthy, plan, SECOND, snapshot, T0 } from './support/fixtures.js';

const start = startRollout(plan, T0);

describe('advancing', () => {
  test('a step younger than its interval holds, even with perfect metrics', () => {
    const d = decide(plan, start, healthy(), T0 + 29 * SECOND);
    expect(d.action).toBe('hold');
    expect(d.reason).toBe('holding ring "internal" until 2025-06-01T12:00:30.000Z');
    expect(d.state).toBe(start);
    expect(d.split).toEqual({ on: 0, off: 10000 });
    expect(d.rings).toEqual(['internal']);
  });

  test('after the interval, with enough samples and healthy guardrails, it advances and restarts the clock', () => {
    const now = T0 + 45 * SECOND;
    const d = decide(plan, start, healthy(), now);
    expect(d.action).toBe('advance');
    expect(d.reason).toBe('advanced from ring "internal" to 10%: every guardrail passed');
    expect(d.state).toEqual({ status: 'running', stepIndex: 1, stepStartedAt: now });
    expect(d.split).toEqual({ on: 1000, off: 9000 });
    expect(d.rings).toEqual(['internal']);
    expect(d.step).toMatchObject({ index: 1, kind: 'percentage', weight: 10, basisPoints: 1000 });
  });

  test('a whole rollout: ring, 10%, 50%, 100%, then complete', () => {
    let state: RolloutState = start;
    let now = T0;
    const actions: string[] = [];
    const splits: number[] = [];
    for (let i = 0; i < 4; i++) {
      now += 30 * SECOND;
      const d = decide(plan, state, healthy(), now);
      actions.push(d.action);
      splits.push(d.split.on!);
      state = d.state;
    }
    expect(actions).toEqual(['advance', 'advance', 'advance', 'complete']);
    expect(splits).toEqual([1000, 5000, 10000, 10000]);
    expect(state).toMatchObject({ status: 'completed', stepIndex: 3 });
  });

  test('at 100% the control has no traffic: the regression test is not applicable, the threshold still gates', () => {
    const last: RolloutState = { status: 'running', stepIndex: 3, stepStartedAt: T0 };
    const d = decide(plan, last, snapshot({ n: 500, errors: 5 }, undefined), T0 + 30 * SECOND);
    expect(d.action).toBe('complete');
    expect(d.evidence.guardrails.map((g) => g.status)).toEqual(['pass', 'not-applicable']);
    const failing = decide(plan, last, snapshot({ n: 500, errors: 50 }, undefined), T0 + 30 * SECOND);
    expect(failing.action).toBe('rollback');
  });
});

describe('not enough data holds the step', () => {
  test('the rolled-out variant below minSamples', () => {
    const d = decide(plan, start, snapshot({ n: 99, errors: 0 }, { n: 5000, errors: 50 }), T0 + 60 * SECOND);
    expect(d.action).toBe('hold');
    expect(d.reason).toBe('waiting for samples at ring "internal": "on" has 99 of 100');
  });

  test('the control below minSamples while a regression guardrail needs it', () => {
    const d = decide(plan, start, snapshot({ n: 500, errors: 5 }, { n: 40, errors: 0 }), T0 + 60 * SECOND);
    expect(d.action).toBe('hold');
    expect(d.reason).toBe(
      'waiting for data at ring "internal": guardrails[1] variant 500 and control 40 of 100 samples each',
    );
  });

  test('a regression test waits for two samples a side even when minSamples is 1', () => {
    const one: RolloutPlan = { ...plan, minSamples: 1 };
    const single = snapshot({ n: 1, errors: 0 }, { n: 1, errors: 0 });
    const d = decide(one, startRollout(one, T0), single, T0 + 60 * SECOND);
    expect(d.action).toBe('hold');
    expect(d.evidence.guardrails[1]).toMatchObject({
      status: 'insufficient-data',
      message: 'variant 1 and control 1 of 2 samples each',
    });
    const two = decide(
      one,
      startRollout(one, T0),
      snapshot({ n: 2, errors: 0 }, { n: 2, errors: 0 }),
      T0 + 60 * SECOND,
    );
    expect(two.evidence.guardrails[1]!.status).toBe('pass');
  });

  test('a Prometheus guardrail without a value', () => {
    const withQuery: RolloutPlan = { ...plan, guardrails: [{ prometheus: 'sum(rate(x[1m]))', max: 5 }] };
    const d = decide(withQuery, start, healthy(), T0 + 60 * SECOND);
    expect(d.action).toBe('hold');
    expect(d.evidence.guardrails[0]).toMatchObject({ status: 'missing', value: null });
  });
});

describe('breaches', () => {
  const broken = snapshot({ n: 1000, errors: 80 }, { n: 1000, errors: 10 });

  test('a threshold breach rolls back to the control at once, before the interval has elapsed', () => {
    const d = decide(plan, start, broken, T0 + SECOND);
    expect(d.action).toBe('rollback');
    expect(d.rollbackTo).toBe('off');
    expect(d.split).toEqual({ off: 10000 });
    expect(d.rings).toEqual([]);
    expect(d.state.status).toBe('rolled-back');
    expect(d.reason).toMatch(
      /^rolled back to "off": guardrails\[0\] error-rate 0.08 is above max 0.05; guardrails\[1\]/,
    );
  });

  test('a breach wins over a due advance', () => {
    expect(decide(plan, start, broken, T0 + 10 * 60 * SECOND).action).toBe('rollback');
  });

  test('rollback goes to the safe variant when the plan names one', () => {
    const d = decide({ ...plan, safeVariant: 'legacy' }, start, broken, T0 + SECOND);
    expect(d.rollbackTo).toBe('legacy');
    expect(d.split).toEqual({ legacy: 10000 });
  });

  test('a "pause" guardrail pauses; a paused rollout then holds however long it waits', () => {
    const pausing: RolloutPlan = {
      ...plan,
      guardrails: [{ metric: 'latency-p95', max: 300, onBreach: 'pause' }],
    };
    const slow = snapshot(
      { n: 1000, errors: 0, latency: { p95: 420 } },
      { n: 1000, errors: 0, latency: { p95: 200 } },
    );
    const d = decide(pausing, start, slow, T0 + SECOND);
    expect(d.action).toBe('pause');
    expect(d.state.status).toBe('paused');
    expect(d.reason).toBe('paused at ring "internal": guardrails[0] latency-p95 420 is above max 300');
    const later = decide(pausing, d.state, healthy(), T0 + 3600 * SECOND);
    expect(later.action).toBe('hold');
    expect(later.state).toBe(d.state);
  });

  test('a rollback guardrail still rolls back a paused rollout', () => {
    const paused = pauseRollout(start, 'investigating');
    expect(decide(plan, paused, broken, T0 + SECOND).action).toBe('rollback');
  });

  test('a rollback outranks a pause when both breach', () => {
    const both: RolloutPlan = {
      ...plan,
      guardrails: [
        { metric: 'error-rate', max: 0.05, onBreach: 'pause' },
        { metric: 'error-rate', max: 0.06 },
      ],
    };
    expect(decide(both, start, broken, T0 + SECOND).action).toBe('rollback');
  });

  test('latency percentiles come from histogram buckets when not given directly', () => {
    const p95: RolloutPlan = { ...plan, guardrails: [{ metric: 'latency-p95', max: 240 }] };
    const buckets = [
      { le: 100, count: 700 },
      { le: 250, count: 950 },
      { le: '+Inf' as const, count: 1000 },
    ];
    const d = decide(
      p95,
      start,
      snapshot({ n: 1000, errors: 0, latency: { buckets } }, { n: 1000, errors: 0 }),
      T0,
    );
    expect(d.evidence.variants[0]!.latency.p95).toBe(250);
    expect(d.action).toBe('rollback');
  });

  test('a Prometheus value outside its bounds', () => {
    const q = 'histogram_quantile(0.99, rate(db_seconds_bucket[5m]))';
    const withQuery: RolloutPlan = { ...plan, guardrails: [{ prometheus: q, min: 0, max: 0.5 }] };
    const over = snapshot({ n: 1000, errors: 0, prometheus: { [q]: 0.9 } }, { n: 1000, errors: 0 });
    expect(decide(withQuery, start, over, T0).reason).toBe(
      'rolled back to "off": guardrails[0] query value 0.9 is above max 0.5',
    );
  });
});

describe('regression against control', () => {
  test('a clearly worse variant breaches; the evidence is the sequential test of @switchyard/stats', () => {
    const worse = snapshot({ n: 5000, errors: 250 }, { n: 5000, errors: 50 });
    const d = decide(plan, start, worse, T0 + SECOND);
    const g = d.evidence.guardrails[1]!;
    expect(g.status).toBe('breach');
    const expected = sequentialCompare(
      meanEstimate({ n: 5000, sum: 50, sumSquares: 50 }),
      meanEstimate({ n: 5000, sum: 250, sumSquares: 250 }),
    );
    expect(g.test).toMatchObject({
      scale: 'absolute',
      tolerance: 0.01,
      estimate: expected.absolute.estimate,
      interval: expected.absolute.interval,
      pValue: expected.pValue,
      n: 10000,
    });
    expect(g.test!.interval.lower).toBeGreaterThan(0.01);
  });

  test('a small increase within the tolerance does not breach', () => {
    const slightly = snapshot({ n: 5000, errors: 70 }, { n: 5000, errors: 50 });
    const d = decide(plan, start, slightly, T0 + 30 * SECOND);
    expect(d.evidence.guardrails[1]!.status).toBe('pass');
    expect(d.action).toBe('advance');
  });

  test('relative tolerance over a control without errors: any significant increase breaches', () => {
    const relative: RolloutPlan = {
      ...plan,
      guardrails: [{ metric: 'error-rate', maxRelativeIncrease: 0.5 }],
    };
    const d = decide(relative, start, snapshot({ n: 5000, errors: 100 }, { n: 5000, errors: 0 }), T0);
    expect(d.evidence.guardrails[0]).toMatchObject({ status: 'breach', test: { scale: 'absolute' } });
    expect(d.evidence.guardrails[0]!.test!.interval.lower).toBeGreaterThan(0);
  });

  test('relative tolerance: +30% passes a 50% tolerance, +200% breaches it', () => {
    const relative: RolloutPlan = {
      ...plan,
      guardrails: [{ metric: 'error-rate', maxRelativeIncrease: 0.5 }],
    };
    const mild = decide(relative, start, snapshot({ n: 20000, errors: 260 }, { n: 20000, errors: 200 }), T0);
    expect(mild.evidence.guardrails[0]).toMatchObject({ status: 'pass', test: { scale: 'relative' } });
    const severe = decide(
      relative,
      start,
      snapshot({ n: 20000, errors: 600 }, { n: 20000, errors: 200 }),
      T0,
    );
    expect(severe.evidence.guardrails[0]!.status).toBe('breach');
  });

  test('no variation at all: no errors anywhere passes, all errors against none breaches', () => {
    expect(
      decide(plan, start, snapshot({ n: 500, errors: 0 }, { n: 500, errors: 0 }), T0).evidence.guardrails[1]!
        .status,
    ).toBe('pass');
    const strict: RolloutPlan = { ...plan, guardrails: [{ metric: 'error-rate', maxIncrease: 0.5 }] };
    expect(decide(strict, start, snapshot({ n: 500, errors: 500 }, { n: 500, errors: 0 }), T0).action).toBe(
      'rollback',
    );
  });

  test('mean latency regression uses the latency sums', () => {
    const latency: RolloutPlan = { ...plan, guardrails: [{ metric: 'latency-mean', maxIncrease: 5 }] };
    // variant: mean 130 ms, sd 20; control: mean 100 ms, sd 20; 2,000 requests each.
    const sums = (mean: number) => ({ sum: 2000 * mean, sumSquares: 1999 * 400 + 2000 * mean * mean });
    const d = decide(
      latency,
      start,
      snapshot({ n: 2000, errors: 0, latency: sums(130) }, { n: 2000, errors: 0, latency: sums(100) }),
      T0,
    );
    expect(d.evidence.variants.map((v) => v.latency.mean)).toEqual([130, 100]);
    expect(d.action).toBe('rollback');
    const noSums = decide(latency, start, healthy(), T0 + 30 * SECOND);
    expect(noSums.evidence.guardrails[0]!.status).toBe('missing');
    expect(noSums.action).toBe('hold');
  });
});

describe('evidence for the timeline', () => {
  test('per variant counts, rates and latency percentiles, and the step', () => {
    const latency = { p50: 80, p95: 210, p99: 400 };
    const d = decide(
      plan,
      start,
      snapshot({ n: 1000, errors: 12, latency }, { n: 3000, errors: 27, latency }),
      T0 + 10 * SECOND,
    );
    expect(d.evidence.variants).toEqual([
      {
        variant: 'on',
        n: 1000,
        errors: 12,
        errorRate: 0.012,
        latency: { ...latency, mean: null },
        prometheus: {},
      },
      {
        variant: 'off',
        n: 3000,
        errors: 27,
        errorRate: 0.009,
        latency: { ...latency, mean: null },
        prometheus: {},
      },
    ]);
    expect(d.evidence.step).toEqual({
      index: 0,
      kind: 'ring',
      weight: 0,
      rings: ['internal'],
      startedAt: T0,
      heldForMs: 10_000,
      intervalMs: 30_000,
      minSamples: 100,
    });
    expect(d.evidence.at).toBe(T0 + 10 * SECOND);
  });
});

describe('state transitions and terminal states', () => {
  test('resume restarts the step so its guardrails judge fresh data', () => {
    const paused = pauseRollout(start, 'manual');
    expect(paused).toEqual({ status: 'paused', stepIndex: 0, stepStartedAt: T0, reason: 'manual' });
    expect(resumeRollout(paused, T0 + 99)).toEqual({
      status: 'running',
      stepIndex: 0,
      stepStartedAt: T0 + 99,
    });
    expect(() => resumeRollout(start, T0)).toThrow(RolloutTransitionError);
    expect(() => pauseRollout(paused, 'again')).toThrow('cannot pause a rollout that is paused');
  });

  test('deciding again on a finished rollout changes nothing', () => {
    const done: RolloutState = { status: 'completed', stepIndex: 3, stepStartedAt: T0, reason: 'done' };
    const d = decide(plan, done, healthy(), T0 + 999 * SECOND);
    expect(d).toMatchObject({ action: 'hold', state: done, split: { on: 10000, off: 0 } });
    const back: RolloutState = { status: 'rolled-back', stepIndex: 1, stepStartedAt: T0, reason: 'bad' };
    expect(decide(plan, back, healthy(), T0 + 999 * SECOND)).toMatchObject({
      action: 'hold',
      state: back,
      split: { off: 10000 },
      rollbackTo: 'off',
    });
  });
});

describe('inputs are validated with typed errors', () => {
  test('plan, state and snapshot', () => {
    expect(() => decide({ ...plan, minSamples: -1 }, start, healthy(), T0)).toThrow(RolloutPlanError);
    expect(() => decide(plan, { ...start, stepIndex: 4 }, healthy(), T0)).toThrow(
      new RolloutStateError('stepIndex', 'must be an integer in [0, 3], got 4'),
    );
    expect(() => decide(plan, start, snapshot({ n: 10, errors: 11 }, undefined), T0)).toThrow(
      'snapshot.variants.on.errors must be <= n (10), got 11',
    );
    expect(() => decide(plan, start, snapshot({ n: -1, errors: 0 }, undefined), T0)).toThrow(
      MetricSnapshotError,
    );
    const unordered = [
      { le: 100, count: 5 },
      { le: 50, count: 6 },
      { le: '+Inf' as const, count: 6 },
    ];
    expect(() =>
      decide(plan, start, snapshot({ n: 6, errors: 0, latency: { buckets: unordered } }, undefined), T0),
    ).toThrow('snapshot.variants.on.latency.buckets[1].le must increase strictly');
    expect(() => decide(plan, start, healthy(), Number.NaN)).toThrow(RolloutStateError);
  });
});
