import { evaluateKillRule, KillRuleError, MetricSnapshotError } from '@switchyard/rollout';
import { expect, test } from 'vitest';

const rule = { maxErrorRate: 0.1, for: '5m', minSamples: 20 };
const MIN = 60_000;
const bad = { n: 100, errors: 30 };
const good = { n: 100, errors: 2 };

test('fires only after the error rate stays above the limit for the whole duration', () => {
  let state = { breachingSince: null as number | null };
  const times = [0, 1, 2, 3, 4, 5].map((m) => m * MIN);
  const kills = times.map((now) => {
    const d = evaluateKillRule(rule, state, bad, now);
    state = d.state;
    return d.kill;
  });
  expect(kills).toEqual([false, false, false, false, false, true]);
  expect(state.breachingSince).toBe(0);
});

test('a healthy sample resets the run', () => {
  let state = evaluateKillRule(rule, { breachingSince: null }, bad, 0).state;
  state = evaluateKillRule(rule, state, good, 4 * MIN).state;
  expect(state.breachingSince).toBeNull();
  const d = evaluateKillRule(rule, evaluateKillRule(rule, state, bad, 5 * MIN).state, bad, 9 * MIN);
  expect(d.kill).toBe(false);
  expect(evaluateKillRule(rule, d.state, bad, 10 * MIN).kill).toBe(true);
});

test('the limit itself is not a breach', () => {
  expect(
    evaluateKillRule(rule, { breachingSince: null }, { n: 100, errors: 10 }, 0).state.breachingSince,
  ).toBeNull();
});

test('a sample below minSamples neither extends nor breaks the run', () => {
  const started = evaluateKillRule(rule, { breachingSince: null }, bad, 0).state;
  const quiet = evaluateKillRule(rule, started, { n: 5, errors: 0 }, 3 * MIN);
  expect(quiet.state).toEqual({ breachingSince: 0 });
  expect(quiet.errorRate).toBeNull();
  expect(evaluateKillRule(rule, quiet.state, { n: 3, errors: 3 }, 5 * MIN).kill).toBe(true);
  expect(evaluateKillRule(rule, { breachingSince: null }, { n: 3, errors: 3 }, 5 * MIN).kill).toBe(false);
});

test('silence or a small healthy sample after the duration does not fire the run', () => {
  const started = evaluateKillRule(rule, { breachingSince: null }, bad, 0).state;
  for (const sample of [
    { n: 0, errors: 0 },
    { n: 5, errors: 0 },
    { n: 10, errors: 1 },
  ]) {
    const d = evaluateKillRule(rule, started, sample, 6 * MIN);
    expect(d.kill, JSON.stringify(sample)).toBe(false);
    expect(d.state).toEqual({ breachingSince: 0 });
  }
  expect(evaluateKillRule(rule, started, { n: 10, errors: 2 }, 6 * MIN).kill).toBe(true);
});

test('invalid rules and samples are typed errors naming the field', () => {
  expect(() => evaluateKillRule({ ...rule, maxErrorRate: 1 }, { breachingSince: null }, good, 0)).toThrow(
    'maxErrorRate must be in [0, 1), got 1',
  );
  expect(() => evaluateKillRule({ ...rule, for: 'five' }, { breachingSince: null }, good, 0)).toThrow(
    KillRuleError,
  );
  expect(() => evaluateKillRule(rule, { breachingSince: null }, { n: 5, errors: 6 }, 0)).toThrow(
    MetricSnapshotError,
  );
  expect(() => evaluateKillRule(rule, { breachingSince: null }, { n: 5, errors: 6 }, 0)).toThrow(
    'snapshot.errors must be an integer in [0, n = 5], got 6',
  );
});
