import { bucketingV3, type EvaluationContext, FlagSet } from '@switchyard/core';
import { describe, expect, test } from 'vitest';

/** A flag whose targeting returns a context attribute as its variant name. */
const echo = (targeting: unknown = { var: 'color' }) =>
  FlagSet.parse({
    metadata: { flagSetId: 'pathological' },
    flags: {
      echo: { state: 'ENABLED', variants: { red: 'red', blue: 'blue' }, defaultVariant: 'blue', targeting },
      plain: { state: 'ENABLED', variants: { on: true }, defaultVariant: 'on' },
    },
  });

function nestedArray(depth: number): unknown {
  let value: unknown = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

function nestedObject(depth: number): unknown {
  let value: unknown = {};
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

function cyclic(): unknown {
  const value: Record<string, unknown> = { name: 'loop' };
  value.self = value;
  return value;
}

function cyclicArray(): unknown {
  const value: unknown[] = [1];
  value.push(value);
  return value;
}

function throwingGetter(thrown: unknown): EvaluationContext {
  return Object.defineProperty({}, 'color', {
    enumerable: true,
    get() {
      throw thrown;
    },
  });
}

const hostileProxy = new Proxy(
  {},
  {
    get() {
      throw new Error('proxy get');
    },
    getPrototypeOf() {
      throw new Error('proxy getPrototypeOf');
    },
    ownKeys() {
      throw new Error('proxy ownKeys');
    },
    getOwnPropertyDescriptor() {
      throw new Error('proxy descriptor');
    },
  },
);

const MESSAGE_LIMIT = 300;

/** Every way to evaluate the flag answers, with an error bounded in length, and never throws. */
function expectGeneralError(set: FlagSet, context: EvaluationContext): void {
  const details = set.resolveString('echo', 'fallback', context);
  expect(details).toMatchObject({ value: 'fallback', reason: 'ERROR', errorCode: 'GENERAL' });
  expect(details.errorMessage!.length).toBeLessThan(MESSAGE_LIMIT);
  expect(details.flagMetadata).toEqual({ flagSetId: 'pathological' });
  const all = set.resolveAll(context);
  expect(all.get('echo')).toMatchObject({ reason: 'ERROR', errorCode: 'GENERAL' });
  expect(all.get('plain')).toMatchObject({ value: true, reason: 'STATIC' });
  const explained = set.explain('echo', context);
  expect(explained.details).toMatchObject({ reason: 'ERROR', errorCode: 'GENERAL' });
  for (const step of explained.steps) expect(step.message.length).toBeLessThan(MESSAGE_LIMIT * 2);
}

describe('evaluation never throws on pathological context values', () => {
  test.each<[string, () => unknown]>([
    ['a 10,000-deep nested array', () => nestedArray(10_000)],
    ['a 10,000-deep nested object', () => nestedObject(10_000)],
    ['a cyclic object', cyclic],
    ['a cyclic array', cyclicArray],
    [
      'an object whose toJSON throws',
      () => ({
        toJSON: () => {
          throw new Error('toJSON');
        },
      }),
    ],
    ['an object with a throwing getter', () => throwingGetter(new Error('inner'))],
    ['a BigInt', () => 10n ** 30n],
    ['a symbol', () => Symbol('s')],
    ['a function', () => () => 'red'],
    ['a proxy that throws on every trap', () => hostileProxy],
    ['an array of a million items', () => new Array(1_000_000).fill('red')],
  ])('targeting returns %s', (_name, make) => {
    expectGeneralError(echo(), { color: make() });
  });

  test('a huge string naming no variant: the message stays short', () => {
    const color = 'x'.repeat(5_000_000);
    expectGeneralError(echo(), { color });
    expect(echo().resolve('echo', { color }).errorMessage).toMatch(/5000000 characters/);
  });

  test.each<[string, unknown]>([
    ['an Error', new Error('boom')],
    ['a string', 'plain string'],
    ['null', null],
    [
      'an object whose message getter throws',
      {
        get message(): string {
          throw new Error('again');
        },
      },
    ],
    ['an Error whose message is huge', new Error('m'.repeat(1_000_000))],
    ['a hostile proxy', hostileProxy],
  ])('a context getter throws %s: GENERAL, not a throw', (_name, thrown) => {
    expectGeneralError(echo(), throwingGetter(thrown));
  });

  test('the whole context may be hostile: a proxy, a cyclic root, a throwing targetingKey', () => {
    const rootView = echo({ if: [{ var: '' }, 'red', 'blue'] });
    expect(rootView.resolve('echo', hostileProxy as EvaluationContext)).toMatchObject({ reason: 'ERROR' });
    expect(rootView.resolve('echo', cyclic() as EvaluationContext)).toMatchObject({ variant: 'red' });
    const split = echo({
      fractional: [
        ['red', 1],
        ['blue', 1],
      ],
    });
    const key = Object.defineProperty({}, 'targetingKey', {
      get() {
        throw new Error('no key');
      },
    });
    expect(split.resolve('echo', key)).toMatchObject({ reason: 'ERROR', errorCode: 'GENERAL' });
    expect(split.explain('echo', key).details).toMatchObject({ reason: 'ERROR' });
  });

  test('v3 bucketing on cyclic or deeply nested keys answers without throwing', () => {
    const doc = {
      flags: {
        echo: {
          state: 'ENABLED',
          variants: { red: 'red', blue: 'blue' },
          defaultVariant: 'blue',
          targeting: { fractional: [{ var: 'key' }, ['red', 1], ['blue', 1]] },
        },
      },
    };
    const set = FlagSet.parse(doc, { bucketing: bucketingV3 });
    for (const key of [cyclic(), nestedArray(10_000), 10n, hostileProxy]) {
      expect(() => set.resolve('echo', { key })).not.toThrow();
      expect(() => set.explain('echo', { key })).not.toThrow();
    }
  });

  test('a flag key that is not a string (from a JS caller) is not found, not a throw', () => {
    const set = echo();
    for (const key of [
      Symbol('k'),
      hostileProxy,
      {
        toString: () => {
          throw new Error('x');
        },
      },
      42,
    ]) {
      const details = set.resolveBoolean(key as unknown as string, false);
      expect(details).toMatchObject({ value: false, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' });
      expect(() => set.explain(key as unknown as string)).not.toThrow();
    }
  });

  test('merge and in handle context arrays too large to spread into arguments', () => {
    const set = echo({ if: [{ in: ['needle', { merge: [{ var: 'xs' }, 'needle'] }] }, 'red', 'blue'] });
    const xs = new Array(500_000).fill('hay');
    expect(set.resolve('echo', { xs })).toMatchObject({ variant: 'red', reason: 'TARGETING_MATCH' });
  });
});

describe('parsing never overflows the stack on deep documents', () => {
  test('a variant value nested 200,000 levels deep parses and resolves', () => {
    const depth = 200_000;
    const text = `{"flags": {"deep": {"state": "ENABLED", "variants": {"a": ${'['.repeat(depth)}${']'.repeat(depth)}}, "defaultVariant": "a"}, "plain": {"state": "ENABLED", "variants": {"on": true}, "defaultVariant": "on"}}}`;
    const set = FlagSet.parse(text);
    expect(set.resolve('deep')).toMatchObject({ variant: 'a', reason: 'STATIC' });
    expect(Object.isFrozen(set.resolve('deep').value)).toBe(true);
    expect(set.resolveBoolean('plain', false).value).toBe(true);
    expect(() => FlagSet.validate(text)).not.toThrow();
  });
});
