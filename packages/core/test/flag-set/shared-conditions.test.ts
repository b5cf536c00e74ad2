import { FlagSet, type JsonValue } from '@switchyard/core';
import { expect, test } from 'vitest';
import { fnv1a } from '../../src/hashing/fnv1a.js';
import { flagIndependent, SharedConditions } from '../../src/targeting/shared-conditions.js';

// Flags of one set that write the same condition share its compiled form. Sharing must never change
// an answer: every flag resolves in a set full of look-alikes exactly as it does alone, including
// the conditions that read the flag's own key ($flagd.flagKey, fractional), which are never shared.

const email = { var: 'email' };
const CONDITIONS: JsonValue[] = [
  { ends_with: [email, '@corp.example'] },
  { '==': [{ var: 'plan' }, 'premium'] },
  { in: [{ var: 'country' }, ['DE', 'FR', 'NL']] },
  { and: [{ sem_ver: [{ var: 'version' }, '>=', '2.0.0'] }, { '==': [{ var: 'country' }, 'DE'] }] },
  { '==': [{ var: '$flagd.flagKey' }, 'flag-1'] },
  { in: ['flag-2', { var: '$flagd.flagKey' }] },
  { in: [{ var: 'targetingKey' }, ['u1', 'u2', 'u3', 'u4', 'u5', 'u6']] },
  { '<': [{ fractional: [{ var: 'targetingKey' }, ['a', 50], ['b', 50]] }, 'b'] },
  { '==': [{ var: '' }, null] },
];

const FRACTIONAL: JsonValue = {
  fractional: [{ cat: [{ var: '$flagd.flagKey' }, { var: 'targetingKey' }] }, ['on', 30], ['off', 70]],
};

function flag(conditions: JsonValue[]): JsonValue {
  const args: JsonValue[] = [];
  for (const condition of conditions) args.push(condition, 'on');
  args.push(FRACTIONAL);
  return {
    state: 'ENABLED',
    variants: { on: true, off: false },
    defaultVariant: 'off',
    targeting: { if: args },
  };
}

const CONTEXTS = Array.from({ length: 60 }, (_, i) => ({
  targetingKey: `u${i}`,
  email: i % 7 === 0 ? `user${i}@corp.example` : `user${i}@mail.example`,
  plan: i % 5 === 0 ? 'premium' : 'free',
  country: ['DE', 'US', 'FR'][i % 3]!,
  version: `${i % 4}.1.0`,
}));

test('each flag resolves in a set of look-alikes as it does alone', () => {
  const flags: Record<string, JsonValue> = {};
  // Rotations of the same conditions: alike in places, different in others, four flags of each.
  for (let i = 0; i < 36; i++) {
    const start = i % CONDITIONS.length;
    const conditions = [...CONDITIONS.slice(start), ...CONDITIONS.slice(0, start)].slice(0, 1 + (i % 5));
    flags[`flag-${i}`] = flag(conditions);
  }
  const together = FlagSet.parse({ flags });
  const variants = new Set<string | undefined>();
  for (const [key, definition] of Object.entries(flags)) {
    const alone = FlagSet.parse({ flags: { [key]: definition } });
    for (const ctx of CONTEXTS) {
      const got = together.resolve(key, ctx);
      expect(got).toEqual(alone.resolve(key, ctx));
      variants.add(`${key} ${got.variant}`);
    }
  }
  // Both variants show for most flags (so the comparison is not vacuous).
  expect(variants.size).toBeGreaterThan(60);
});

test('flags that differ only in their key split differently on the same shared buckets', () => {
  const set = FlagSet.parse({ flags: { x: flag([]), y: flag([]) } });
  const differ = CONTEXTS.filter((ctx) => set.resolve('x', ctx).variant !== set.resolve('y', ctx).variant);
  expect(differ.length).toBeGreaterThan(5);
});

test('a set derived with withFlags shares with its parent and answers alike', () => {
  const base = FlagSet.parse({ flags: { a: flag(CONDITIONS.slice(0, 4)) } });
  const derived = base.withFlags({ b: flag(CONDITIONS.slice(0, 4)), 'flag-1': flag(CONDITIONS.slice(4, 6)) });
  const fresh = FlagSet.parse(derived.document);
  for (const key of ['a', 'b', 'flag-1'])
    for (const ctx of CONTEXTS) expect(derived.resolve(key, ctx)).toEqual(fresh.resolve(key, ctx));
  expect(derived.resolve('flag-1', CONTEXTS[1]!).variant).toBe('on');
});

test('only plain JSON that reads nothing of the flag is shared', () => {
  expect(flagIndependent({ '==': [{ var: 'plan' }, 'premium'] })).toBe(true);
  expect(flagIndependent({ sem_ver: [{ var: 'version' }, '>=', '2.0.0'] })).toBe(true);
  expect(flagIndependent({ '==': [{ var: 'a.b' }, 1.5] })).toBe(true);
  expect(flagIndependent({ '==': [{ var: '$flagd.flagKey' }, 'x'] })).toBe(false);
  expect(flagIndependent({ '==': [{ var: '$flagd' }, 'x'] })).toBe(false);
  expect(flagIndependent({ '==': [{ var: '' }, 'x'] })).toBe(false);
  expect(flagIndependent({ '==': [{ var: [{ cat: ['$flagd', '.flagKey'] }] }, 'x'] })).toBe(false);
  expect(flagIndependent({ fractional: [['a', 1]] })).toBe(false);
  expect(flagIndependent({ $ref: 'shared' })).toBe(false);
  expect(flagIndependent({ missing: ['a'] })).toBe(false);
  expect(flagIndependent({ map: [{ var: 'list' }, { var: '' }] })).toBe(false);
  expect(flagIndependent({ '==': [{ var: 'a' }, Number.NaN] })).toBe(false);
  expect(flagIndependent({ '==': [{ var: 'a' }, new Date(0) as never] })).toBe(false);
  expect(flagIndependent({ '==': [{ var: 'a' }, undefined as never] })).toBe(false);
});

test('an intern table keeps values whose texts share a hash apart, and finds each again', () => {
  // "k32728" and "k261234" have the same 32-bit FNV-1a hash.
  expect(fnv1a('k32728')).toBe(fnv1a('k261234'));
  const table = new SharedConditions().table('names', (value: { name: string }) => value.name);
  const first = { name: 'k32728' };
  const second = { name: 'k261234' };
  const third = { name: 'k0' };
  expect(table.intern(first)).toBe(first);
  expect(table.intern(second)).toBe(second);
  expect(table.intern(third)).toBe(third);
  expect(table.intern({ name: 'k32728' })).toBe(first);
  expect(table.intern({ name: 'k261234' })).toBe(second);
  expect(table.intern({ name: 'k0' })).toBe(third);
});
