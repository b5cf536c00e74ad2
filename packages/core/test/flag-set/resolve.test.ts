import { FlagSet, FlagSetValidationError, flagMapOf } from '@switchyard/core';
import { describe, expect, test } from 'vitest';

const doc = {
  metadata: { flagSetId: 'shop', team: 'web', version: '7' },
  flags: {
    'static-bool': {
      state: 'ENABLED',
      variants: { on: true, off: false },
      defaultVariant: 'off',
      metadata: { team: 'checkout' },
    },
    'zero-number': { state: 'ENABLED', variants: { zero: 0, one: 1 }, defaultVariant: 'zero' },
    'empty-object': { state: 'ENABLED', variants: { empty: {}, full: { a: 1 } }, defaultVariant: 'empty' },
    targeted: {
      state: 'ENABLED',
      variants: { yes: 'yes', no: 'no' },
      defaultVariant: 'no',
      targeting: { if: [{ '==': [{ var: 'plan' }, 'pro'] }, 'yes', null] },
    },
    'to-missing-variant': {
      state: 'ENABLED',
      variants: { a: 1 },
      defaultVariant: 'a',
      targeting: { if: [true, 'nope'] },
    },
    'no-default': { state: 'ENABLED', variants: { a: 'a' }, targeting: { if: [{ var: 'vip' }, 'a', null] } },
    'null-default-static': { state: 'ENABLED', variants: { a: 'a' }, defaultVariant: null },
    disabled: { state: 'DISABLED', variants: { a: 'a' }, defaultVariant: 'a', metadata: { owner: 'ops' } },
  },
};

// What each flag resolves to, for every reason and error code, is in the evaluation cases
// (packages/testkit/cases/evaluation-cases.json, run by test/conformance/evaluation-cases.test.ts).
// These tests cover what a case cannot express: the untyped API, messages, bulk results, immutability.
describe('resolution API', () => {
  const set = FlagSet.parse(doc);

  test('untyped resolve: no value and no variant when none applies, not even undefined members', () => {
    expect(set.resolve('no-default', {})).toEqual({ reason: 'DEFAULT', flagMetadata: expect.any(Object) });
    expect(set.resolve('disabled', {})).toEqual({
      reason: 'DISABLED',
      flagMetadata: { flagSetId: 'shop', team: 'web', version: '7', owner: 'ops' },
    });
    expect(Object.keys(set.resolve('null-default-static'))).toEqual(['reason', 'flagMetadata']);
  });

  test('error messages say what went wrong', () => {
    expect(set.resolve('nope', {}).errorMessage).toBe('flag "nope" not found');
    expect(set.resolveNumber('to-missing-variant', 42, {}).errorMessage).toBe(
      'targeting returned variant "nope", which is not one of the flag\'s variants',
    );
    expect(set.resolveNumber('static-bool', 3, {}).errorMessage).toBe(
      'flag "static-bool" resolved to a boolean, not a number',
    );
  });

  test('resolveAll covers every flag, disabled and errored ones included', () => {
    const all = set.resolveAll({ plan: 'pro' });
    expect([...all.keys()]).toEqual(set.flagKeys);
    expect(all.get('disabled')?.reason).toBe('DISABLED');
    expect(all.get('to-missing-variant')?.errorCode).toBe('GENERAL');
    expect(all.get('targeted')?.variant).toBe('yes');
  });

  test('resolveEach gives every flag in flagKeys order, each what resolve gives', () => {
    for (const context of [{ plan: 'pro' }, { plan: 'free', vip: true }, undefined]) {
      const each = set.resolveEach(context);
      expect(each).toHaveLength(set.flagKeys.length);
      set.flagKeys.forEach((key, i) => {
        expect(each[i]).toEqual(set.resolve(key, context));
      });
    }
    expect(set.resolveEach({ plan: 'pro' })[set.flagKeys.indexOf('targeted')]?.variant).toBe('yes');
    expect(set.resolveEach({ plan: 'free' })[set.flagKeys.indexOf('targeted')]?.variant).toBe('no');
  });

  test('returned values are frozen: a caller cannot change what the next evaluation returns', () => {
    const value = set.resolveObject('empty-object', {}, {}).value;
    expect(Object.isFrozen(value)).toBe(true);
    expect(() => {
      (value as Record<string, unknown>).injected = true;
    }).toThrow();
  });

  test('flagType reports the variant type', () => {
    expect(set.flagType('static-bool')).toBe('boolean');
    expect(set.flagType('zero-number')).toBe('number');
    expect(set.flagType('empty-object')).toBe('object');
    expect(set.flagType('missing')).toBeUndefined();
  });
});

describe('parsing', () => {
  test('accepts JSON text and flagd array-form flags', () => {
    const set = FlagSet.parse(
      JSON.stringify({
        flags: [{ key: 'a', state: 'ENABLED', variants: { on: true }, defaultVariant: 'on' }],
      }),
    );
    expect(set.flagKeys).toEqual(['a']);
    expect(set.document.flags.a).toEqual({ state: 'ENABLED', variants: { on: true }, defaultVariant: 'on' });
  });

  test('flagMapOf converts the array form and names keyless and repeated flags', () => {
    const on = { state: 'ENABLED', variants: { on: true }, defaultVariant: 'on' };
    expect(flagMapOf({ flags: [{ key: 'a', ...on }] })).toEqual({ flags: { a: on }, problems: [] });
    const { flags, problems } = flagMapOf({
      flags: [{ key: 'a', ...on }, { ...on }, { key: 'a', ...on, state: 'DISABLED' }],
    });
    expect(flags).toEqual({ a: { ...on, state: 'DISABLED' } });
    expect(problems).toEqual([
      { path: '/flags/1/key', message: expect.stringMatching(/non-empty string "key"/) },
      { path: '/flags/2/key', message: 'duplicate flag key "a"' },
    ]);
  });

  test('preserves raw JSON Logic in the document (shared rules are not inlined there)', () => {
    const input = {
      $evaluators: { pro: { '==': [{ var: 'plan' }, 'pro'] } },
      flags: {
        f: {
          state: 'ENABLED',
          variants: { y: 1, n: 0 },
          defaultVariant: 'n',
          targeting: { if: [{ $ref: 'pro' }, 'y', 'n'] },
        },
      },
    };
    const set = FlagSet.parse(input);
    expect(set.document.flags.f!.targeting).toEqual({ if: [{ $ref: 'pro' }, 'y', 'n'] });
    expect(set.resolve('f', { plan: 'pro' }).variant).toBe('y');
  });

  test('rejects what flagd rejects whole, listing every problem', () => {
    const bad = {
      flags: {
        a: { state: 'ENABLED', variants: { on: true }, defaultVariant: 'off' },
        b: { state: 'MAYBE', variants: { on: true }, defaultVariant: 'on' },
        c: 'not a flag',
      },
    };
    try {
      FlagSet.parse(bad);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(FlagSetValidationError);
      const paths = (error as FlagSetValidationError).issues.map((i) => i.path);
      expect(paths).toEqual(['/flags/a/defaultVariant', '/flags/b/state', '/flags/c']);
    }
  });

  test('invalid JSON text is a validation error, not a crash', () => {
    expect(() => FlagSet.parse('{"flags": ')).toThrow(FlagSetValidationError);
    expect(() => FlagSet.parse(42)).toThrow(/JSON object/);
    expect(() => FlagSet.parse({})).toThrow(/flags/);
  });

  test('strict mode throws on problems lenient mode tolerates', () => {
    const doc = {
      flags: { f: { state: 'ENABLED', variants: { a: 1 }, defaultVariant: 'a', targeting: { bogus: [] } } },
    };
    expect(FlagSet.parse(doc).resolve('f').errorCode).toBe('PARSE_ERROR');
    expect(() => FlagSet.parse(doc, { strict: true })).toThrow(/unknown operator "bogus"/);
  });
});
