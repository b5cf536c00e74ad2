import { describe, expect, it } from 'vitest';
import {
  guardrailBody,
  move,
  newGuardrail,
  ringBody,
  typedNumber,
} from '../src/screens/rollouts/plan-drafts.js';
import {
  initialPlanForm,
  messagesAt,
  type PlanForm,
  planPointer,
  planRequest,
  previewPlan,
} from '../src/screens/rollouts/rollout-plan-form.js';

// The start form's model: what it sends is exactly the API's plan, and its problems are the ones
// @switchyard/rollout's validation (the server's own) finds, at the pointer of the field typed in.

const form = (patch: Partial<PlanForm> = {}) =>
  initialPlanForm({ flag: 'checkout', variant: 'on', control: 'off', ...patch });

describe('planRequest', () => {
  it('sends the default form as an exponential ramp with one error-rate guardrail', () => {
    expect(planRequest(form()).body).toEqual({
      flag: 'checkout',
      variant: 'on',
      control: 'off',
      schedule: { shape: 'exponential', start: 1, factor: 2, interval: '10m' },
      guardrails: [{ metric: 'error-rate', max: 0.05, onBreach: 'rollback' }],
      minSamples: 100,
    });
  });

  it('sends rings in order and each guardrail kind with its own fields', () => {
    const threshold = {
      ...newGuardrail('threshold'),
      metric: 'latency-p95',
      max: '300',
      onBreach: 'pause' as const,
    };
    const prometheus = { ...newGuardrail('prometheus'), query: 'q{variant="{{variant}}"}', min: '2' };
    const regression = {
      ...newGuardrail('regression'),
      metric: 'latency-mean',
      increaseKind: 'relative' as const,
      increase: '0.1',
      alpha: '0.01',
      plannedSampleSize: '20000',
    };
    const body = planRequest(
      form({
        safeVariant: 'legacy',
        shape: 's-curve',
        start: '1',
        end: '50',
        duration: '1d',
        k: '6',
        interval: '1h',
        minSamples: '',
        rings: [
          { id: 1, name: 'staff', audience: 'segment', segment: 'employees', condition: '' },
          {
            id: 2,
            name: 'beta',
            audience: 'condition',
            segment: 'x',
            condition: '{"in":["beta",{"var":"groups"}]}',
          },
        ],
        guardrails: [threshold, prometheus, regression],
      }),
    ).body;
    expect(body).toEqual({
      flag: 'checkout',
      variant: 'on',
      control: 'off',
      safeVariant: 'legacy',
      schedule: { shape: 's-curve', start: 1, end: 50, duration: '1d', k: 6, interval: '1h' },
      rings: [
        { name: 'staff', segment: 'employees' },
        { name: 'beta', condition: { in: ['beta', { var: 'groups' }] } },
      ],
      guardrails: [
        { metric: 'latency-p95', max: 300, onBreach: 'pause' },
        { prometheus: 'q{variant="{{variant}}"}', min: 2, onBreach: 'rollback' },
        {
          metric: 'latency-mean',
          maxRelativeIncrease: 0.1,
          alpha: 0.01,
          plannedSampleSize: 20000,
          onBreach: 'rollback',
        },
      ],
    });
  });

  it('reads custom steps separated by commas or spaces', () => {
    expect(planRequest(form({ shape: 'custom', steps: '1, 5 25,50  100' })).body.schedule).toEqual({
      shape: 'custom',
      steps: [1, 5, 25, 50, 100],
      interval: '10m',
    });
  });
});

describe('previewPlan', () => {
  it('puts ring steps first, at 0% for everyone else, each held one interval', () => {
    const result = previewPlan(
      form({
        shape: 'linear',
        start: '25',
        step: '25',
        interval: '1h',
        rings: [
          { id: 1, name: 'staff', audience: 'segment', segment: 'employees', condition: '' },
          { id: 2, name: 'beta', audience: 'segment', segment: 'beta', condition: '' },
        ],
      }),
      1_000,
    );
    if (!('preview' in result)) throw new Error(JSON.stringify(result.issues));
    expect(result.preview.steps.map((s) => [s.kind, s.weight, s.rings.join('+'), s.earliestAt])).toEqual([
      ['ring', 0, 'staff', 1_000],
      ['ring', 0, 'staff+beta', 1_000 + 3_600_000],
      ['percentage', 25, 'staff+beta', 1_000 + 2 * 3_600_000],
      ['percentage', 50, 'staff+beta', 1_000 + 3 * 3_600_000],
      ['percentage', 75, 'staff+beta', 1_000 + 4 * 3_600_000],
      ['percentage', 100, 'staff+beta', 1_000 + 5 * 3_600_000],
    ]);
  });

  it('names a bad guardrail threshold at its own field', () => {
    const guardrail = { ...newGuardrail('threshold'), max: '1.5' };
    const result = previewPlan(form({ guardrails: [guardrail] }));
    expect('preview' in result).toBe(false);
    expect(messagesAt(result.issues, '/guardrails/0/max')).toEqual([
      'guardrails[0].max is an error rate and must be in [0, 1], got 1.5',
    ]);
  });

  it('names text where a number belongs, a missing regression bound and a bad interval', () => {
    const regression = { ...newGuardrail('regression'), increase: '' };
    const result = previewPlan(form({ factor: 'two', interval: '10 minutes', guardrails: [regression] }));
    expect(messagesAt(result.issues, '/schedule/factor')).toEqual([
      'schedule.factor must be a finite number, got "two"',
    ]);
    expect(messagesAt(result.issues, '/schedule/interval')[0]).toMatch(/duration like "30s"/);
    expect(messagesAt(result.issues, '/guardrails/0/maxIncrease')[0]).toMatch(/finite number/);
  });

  it('says a ring condition is not JSON once, at the condition, and names duplicate rings', () => {
    const result = previewPlan(
      form({
        rings: [
          { id: 1, name: 'a', audience: 'condition', segment: '', condition: '{"in": [' },
          { id: 2, name: 'a', audience: 'segment', segment: 'staff', condition: '' },
        ],
      }),
    );
    expect(messagesAt(result.issues, '/rings/0/condition')[0]).toMatch(/^not valid JSON/);
    expect(messagesAt(result.issues, '/rings/0')).toEqual([]);
    expect(messagesAt(result.issues, '/rings/1/name')).toEqual([
      'rings[1].name "a" is used by an earlier ring',
    ]);
  });

  it('refuses rolling out the control itself', () => {
    const result = previewPlan(form({ control: 'on' }));
    expect(messagesAt(result.issues, '/control')).toEqual(['control must differ from variant ("on")']);
  });
});

describe('drafts', () => {
  it('keeps text that is not a number, so validation can name it', () => {
    expect([typedNumber(''), typedNumber(' 0.5 '), typedNumber('abc')]).toEqual([undefined, 0.5, 'abc']);
  });

  it('sends an absolute regression as maxIncrease and an empty one as a named problem', () => {
    expect(guardrailBody({ ...newGuardrail('regression'), increase: '0.02' })).toEqual({
      metric: 'error-rate',
      maxIncrease: 0.02,
      onBreach: 'rollback',
    });
    expect(guardrailBody({ ...newGuardrail('regression'), increase: ' ' }).maxIncrease).toBe('');
  });

  it('needs a condition for a condition ring', () => {
    expect(
      ringBody({ id: 1, name: 'b', audience: 'condition', segment: '', condition: ' ' }, 3).issue,
    ).toEqual({
      path: '/rings/3/condition',
      message: 'rings[3].condition is required: a JSON Logic object',
    });
  });

  it('moves a ring up and down, and not past either end', () => {
    expect(move(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(move(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(move(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(move(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });

  it("reads the server's /body pointers as the form's", () => {
    expect(planPointer('/body/rings/0/segment')).toBe('/rings/0/segment');
    expect(planPointer('/params/env')).toBe('/params/env');
  });
});
