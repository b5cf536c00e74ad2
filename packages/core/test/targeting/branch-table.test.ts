import { FlagSet, type JsonValue } from '@switchyard/core';
import { describe, expect, test } from 'vitest';

// A flag whose targeting is an `if` with literal branches runs as a branch table (attribute tests
// compared inline). Its twin names the same variants through `cat`, which is not a literal, so the
// twin takes the general compiled path: each pair must resolve identically.

const x = { var: 'x' };
const y = { var: 'y' };

const TESTS: JsonValue[] = [
  { '==': [x, 'US'] },
  { '==': [x, '5'] },
  { '==': [x, 5] },
  { '==': [x, false] },
  { '!=': [x, 'US'] },
  { '!=': [x, 0] },
  { '!=': [x, '5'] },
  { '===': [x, 'US'] },
  { '!==': [x, 0] },
  { in: [x, ['a']] },
  { in: [x, ['a', 'b']] },
  { in: [x, ['a', 5, true, 'US']] },
  { in: [x, ['a', 'b', 'c', 'd', 5, false, '']] },
  { in: [x, ['a', 'b', 'c', 'd', 'e', 'US', 'US', '']] },
  { in: [x, [...Array.from({ length: 600 }, (_, i) => `id-${i}`), 'abc']] },
  { in: [x, []] },
  { in: [x, ['a', null]] },
  { in: [x, 'abcUS'] },
  { starts_with: [x, 'ab'] },
  { ends_with: [x, 'bc'] },
  { ends_with: [x, ''] },
  { starts_with: [x, 5] },
  { '==': [y, 'US'] },
  { in: [y, ['b', 'US']] },
  { var: 'y' },
];

const NEVER_HOLDS: JsonValue[] = [{ in: [x, []] }, { starts_with: [x, 5] }];

const VALUES: unknown[] = [
  undefined,
  null,
  '',
  'US',
  'a',
  'b',
  'abc',
  5,
  '5',
  0,
  false,
  true,
  [],
  ['a'],
  ['US'],
  {},
];

function literalBranches(conditions: JsonValue[], otherwise?: JsonValue): JsonValue {
  const args: JsonValue[] = [];
  for (const [i, condition] of conditions.entries()) args.push(condition, `v${i}`);
  if (otherwise !== undefined) args.push(otherwise);
  return { if: args };
}

function twin(conditions: JsonValue[], otherwise?: JsonValue): JsonValue {
  const args: JsonValue[] = [];
  for (const [i, condition] of conditions.entries()) args.push(condition, { cat: [`v${i}`] });
  if (otherwise !== undefined) args.push(otherwise);
  return { if: args };
}

const SHAPES: Array<{ conditions: JsonValue[]; otherwise?: JsonValue }> = [];
for (const a of TESTS) {
  SHAPES.push({ conditions: [a], otherwise: 'else' });
  SHAPES.push({ conditions: [{ and: [a, { '==': [y, 'US'] }] }], otherwise: 'else' });
  SHAPES.push({ conditions: [{ or: [{ in: [y, ['b']] }, a] }] });
  SHAPES.push({
    conditions: [{ and: [{ '!=': [y, 'a'] }, a, { var: 'y' }] }, { or: [a] }, { and: [a] }],
    otherwise: { cat: ['else'] },
  });
}

function flagFor(targeting: JsonValue): JsonValue {
  const variants: Record<string, string> = { else: 'else' };
  for (let i = 0; i < 3; i++) variants[`v${i}`] = `v${i}`;
  return { state: 'ENABLED', variants, defaultVariant: 'else', targeting };
}

describe('an if with literal branches resolves as its general twin', () => {
  const flags: Record<string, JsonValue> = {};
  SHAPES.forEach(({ conditions, otherwise }, i) => {
    flags[`table-${i}`] = flagFor(literalBranches(conditions, otherwise));
    flags[`twin-${i}`] = flagFor(twin(conditions, otherwise));
  });
  const set = FlagSet.parse({ flags });

  test.each(SHAPES.map((shape, i) => [i, JSON.stringify(shape)]))('shape %i: %s', (i) => {
    const seen = new Set<string | undefined>();
    for (const xv of VALUES) {
      for (const yv of VALUES) {
        const ctx: Record<string, unknown> = {};
        if (xv !== undefined) ctx.x = xv;
        if (yv !== undefined) ctx.y = yv;
        const got = set.resolve(`table-${i}`, ctx as never);
        expect(got).toEqual(set.resolve(`twin-${i}`, ctx as never));
        seen.add(got.variant);
      }
    }
    // Every shape answers at least two ways on these values (so the comparison is not vacuous),
    // except an `and` or single test of a test that never holds.
    const text = JSON.stringify(SHAPES[i]!.conditions);
    const neverHolds = i % 4 !== 2 && NEVER_HOLDS.some((never) => text.includes(JSON.stringify(never)));
    expect(seen.size).toBe(neverHolds ? 1 : Math.max(2, seen.size));
  });
});

test('a branch that names no variant is an error each time, and an else-less if falls back', () => {
  const set = FlagSet.parse({
    flags: {
      f: flagFor({ if: [{ '==': [x, 1] }, 'missing', { '==': [x, 2] }, 'v1'] }),
    },
  });
  for (let i = 0; i < 3; i++) {
    const error = set.resolve('f', { x: 1 });
    expect(error.reason).toBe('ERROR');
    expect(error.errorMessage).toContain('missing');
    expect(set.resolve('f', { x: 2 }).variant).toBe('v1');
    expect(set.resolve('f', { x: 3 })).toMatchObject({ variant: 'else', reason: 'DEFAULT' });
  }
});

test('attributes past the dedicated load sites read correctly', () => {
  const names = Array.from({ length: 40 }, (_, i) => `attribute${i}`);
  const flags: Record<string, JsonValue> = {};
  for (const name of names) flags[name] = flagFor({ if: [{ '==': [{ var: name }, name] }, 'v0', 'v1'] });
  const set = FlagSet.parse({ flags });
  for (const name of names) {
    for (const other of names.slice(0, 5)) {
      expect(set.resolve(name, { [other]: other, [name]: name }).variant).toBe('v0');
      expect(set.resolve(name, { [other]: name }).variant).toBe(other === name ? 'v0' : 'v1');
    }
  }
});
