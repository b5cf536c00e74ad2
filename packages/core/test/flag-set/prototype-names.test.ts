import { FlagSet, flagMapOf } from '@switchyard/core';
import { describe, expect, test } from 'vitest';

// Names every object inherits. Documents arrive as JSON text, where `__proto__` is an ordinary key.
const NAMES = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];

const parseText = (doc: string) => FlagSet.parse(doc);

describe.each(NAMES)('the name %s behaves like any other name', (name) => {
  const quoted = JSON.stringify(name);

  test('as a flag key: resolution, the document, flagMapOf and validation', () => {
    const text = `{"flags": {${quoted}: {"state": "ENABLED", "variants": {"on": true}, "defaultVariant": "on"}}}`;
    const set = parseText(text);
    expect(set.flagKeys).toEqual([name]);
    expect(set.resolveBoolean(name, false)).toMatchObject({ value: true, reason: 'STATIC' });
    expect(Object.hasOwn(set.document.flags, name)).toBe(true);
    expect(Object.keys(set.document.flags)).toEqual([name]);
    const { flags } = flagMapOf(JSON.parse(text));
    expect(Object.keys(flags)).toEqual([name]);
    expect(Object.getPrototypeOf(flags)).toBe(Object.prototype);
    expect(FlagSet.validate(text)).toEqual([]);
  });

  test('as an unknown flag key: FLAG_NOT_FOUND', () => {
    const set = parseText(
      '{"flags": {"other": {"state": "ENABLED", "variants": {"on": true}, "defaultVariant": "on"}}}',
    );
    expect(set.resolveBoolean(name, false)).toMatchObject({ errorCode: 'FLAG_NOT_FOUND' });
    expect(set.has(name)).toBe(false);
    expect(set.flagType(name)).toBeUndefined();
  });

  test('as a flag key in flagd array form', () => {
    const text = `{"flags": [{"key": ${quoted}, "state": "ENABLED", "variants": {"on": true}, "defaultVariant": "on"}]}`;
    expect(parseText(text).resolveBoolean(name, false).value).toBe(true);
    expect(Object.keys(flagMapOf(JSON.parse(text)).flags)).toEqual([name]);
  });

  test('as a variant name: default, targeting result and fractional bucket', () => {
    const text = `{"flags": {
      "f": {"state": "ENABLED", "variants": {${quoted}: "named", "other": "other"}, "defaultVariant": ${quoted}},
      "t": {"state": "ENABLED", "variants": {${quoted}: "named", "other": "other"}, "defaultVariant": "other",
            "targeting": {"if": [{"var": "hit"}, ${quoted}]}},
      "s": {"state": "ENABLED", "variants": {${quoted}: "named", "other": "other"}, "defaultVariant": "other",
            "targeting": {"fractional": [{"var": "k"}, [${quoted}, 1]]}}
    }}`;
    const set = parseText(text);
    expect(set.resolveString('f', 'x')).toMatchObject({ value: 'named', variant: name, reason: 'STATIC' });
    expect(set.resolveString('t', 'x', { hit: true })).toMatchObject({ value: 'named', variant: name });
    expect(set.resolveString('t', 'x', {})).toMatchObject({ value: 'other', reason: 'DEFAULT' });
    expect(set.resolveString('s', 'x', { k: 'any' })).toMatchObject({ value: 'named', variant: name });
    expect(FlagSet.validate(text)).toEqual([]);
  });

  test('as a variant name the flag does not have: an error, not an inherited property', () => {
    const text = `{"flags": {
      "t": {"state": "ENABLED", "variants": {"a": "a"}, "defaultVariant": "a", "targeting": {"if": [true, ${quoted}]}},
      "s": {"state": "ENABLED", "variants": {"a": "a"}, "defaultVariant": "a", "targeting": {"fractional": [{"var": "k"}, [${quoted}, 1]]}}
    }}`;
    const set = parseText(text);
    expect(set.resolveString('t', 'x')).toMatchObject({ value: 'x', errorCode: 'GENERAL' });
    expect(set.resolveString('s', 'x', { k: 'any' })).toMatchObject({ value: 'x', errorCode: 'GENERAL' });
    const issues = FlagSet.validate(text);
    expect(issues).toContainEqual({
      path: '/flags/t/targeting/if/1',
      message: expect.stringContaining(name),
    });
    expect(issues).toContainEqual({
      path: '/flags/s/targeting/fractional/1/0',
      message: expect.stringContaining(name),
    });
    expect(() => parseText(text.replace('"defaultVariant": "a"', `"defaultVariant": ${quoted}`))).toThrow(
      /is not one of the flag's variants/,
    );
  });

  test('as an evaluator name: $ref resolves it; an undefined one is unknown', () => {
    const text = `{"$evaluators": {${quoted}: {"==": [{"var": "plan"}, "pro"]}}, "flags": {
      "f": {"state": "ENABLED", "variants": {"y": "y", "n": "n"}, "defaultVariant": "n",
            "targeting": {"if": [{"$ref": ${quoted}}, "y", "n"]}}
    }}`;
    const set = parseText(text);
    expect(set.resolveString('f', 'x', { plan: 'pro' })).toMatchObject({
      value: 'y',
      reason: 'TARGETING_MATCH',
    });
    expect(set.resolveString('f', 'x', { plan: 'free' })).toMatchObject({ value: 'n' });
    expect(FlagSet.validate(text)).toEqual([]);
    const undefinedRef = `{"flags": {
      "f": {"state": "ENABLED", "variants": {"y": "y", "n": "n"}, "defaultVariant": "n",
            "targeting": {"if": [{"$ref": ${quoted}}, "y", "n"]}}
    }}`;
    expect(parseText(undefinedRef).resolveString('f', 'x')).toMatchObject({ errorCode: 'PARSE_ERROR' });
    expect(FlagSet.validate(undefinedRef)).toEqual([
      { path: '/flags/f/targeting/if/0', message: expect.stringMatching(/unknown evaluator reference/) },
    ]);
  });

  test('as a context attribute in var and missing: only own attributes are found', () => {
    const text = `{"flags": {
      "top": {"state": "ENABLED", "variants": {"found": "found", "absent": "absent"}, "defaultVariant": "absent",
              "targeting": {"if": [{"!==": [{"var": ${quoted}}, null]}, "found", "absent"]}},
      "nested": {"state": "ENABLED", "variants": {"found": "found", "absent": "absent"}, "defaultVariant": "absent",
              "targeting": {"if": [{"!==": [{"var": ${JSON.stringify(`user.${name}`)}}, null]}, "found", "absent"]}},
      "missing": {"state": "ENABLED", "variants": {"found": "found", "absent": "absent"}, "defaultVariant": "absent",
              "targeting": {"if": [{"missing": [${quoted}]}, "absent", "found"]}}
    }}`;
    const set = parseText(text);
    for (const flag of ['top', 'nested', 'missing'])
      expect(set.resolveString(flag, 'x', { user: {} }).value).toBe('absent');
    const own = JSON.parse(`{${quoted}: "mine", "user": {${quoted}: "mine"}}`);
    for (const flag of ['top', 'nested', 'missing'])
      expect(set.resolveString(flag, 'x', own).value).toBe('found');
  });

  test('as a metadata key of the flag set and of a flag', () => {
    const text = `{"metadata": {${quoted}: "set", "version": "1"}, "flags": {
      "f": {"state": "ENABLED", "variants": {"on": true}, "defaultVariant": "on", "metadata": {${quoted}: "flag"}},
      "g": {"state": "ENABLED", "variants": {"on": true}, "defaultVariant": "on"}
    }}`;
    const set = parseText(text);
    const flagMetadata = set.resolveBoolean('f', false).flagMetadata;
    expect(Object.hasOwn(flagMetadata, name)).toBe(true);
    expect(Object.getOwnPropertyDescriptor(flagMetadata, name)?.value).toBe('flag');
    expect(Object.getOwnPropertyDescriptor(set.resolveBoolean('g', false).flagMetadata, name)?.value).toBe(
      'set',
    );
    expect(Object.getOwnPropertyDescriptor(set.metadata, name)?.value).toBe('set');
    expect(Object.getPrototypeOf(flagMetadata)).toBe(Object.prototype);
    expect(FlagSet.validate(text)).toEqual([]);
  });
});

describe('var reads no property that JSON data does not own', () => {
  const set = FlagSet.parse({
    flags: {
      f: {
        state: 'ENABLED',
        variants: { found: 'found', absent: 'absent' },
        defaultVariant: 'absent',
        targeting: { if: [{ '!==': [{ var: { cat: ['v.', { var: 'path' }] } }, null] }, 'found', 'absent'] },
      },
      literal: {
        state: 'ENABLED',
        variants: { found: 'found', absent: 'absent' },
        defaultVariant: 'absent',
        targeting: { if: [{ '!==': [{ var: 'v.map' }, null] }, 'found', 'absent'] },
      },
    },
  });

  test.each<[string, unknown]>([
    ['map', ['a']],
    ['toUpperCase', 'text'],
    ['toFixed', 1.5],
    ['valueOf', true],
    ['getTime', new Date(0)],
    ['call', () => 1],
    ['at', ['a']],
    ['constructor', []],
    ['__proto__', 'text'],
  ])('%s of %j is absent', (path, v) => {
    expect(set.resolveString('f', 'x', { path, v }).value).toBe('absent');
  });

  test('a literal path into a built-in method is absent too; own entries are found', () => {
    expect(set.resolveString('literal', 'x', { v: [] }).value).toBe('absent');
    expect(set.resolveString('literal', 'x', { v: { map: 1 } }).value).toBe('found');
    expect(set.resolveString('f', 'x', { path: '0', v: ['a'] }).value).toBe('found');
    expect(set.resolveString('f', 'x', { path: 'length', v: ['a'] }).value).toBe('found');
  });
});

describe('JSON Pointers of variant problems escape the variant name', () => {
  test('a variant named "a/b" with a null value', () => {
    const issues = FlagSet.validate({
      flags: { f: { state: 'ENABLED', variants: { 'a/b': null, c: true }, defaultVariant: 'c' } },
    });
    expect(issues).toContainEqual({ path: '/flags/f/variants/a~1b', message: expect.any(String) });
  });
});
