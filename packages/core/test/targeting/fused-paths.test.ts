import { FlagSet, type JsonValue } from '@switchyard/core';
import { describe, expect, test } from 'vitest';

// Operators read a plain {"var": name} attribute themselves, and `fractional` keyed on
// cat($flagd.flagKey, …) hashes the flag key once. `{"var": [name, null]}` means the same as
// `{"var": name}` but takes the general path, so each fused rule must resolve exactly as its twin.

const plain = { var: 'x' };
const general = { var: ['x', null] };

const RULES: Array<(x: JsonValue) => JsonValue> = [
  (x) => ({ '==': [x, 'US'] }),
  (x) => ({ '==': [x, 5] }),
  (x) => ({ '==': [x, false] }),
  (x) => ({ '!=': [x, 'US'] }),
  (x) => ({ '===': [x, 'US'] }),
  (x) => ({ '===': [x, 0] }),
  (x) => ({ '!==': [x, 0] }),
  (x) => ({ in: [x, ['a']] }),
  (x) => ({ in: [x, ['a', 'b']] }),
  (x) => ({ in: [x, ['a', 5, true]] }),
  (x) => ({ in: [x, ['a', 'b', 'c', 0]] }),
  (x) => ({ in: [x, ['a', 'b', 'c', 'd', 5, false, '']] }),
  (x) => ({ in: [x, []] }),
  (x) => ({ starts_with: [x, 'ab'] }),
  (x) => ({ ends_with: [x, 'yz'] }),
];

const VALUES: unknown[] = [
  undefined,
  null,
  '',
  'US',
  'us',
  'a',
  'b',
  'd',
  'abc',
  'xyz',
  5,
  '5',
  0,
  -0,
  false,
  true,
  'true',
  Number.NaN,
  [],
  ['a'],
  {},
];

function flagFor(targeting: JsonValue): JsonValue {
  return { state: 'ENABLED', variants: { true: 'yes', false: 'no' }, defaultVariant: 'false', targeting };
}

describe('fused attribute reads resolve exactly as the general path', () => {
  const flags: Record<string, JsonValue> = {};
  RULES.forEach((rule, i) => {
    flags[`fused-${i}`] = flagFor(rule(plain));
    flags[`general-${i}`] = flagFor(rule(general));
  });
  const set = FlagSet.parse({ flags });

  RULES.forEach((rule, i) => {
    test(JSON.stringify(rule(plain)), () => {
      for (const value of VALUES) {
        const context = value === undefined ? {} : { x: value };
        const fused = set.resolve(`fused-${i}`, context as never);
        const twin = set.resolve(`general-${i}`, context as never);
        expect({ value, ...fused }).toEqual({ value, ...twin });
      }
    });
  });

  test('a fused read still sees the attribute inside an iteration body', () => {
    const iterating = FlagSet.parse({
      flags: { f: flagFor({ some: [{ var: 'items' }, { '==': [{ var: 'x' }, 'US'] }] }) },
    });
    expect(iterating.resolve('f', { items: [{ x: 'GB' }, { x: 'US' }] } as never).variant).toBe('true');
    expect(iterating.resolve('f', { items: [{ x: 'GB' }, null] } as never).variant).toBe('false');
  });
});

describe('fractional keyed on cat($flagd.flagKey, …) buckets as the literal key would', () => {
  const buckets = [
    ['a', 25],
    ['b', 50],
    ['c', 25],
  ];
  const keys: unknown[] = [
    undefined,
    null,
    '',
    'user-1',
    'user-12345',
    42,
    'ü',
    'Ünïcødé',
    '😀x',
    '\udc00',
    'a\ud800',
  ];
  for (let i = 0; i < 200; i++) keys.push(`user-${i * 7919}`);

  for (const flagKey of ['s4-nine-rules', 'f', 'flag-ü', 'flag-😀', 'abc']) {
    test(`flag key ${JSON.stringify(flagKey)}`, () => {
      const viaVar = {
        fractional: [{ cat: [{ var: '$flagd.flagKey' }, { var: 'targetingKey' }] }, ...buckets],
      };
      const literal = { fractional: [{ cat: [flagKey, { var: 'targetingKey' }] }, ...buckets] };
      const variants = { a: 'a', b: 'b', c: 'c' };
      const set = FlagSet.parse({
        flags: {
          [flagKey]: { state: 'ENABLED', variants, defaultVariant: 'a', targeting: viaVar },
          [`${flagKey}-literal`]: { state: 'ENABLED', variants, defaultVariant: 'a', targeting: literal },
        },
      });
      const seen = new Set<string>();
      for (const targetingKey of keys) {
        const context = targetingKey === undefined ? {} : { targetingKey };
        const ours = set.resolve(flagKey, context as never);
        const twin = set.resolve(`${flagKey}-literal`, context as never);
        expect({ targetingKey, variant: ours.variant }).toEqual({ targetingKey, variant: twin.variant });
        seen.add(ours.variant!);
      }
      expect([...seen].sort()).toEqual(['a', 'b', 'c']);
    });
  }
});
