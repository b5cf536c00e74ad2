import type { RolloutPlan } from '@switchyard/rollout';
import { describe, expect, it } from 'vitest';
import { baseTargetingOf, composeConfig } from '../../src/flags/managed-slot.js';
import { managedRule } from '../../src/rollouts/managed-targeting.js';

const plan: RolloutPlan = {
  variant: 'on',
  control: 'off',
  schedule: { shape: 'linear', start: 10, step: 10, interval: '1m' },
  rings: [
    { name: 'staff', segment: 'employees' },
    { name: 'beta', condition: { in: ['beta', { var: 'groups' }] } },
  ],
  guardrails: [],
};

describe('the rule a rollout manages', () => {
  it('lists the rolled-out variant first in the split, so a growing weight keeps everyone already in', () => {
    expect(managedRule({ ...plan, rings: [] }, { kind: 'ramp', rings: [], basisPoints: 250 })).toEqual({
      fractional: [
        ['on', 250],
        ['off', 9750],
      ],
    });
  });

  it('serves the open rings the variant in full before the split', () => {
    expect(managedRule(plan, { kind: 'ramp', rings: ['staff', 'beta'], basisPoints: 0 })).toEqual({
      if: [
        { $ref: 'employees' },
        'on',
        { in: ['beta', { var: 'groups' }] },
        'on',
        {
          fractional: [
            ['on', 0],
            ['off', 10_000],
          ],
        },
      ],
    });
  });

  it('serves one variant once the rollout ends', () => {
    expect(managedRule(plan, { kind: 'serve', variant: 'off' })).toBe('off');
  });
});

describe('where the rule goes', () => {
  const rule = {
    fractional: [
      ['on', 100],
      ['off', 9900],
    ],
  };
  const rules = { if: [{ '==': [{ var: 'country' }, 'DE'] }, 'off'] };

  it('is the whole targeting of a flag that has none', () => {
    expect(baseTargetingOf(null, 'off')).toEqual({ base: null });
    expect(composeConfig(null, rule, 'off')).toEqual({ targeting: rule, defaultVariant: 'off' });
    // Ended without targeting of its own: simply the default variant.
    expect(composeConfig(null, 'on', 'off')).toEqual({ targeting: null, defaultVariant: 'on' });
  });

  it('is the fallback of an if chain, its rules kept exactly', () => {
    expect(baseTargetingOf(rules, 'off')).toEqual({ base: rules });
    expect(composeConfig(rules, rule, 'off').targeting).toEqual({ if: [...rules.if, rule] });
    // A fallback that serves nothing or the control is the rollout's to ramp.
    expect(baseTargetingOf({ if: [...rules.if, null] }, 'off')).toEqual({ base: rules });
    expect(baseTargetingOf({ if: [...rules.if, 'off'] }, 'off')).toEqual({ base: rules });
  });

  it('refuses a fallback that serves something else, or targeting that is not an if chain', () => {
    const other = baseTargetingOf({ if: [...rules.if, 'on'] }, 'off');
    expect('problem' in other && other.problem).toContain('serves "on" to everyone');
    const split = baseTargetingOf(
      {
        fractional: [
          ['on', 1],
          ['off', 1],
        ],
      },
      'off',
    );
    expect('problem' in split && split.problem).toContain('not an "if" chain');
  });
});
