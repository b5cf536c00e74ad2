import {
  decide,
  type Guardrail,
  type MetricSnapshot,
  pauseRollout,
  planSteps,
  type RolloutPlan,
  type RolloutState,
  resumeRollout,
  startRollout,
  WEIGHT_TOTAL,
} from '@switchyard/rollout';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { T0 } from './support/fixtures.js';

const INTERVAL_MS = 30_000;

const guardrail: fc.Arbitrary<Guardrail> = fc.oneof(
  fc.record({
    metric: fc.constant('error-rate' as const),
    max: fc.double({ min: 0.005, max: 0.3, noNaN: true }),
    onBreach: fc.constantFrom('rollback' as const, 'pause' as const),
  }),
  fc.record({
    metric: fc.constant('error-rate' as const),
    maxIncrease: fc.double({ min: 0, max: 0.05, noNaN: true }),
    onBreach: fc.constantFrom('rollback' as const, 'pause' as const),
  }),
  fc.record({ metric: fc.constant('latency-p95' as const), max: fc.integer({ min: 100, max: 1000 }) }),
  fc.record({ prometheus: fc.constant('q'), max: fc.double({ min: 0, max: 10, noNaN: true }) }),
);

const steps = fc
  .uniqueArray(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 6 })
  .map((bps) => bps.sort((a, b) => a - b).map((bp) => bp / 100));

const plan: fc.Arbitrary<RolloutPlan> = fc
  .record({
    variant: fc.constant('on'),
    control: fc.constant('off'),
    safeVariant: fc.constantFrom(undefined, 'legacy'),
    schedule: fc.oneof(
      steps.map((s) => ({ shape: 'custom' as const, steps: s, interval: '30s' })),
      fc.record({
        shape: fc.constant('exponential' as const),
        start: fc.constantFrom(0.5, 1, 5),
        factor: fc.constantFrom(2, 3, 10),
        interval: fc.constant('30s'),
      }),
    ),
    rings: fc.constantFrom(
      [],
      [{ name: 'internal', segment: 'staff' }],
      [
        { name: 'internal', segment: 'staff' },
        { name: 'beta', condition: { '==': [{ var: 'beta' }, true] } },
      ],
    ),
    guardrails: fc.array(guardrail, { maxLength: 4 }),
    minSamples: fc.integer({ min: 1, max: 400 }),
  })
  .map((p) => (p.safeVariant === undefined ? (({ safeVariant: _, ...rest }) => rest)(p) : p));

const variantMetrics = fc
  .record({
    n: fc.integer({ min: 0, max: 3000 }),
    errorShare: fc.double({ min: 0, max: 0.2, noNaN: true }),
    p95: fc.integer({ min: 50, max: 1200 }),
    q: fc.option(fc.double({ min: 0, max: 12, noNaN: true }), { nil: undefined }),
  })
  .map(({ n, errorShare, p95, q }) => ({
    n,
    errors: Math.floor(n * errorShare),
    latency: { p95 },
    ...(q === undefined ? {} : { prometheus: { q } }),
  }));

const event = fc.record({
  waitMs: fc.integer({ min: 0, max: 2 * INTERVAL_MS }),
  on: variantMetrics,
  off: variantMetrics,
  manual: fc.constantFrom('none', 'none', 'none', 'pause', 'resume'),
});

/** Independent reading of the threshold guardrails on the error rate: which ones a correct policy must see breached. */
function errorRateBreaches(p: RolloutPlan, s: MetricSnapshot) {
  const on = s.variants.on!;
  const minSamples = p.minSamples ?? 100;
  return p.guardrails.filter(
    (g): g is Extract<Guardrail, { max?: number }> =>
      'metric' in g &&
      g.metric === 'error-rate' &&
      'max' in g &&
      g.max !== undefined &&
      on.n >= minSamples &&
      on.errors / on.n > g.max,
  );
}

test('policy invariants over random plans, metrics, clocks and manual pauses', () => {
  fc.assert(
    fc.property(plan, fc.array(event, { minLength: 1, maxLength: 25 }), (p, events) => {
      const { steps: planned } = planSteps(p);
      const safe = p.safeVariant ?? p.control;
      const minSamples = p.minSamples ?? 100;
      let state: RolloutState = startRollout(p, T0);
      let now = T0;
      let weight = 0;
      let ringCount = planned[0]!.rings.length;
      for (const e of events) {
        now += e.waitMs;
        if (e.manual === 'pause' && state.status === 'running') state = pauseRollout(state, 'manual');
        if (e.manual === 'resume' && state.status === 'paused') state = resumeRollout(state, now);
        const snapshot = { variants: { on: e.on, off: e.off } };
        const before = state;
        const d = decide(p, before, snapshot, now);
        const progressed = d.action === 'advance' || d.action === 'complete';

        if (before.status === 'running' || before.status === 'paused') {
          // A rollback always targets the safe variant, with everyone on it.
          if (d.action === 'rollback') {
            expect(d.rollbackTo).toBe(safe);
            expect(d.split).toEqual({ [safe]: WEIGHT_TOTAL });
            expect(d.state.status).toBe('rolled-back');
          } else {
            // Weights and rings only grow while a rollout runs.
            expect(d.split.on!).toBeGreaterThanOrEqual(weight);
            expect(d.rings.length).toBeGreaterThanOrEqual(ringCount);
            weight = d.split.on!;
            ringCount = d.rings.length;
          }
        }
        // A paused rollout never advances.
        if (before.status === 'paused') expect(['hold', 'rollback']).toContain(d.action);
        // A finished rollout never changes.
        if (before.status === 'completed' || before.status === 'rolled-back') {
          expect(d.action).toBe('hold');
          expect(d.state).toBe(before);
        }
        // A breach always wins over a due advance.
        const mustBreach = errorRateBreaches(p, snapshot);
        if (before.status === 'running' || before.status === 'paused') {
          if (mustBreach.some((g) => (g.onBreach ?? 'rollback') === 'rollback'))
            expect(d.action).toBe('rollback');
          if (mustBreach.length > 0) expect(progressed).toBe(false);
        }
        if (d.evidence.guardrails.some((g) => g.status === 'breach')) expect(progressed).toBe(false);
        if (progressed) {
          // Not enough samples never advances, and a step is held at least its interval.
          expect(e.on.n).toBeGreaterThanOrEqual(minSamples);
          expect(now - before.stepStartedAt).toBeGreaterThanOrEqual(INTERVAL_MS);
          const step = planned[before.stepIndex]!;
          for (const g of d.evidence.guardrails) {
            if (g.kind === 'regression' && step.basisPoints < WEIGHT_TOTAL)
              expect(e.off.n).toBeGreaterThanOrEqual(minSamples);
          }
        }
        if (d.action === 'complete') {
          // Completion only at the last step, after every guardrail passed there.
          expect(before.stepIndex).toBe(planned.length - 1);
          for (const g of d.evidence.guardrails) {
            expect(['pass', 'not-applicable']).toContain(g.status);
            if (g.status === 'not-applicable')
              expect(planned[before.stepIndex]!.basisPoints).toBe(WEIGHT_TOTAL);
          }
        }
        if (d.action === 'advance') expect(d.state.stepIndex).toBe(before.stepIndex + 1);
        state = d.state;
      }
    }),
    { numRuns: 400 },
  );
});

test('a healthy rollout reaches completion in exactly one decision per step', () => {
  fc.assert(
    fc.property(plan, (p) => {
      const healthy: RolloutPlan = { ...p, guardrails: [] };
      const n = healthy.minSamples ?? 100;
      const snapshot = { variants: { on: { n, errors: 0 }, off: { n, errors: 0 } } };
      const { steps: planned } = planSteps(healthy);
      let state = startRollout(healthy, T0);
      let now = T0;
      for (let i = 0; i < planned.length; i++) {
        now += INTERVAL_MS;
        const d = decide(healthy, state, snapshot, now);
        expect(d.action).toBe(i === planned.length - 1 ? 'complete' : 'advance');
        state = d.state;
      }
      expect(state.status).toBe('completed');
    }),
    { numRuns: 200 },
  );
});
