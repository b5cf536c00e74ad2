import { FlagSet, murmur3Utf8 } from '@switchyard/core';
import { describe, expect, test } from 'vitest';

function flagWith(
  targeting: unknown,
  variants: Record<string, unknown> = { a: 'a', b: 'b', c: 'c', d: 'd' },
) {
  return FlagSet.parse({
    flags: { f: { state: 'ENABLED', variants, defaultVariant: Object.keys(variants)[0], targeting } },
  });
}

const suits = { clubs: 'clubs', diamonds: 'diamonds', hearts: 'hearts', spades: 'spades' };
const suitSplit = (key: unknown) => ({
  fractional: [key, ['clubs', 25], ['diamonds', 25], ['hearts', 25], ['spades', 25]],
});

describe('fractional (v2)', () => {
  test.each([
    ['jack', 'hearts'],
    ['queen', 'spades'],
    ['ten', 'clubs'],
    ['nine', 'diamonds'],
    ['3', 'clubs'],
  ])('the testbed example %s → %s', (name, expected) => {
    const set = FlagSet.parse({
      flags: {
        'fractional-flag': {
          state: 'ENABLED',
          variants: suits,
          defaultVariant: 'clubs',
          targeting: suitSplit({ cat: [{ var: '$flagd.flagKey' }, { var: 'user.name' }] }),
        },
      },
    });
    const details = set.resolve('fractional-flag', { user: { name: name } });
    expect(details).toMatchObject({ variant: expected, reason: 'TARGETING_MATCH' });
  });

  test('shorthand buckets on flagKey + targetingKey with no separator', () => {
    const set = FlagSet.parse({
      flags: {
        'fractional-flag-shorthand': {
          state: 'ENABLED',
          variants: { heads: 'heads', tails: 'tails' },
          defaultVariant: 'heads',
          targeting: { fractional: [['heads'], ['tails', 1]] },
        },
      },
    });
    expect(set.resolve('fractional-flag-shorthand', { targetingKey: 'jon@company.com' }).variant).toBe(
      'heads',
    );
    expect(set.resolve('fractional-flag-shorthand', { targetingKey: 'jane@company.com' }).variant).toBe(
      'tails',
    );
  });

  test.each([
    ['ejOoVL', 'lower'],
    ['bY9fO-', 'lower'],
    ['SI7p-', 'lower'],
    ['6LvT0', 'upper'],
    ['ceQdGm', 'upper'],
  ])('treats the hash as unsigned: %s → %s', (key, expected) => {
    const set = flagWith(
      { fractional: [{ var: 'k' }, ['lower', 50], ['upper', 50]] },
      { lower: 'l', upper: 'u' },
    );
    expect(set.resolve('f', { k: key }).variant).toBe(expected);
  });

  test('hashes non-ASCII keys as UTF-8 bytes (matches flagd Go, not UTF-16 hashers)', () => {
    const set = flagWith({ fractional: [{ var: 'k' }, ['a', 1], ['b', 1], ['c', 1], ['d', 1]] });
    for (const key of ['café', 'ユーザー', '😀-user', 'Zoë']) {
      const bucket = Number((BigInt(murmur3Utf8(key)) * 4n) >> 32n);
      expect(set.resolve('f', { k: key }).variant).toBe(['a', 'b', 'c', 'd'][bucket]);
    }
  });

  test('a missing, empty or non-string targeting key gives no bucket: the default variant', () => {
    const set = flagWith({
      fractional: [
        ['a', 50],
        ['b', 50],
      ],
    });
    for (const ctx of [{}, { targetingKey: '' }, { targetingKey: 12345 }, { targetingKey: null }]) {
      expect(set.resolve('f', ctx as never)).toMatchObject({ variant: 'a', reason: 'DEFAULT' });
    }
  });

  test('a null explicit key is dropped and the implicit key is used (flagd Go)', () => {
    const set = flagWith({ fractional: [{ var: 'missing' }, ['a', 50], ['b', 50]] });
    const implicit = flagWith({
      fractional: [
        ['a', 50],
        ['b', 50],
      ],
    });
    for (const targetingKey of ['u1', 'u2', 'u3', 'u4', 'u5', 'u6']) {
      expect(set.resolve('f', { targetingKey }).variant).toBe(
        implicit.resolve('f', { targetingKey }).variant,
      );
    }
    expect(set.resolve('f', {}).reason).toBe('DEFAULT');
  });

  test('weights: default 1, negatives count as 0, zero total or non-integers give the default', () => {
    expect(
      flagWith({ fractional: [{ var: 'k' }, ['a', -5], ['b', 5]] }).resolve('f', { k: 'x' }).variant,
    ).toBe('b');
    expect(flagWith({ fractional: [{ var: 'k' }, ['a', 0], ['b', 0]] }).resolve('f', { k: 'x' }).reason).toBe(
      'DEFAULT',
    );
    expect(
      flagWith({ fractional: [{ var: 'k' }, ['a', 1.5], ['b', 1]] }).resolve('f', { k: 'x' }).reason,
    ).toBe('DEFAULT');
    expect(
      flagWith({ fractional: [{ var: 'k' }, ['a', '25'], ['b', 1]] }).resolve('f', { k: 'x' }).reason,
    ).toBe('DEFAULT');
    expect(flagWith({ fractional: [{ var: 'k' }, ['c']] }).resolve('f', { k: 'x' }).variant).toBe('c');
  });

  test('large weights use exact 64-bit arithmetic, and a total above 2^31-1 gives the default', () => {
    const max = 2147483647;
    const big = flagWith({ fractional: [{ var: 'k' }, ['a', max - 1], ['b', 1]] });
    // ceQdGm hashes to 2^32-1: bucket (2^32-1)(2^31-1) >> 32 = 2^31-2, the last unit, which belongs to b.
    expect(big.resolve('f', { k: 'ceQdGm' }).variant).toBe('b');
    expect(big.resolve('f', { k: 'ejOoVL' }).variant).toBe('a');
    const over = flagWith({ fractional: [{ var: 'k' }, ['a', max], ['b', 1]] });
    expect(over.resolve('f', { k: 'x' }).reason).toBe('DEFAULT');
  });

  test('weights and variant names may be computed by JSON Logic at evaluation time', () => {
    const set = flagWith({
      fractional: [{ var: 'k' }, [{ if: [{ var: 'vip' }, 'c', 'a'] }, { var: 'w' }], ['b', 0]],
    });
    expect(set.resolve('f', { k: 'x', vip: true, w: 10 }).variant).toBe('c');
    expect(set.resolve('f', { k: 'x', vip: false, w: 10 }).variant).toBe('a');
    expect(set.resolve('f', { k: 'x', vip: false, w: 0 }).reason).toBe('DEFAULT');
  });

  test('a boolean bucket name maps to the variant "true"/"false"', () => {
    const set = flagWith({ fractional: [{ var: 'k' }, [true, 1]] }, { true: 'yes', false: 'no' });
    expect(set.resolve('f', { k: 'x' })).toMatchObject({ variant: 'true', value: 'yes' });
  });
});
