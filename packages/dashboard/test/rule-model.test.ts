import { FlagSet } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import {
  fromTargeting,
  movedShare,
  parseValue,
  type RuleSet,
  toTargeting,
} from '../src/screens/flag/rule-model.js';

// The builder's model and flagd JSON Logic must say the same thing both ways: what the builder
// writes reads back identically, and what it cannot express is left to the JSON editor.

const CASES: { name: string; rules: RuleSet; json: unknown }[] = [
  { name: 'no targeting', rules: { rules: [], fallback: null }, json: null },
  {
    name: 'one condition, default fallback',
    rules: {
      rules: [
        {
          conditions: [{ type: 'attribute', attribute: 'email', operator: 'ends_with', value: '@acme.test' }],
          outcome: { type: 'variant', variant: 'on' },
        },
      ],
      fallback: null,
    },
    json: { if: [{ ends_with: [{ var: 'email' }, '@acme.test'] }, 'on'] },
  },
  {
    name: 'segment and list, then a split for everyone else',
    rules: {
      rules: [
        {
          conditions: [
            { type: 'segment', segment: 'staff' },
            { type: 'attribute', attribute: 'country', operator: 'in', value: ['fr', 'de'] },
          ],
          outcome: { type: 'variant', variant: 'on' },
        },
      ],
      fallback: {
        type: 'split',
        weights: [
          ['on', 10],
          ['off', 90],
        ],
      },
    },
    json: {
      if: [
        { and: [{ $ref: 'staff' }, { in: [{ var: 'country' }, ['fr', 'de']] }] },
        'on',
        {
          fractional: [
            ['on', 10],
            ['off', 90],
          ],
        },
      ],
    },
  },
  {
    name: 'semver, contains and numbers',
    rules: {
      rules: [
        {
          conditions: [
            { type: 'attribute', attribute: 'appVersion', operator: 'sem_ver:>=', value: '2.1.0' },
          ],
          outcome: { type: 'variant', variant: 'on' },
        },
        {
          conditions: [
            { type: 'attribute', attribute: 'email', operator: 'contains', value: 'beta' },
            { type: 'attribute', attribute: 'age', operator: '>=', value: 18 },
          ],
          outcome: { type: 'variant', variant: 'off' },
        },
      ],
      fallback: { type: 'variant', variant: 'off' },
    },
    json: {
      if: [
        { sem_ver: [{ var: 'appVersion' }, '>=', '2.1.0'] },
        'on',
        { and: [{ in: ['beta', { var: 'email' }] }, { '>=': [{ var: 'age' }, 18] }] },
        'off',
        'off',
      ],
    },
  },
  {
    name: 'a split alone',
    rules: {
      rules: [],
      fallback: {
        type: 'split',
        weights: [
          ['on', 50],
          ['off', 50],
        ],
      },
    },
    json: {
      fractional: [
        ['on', 50],
        ['off', 50],
      ],
    },
  },
];

describe('rule builder model', () => {
  for (const c of CASES) {
    it(`${c.name}: writes the JSON Logic and reads it back`, () => {
      expect(toTargeting(c.rules)).toEqual(c.json);
      expect(fromTargeting(c.json as never)).toEqual(c.rules);
    });
  }

  it('writes targeting that core accepts and evaluates as the builder says', () => {
    const targeting = toTargeting(CASES[2]!.rules);
    const document = {
      flags: {
        f: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off', targeting },
      },
      $evaluators: { staff: { ends_with: [{ var: 'email' }, '@acme.test'] } },
    };
    expect(FlagSet.validate(document)).toEqual([]);
    const set = FlagSet.parse(document);
    expect(set.resolve('f', { targetingKey: 'a', email: 'x@acme.test', country: 'fr' }).variant).toBe('on');
    expect(set.resolve('f', { targetingKey: 'a', email: 'x@acme.test', country: 'us' }).reason).toBe(
      'TARGETING_MATCH',
    );
  });

  it('leaves what it cannot show to the JSON editor', () => {
    expect(fromTargeting({ or: [{ '==': [{ var: 'a' }, 1] }] })).toBeUndefined();
    expect(fromTargeting({ if: [{ '!': { var: 'beta' } }, 'on'] })).toBeUndefined();
    expect(fromTargeting({ fractional: [{ var: 'userId' }, ['on', 50], ['off', 50]] })).toBeUndefined();
    expect(fromTargeting({ if: [{ '==': [{ var: 'a' }, { var: 'b' }] }, 'on'] })).toBeUndefined();
  });

  it('types what is typed: numbers and booleans, lists for "is one of", text for versions', () => {
    expect(parseValue('42', '==')).toBe(42);
    expect(parseValue('true', '!=')).toBe(true);
    expect(parseValue('fr, de ,', 'in')).toEqual(['fr', 'de']);
    expect(parseValue('1.2.0', 'sem_ver:>=')).toBe('1.2.0');
    expect(parseValue('007', 'starts_with')).toBe('007');
  });

  it('says how many users a change of split moves', () => {
    expect(
      movedShare(
        [
          ['on', 10],
          ['off', 90],
        ],
        [
          ['on', 25],
          ['off', 75],
        ],
      ),
    ).toBe(15);
    expect(
      movedShare(
        [
          ['on', 1],
          ['off', 1],
        ],
        [
          ['on', 50],
          ['off', 50],
        ],
      ),
    ).toBe(0);
    expect(
      movedShare(
        [
          ['a', 50],
          ['b', 50],
        ],
        [
          ['a', 50],
          ['b', 25],
          ['c', 25],
        ],
      ),
    ).toBe(25);
  });
});
