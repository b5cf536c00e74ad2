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
    'empty-string': {
      state: 'ENABLED',
      variants: { empty: '', full: 'x' },
      defaultVariant: 'empty',
      targeting: {},
    },
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
    'bool-result': {
      state: 'ENABLED',
      variants: { true: 'T', false: 'F' },
      defaultVariant: 'false',
      targeting: { '==': [{ var: 'n' }, 1] },
    },
    'no-default': { state: 'ENABLED', variants: { a: 'a' }, targeting: { if: [{ var: 'vip' }, 'a', null] } },
    'null-default-static': { state: 'ENABLED', variants: { a: 'a' }, defaultVariant: null },
    disabled: { state: 'DISABLED', variants: { a: 'a' }, defaultVariant: 'a', metadata: { owner: 'ops' } },
  },
};

describe('resolution', () => {
  const set = FlagSet.parse(doc);

  test('unknown flag: FLAG_NOT_FOUND with the set metadata', () => {
    expect(set.resolve('nope', {})).toEqual({
      reason: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
      errorMessage: 'flag "nope" not found',
      flagMetadata: { flagSetId: 'shop', team: 'web', version: '7' },
    });
    expect(set.resolveBoolean('nope', true, {})).toMatchObject({ value: true, errorCode: 'FLAG_NOT_FOUND' });
  });

  test('static flag: STATIC, with set metadata overlaid by the flag metadata', () => {
    expect(set.resolve('static-bool')).toEqual({
      value: false,
      variant: 'off',
      reason: 'STATIC',
      flagMetadata: { flagSetId: 'shop', team: 'checkout', version: '7' },
    });
  });

  test('zero values survive every path: 0, "" and {} are real values', () => {
    expect(set.resolveNumber('zero-number', 9, {})).toMatchObject({
      value: 0,
      variant: 'zero',
      reason: 'STATIC',
    });
    expect(set.resolveString('empty-string', 'dflt', {})).toMatchObject({ value: '', reason: 'STATIC' });
    expect(set.resolveObject('empty-object', { x: 1 }, {})).toMatchObject({ value: {}, reason: 'STATIC' });
    expect(set.resolveBoolean('static-bool', true, {})).toMatchObject({ value: false, reason: 'STATIC' });
  });

  test('targeting: TARGETING_MATCH on a match, DEFAULT with the default variant on null', () => {
    expect(set.resolve('targeted', { plan: 'pro' })).toMatchObject({
      value: 'yes',
      variant: 'yes',
      reason: 'TARGETING_MATCH',
    });
    expect(set.resolve('targeted', { plan: 'free' })).toMatchObject({
      value: 'no',
      variant: 'no',
      reason: 'DEFAULT',
    });
    expect(set.resolve('targeted')).toMatchObject({ variant: 'no', reason: 'DEFAULT' });
  });

  test('a targeting result that names no variant is a GENERAL error with the caller default', () => {
    const details = set.resolveNumber('to-missing-variant', 42, {});
    expect(details).toMatchObject({ value: 42, reason: 'ERROR', errorCode: 'GENERAL' });
    expect(details.errorMessage).toContain('"nope"');
  });

  test('boolean results name the variants "true" and "false"', () => {
    expect(set.resolve('bool-result', { n: 1 })).toMatchObject({ value: 'T', variant: 'true' });
    expect(set.resolve('bool-result', { n: 2 })).toMatchObject({
      value: 'F',
      variant: 'false',
      reason: 'TARGETING_MATCH',
    });
  });

  test('no default variant: the code default with reason DEFAULT and no error', () => {
    expect(set.resolve('no-default', {})).toEqual({ reason: 'DEFAULT', flagMetadata: expect.any(Object) });
    expect(set.resolveString('no-default', 'code', {})).toMatchObject({ value: 'code', reason: 'DEFAULT' });
    expect(set.resolveString('no-default', 'code', { vip: true })).toMatchObject({
      value: 'a',
      reason: 'TARGETING_MATCH',
    });
    expect(set.resolveString('null-default-static', 'code', {})).toMatchObject({
      value: 'code',
      reason: 'DEFAULT',
    });
    expect(set.resolveString('null-default-static', 'code', {}).errorCode).toBeUndefined();
  });

  test('disabled: DISABLED, no variant, the caller default, metadata kept', () => {
    expect(set.resolve('disabled', {})).toEqual({
      reason: 'DISABLED',
      flagMetadata: { flagSetId: 'shop', team: 'web', version: '7', owner: 'ops' },
    });
    expect(set.resolveString('disabled', 'fallback', {})).toMatchObject({
      value: 'fallback',
      reason: 'DISABLED',
    });
    expect(set.resolveString('disabled', 'fallback', {}).variant).toBeUndefined();
  });

  test('typed accessors answer TYPE_MISMATCH with the default on a wrong type', () => {
    expect(set.resolveNumber('static-bool', 3, {})).toMatchObject({
      value: 3,
      reason: 'ERROR',
      errorCode: 'TYPE_MISMATCH',
    });
    expect(set.resolveBoolean('targeted', false, { plan: 'pro' })).toMatchObject({
      value: false,
      errorCode: 'TYPE_MISMATCH',
    });
    expect(set.resolveObject('targeted', {}, {})).toMatchObject({ errorCode: 'TYPE_MISMATCH' });
  });

  test('resolveAll covers every flag, disabled and errored ones included', () => {
    const all = set.resolveAll({ plan: 'pro' });
    expect([...all.keys()]).toEqual(set.flagKeys);
    expect(all.get('disabled')?.reason).toBe('DISABLED');
    expect(all.get('to-missing-variant')?.errorCode).toBe('GENERAL');
    expect(all.get('targeted')?.variant).toBe('yes');
  });

  test('returned values are frozen: a caller cannot change what the next evaluation returns', () => {
    const value = set.resolveObject('empty-object', {}, {}).value;
    expect(Object.isFrozen(value)).toBe(true);
    expect(() => {
      (value as Record<string, unknown>).injected = true;
    }).toThrow();
  });

  test('numeric and missing targeting keys never throw', () => {
    const frac = FlagSet.parse({
      flags: {
        f: {
          state: 'ENABLED',
          variants: { a: 1, b: 2 },
          defaultVariant: 'a',
          targeting: {
            fractional: [
              ['a', 1],
              ['b', 1],
            ],
          },
        },
      },
    });
    expect(frac.resolve('f', { targetingKey: 42 as unknown as string })).toMatchObject({ reason: 'DEFAULT' });
    expect(frac.resolve('f', undefined)).toMatchObject({ reason: 'DEFAULT' });
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
