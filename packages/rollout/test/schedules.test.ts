import { planSteps, type RolloutPlan, type Schedule, WEIGHT_TOTAL } from '@switchyard/rollout';
import { expect, test } from 'vitest';

const planWith = (schedule: Schedule, rings?: RolloutPlan['rings']): RolloutPlan => ({
  variant: 'on',
  control: 'off',
  schedule,
  guardrails: [],
  ...(rings ? { rings } : {}),
});
const weights = (schedule: Schedule) => planSteps(planWith(schedule)).steps.map((s) => s.weight);

test('exponential doubles from 1% and ends at 100%', () => {
  expect(weights({ shape: 'exponential', start: 1, factor: 2, interval: '10m' })).toEqual([
    1, 2, 4, 8, 16, 32, 64, 100,
  ]);
});

test('exponential with a fractional start and a max below 100', () => {
  expect(weights({ shape: 'exponential', start: 0.5, factor: 3, max: 50, interval: '1h' })).toEqual([
    0.5, 1.5, 4.5, 13.5, 40.5, 50,
  ]);
});

test('exponential always moves at least one basis point, even when the factor rounds away', () => {
  // 0.01% × 1.2 = 0.012% rounds back to 0.01%; the step is forced up to 0.02%.
  expect(weights({ shape: 'exponential', start: 0.01, factor: 1.2, max: 0.05, interval: '1s' })).toEqual([
    0.01, 0.02, 0.03, 0.04, 0.05,
  ]);
});

test('linear adds the step and caps at max', () => {
  expect(weights({ shape: 'linear', start: 10, step: 20, interval: '1d' })).toEqual([
    10, 30, 50, 70, 90, 100,
  ]);
  expect(weights({ shape: 'linear', start: 5, step: 5, max: 20, interval: '1d' })).toEqual([5, 10, 15, 20]);
});

test('s-curve from 1% to 100% over ten intervals, k = 10', () => {
  // round(100 + 9900·(σ(10(x − ½)) − σ(−5)) / (σ(5) − σ(−5))) / 100 for x = i/10, computed in Python.
  const ramp = weights({ shape: 's-curve', start: 1, duration: '100m', interval: '10m' });
  expect(ramp).toEqual([1, 2.13, 5.09, 12.29, 27.31, 50.5, 73.69, 88.71, 95.91, 98.87, 100]);
  // The logistic is point-symmetric about its midpoint: w(x) + w(1 − x) = start + end.
  for (let i = 0; i <= 10; i++) expect(Math.round((ramp[i]! + ramp[10 - i]!) * 100)).toBe(10100);
});

test('s-curve with its own end, steepness and a duration that is not a multiple of the interval', () => {
  // start 0.5, end 50, k 4, 6 samples (55m / 10m rounded up), the last one at end.
  const ramp = weights({ shape: 's-curve', start: 0.5, end: 50, k: 4, duration: '55m', interval: '10m' });
  expect(ramp[0]).toBe(0.5);
  expect(ramp[ramp.length - 1]).toBe(50);
  expect(ramp).toHaveLength(7);
});

test('s-curve steps that round to the same weight are merged, so weights strictly grow', () => {
  const ramp = weights({ shape: 's-curve', start: 99, end: 100, duration: '100m', interval: '1m' });
  for (let i = 1; i < ramp.length; i++) expect(ramp[i]!).toBeGreaterThan(ramp[i - 1]!);
  expect(ramp.length).toBeLessThan(101);
});

test('custom steps are used as given', () => {
  expect(weights({ shape: 'custom', steps: [1, 5, 25, 50, 100], interval: '30s' })).toEqual([
    1, 5, 25, 50, 100,
  ]);
});

test('every step is an integer weight over 10,000', () => {
  const { steps } = planSteps(planWith({ shape: 'exponential', start: 0.25, factor: 1.7, interval: '1m' }));
  for (const step of steps) {
    expect(Number.isInteger(step.basisPoints)).toBe(true);
    expect(step.basisPoints).toBe(Math.round(step.weight * 100));
    expect(step.basisPoints).toBeLessThanOrEqual(WEIGHT_TOTAL);
  }
});

test('rings come first, each a step of its own, then the percentages with every ring kept', () => {
  const plan = planWith({ shape: 'custom', steps: [10, 100], interval: '1h' }, [
    { name: 'internal', segment: 'employees' },
    { name: 'beta', condition: { in: ['beta', { var: 'groups' }] } },
  ]);
  const { steps, earliestCompletionAt, intervalMs } = planSteps(plan, 1_000_000);
  expect(steps.map((s) => [s.kind, s.ring ?? null, s.rings, s.weight])).toEqual([
    ['ring', 'internal', ['internal'], 0],
    ['ring', 'beta', ['internal', 'beta'], 0],
    ['percentage', null, ['internal', 'beta'], 10],
    ['percentage', null, ['internal', 'beta'], 100],
  ]);
  expect(intervalMs).toBe(3_600_000);
  expect(steps.map((s) => s.earliestAt)).toEqual([0, 1, 2, 3].map((i) => 1_000_000 + i * 3_600_000));
  expect(earliestCompletionAt).toBe(1_000_000 + 4 * 3_600_000);
});
