import { FlagSet, flagMapOf } from '@switchyard/core';
import { describe, expect, test } from 'vitest';

// Resolution with these names (flag keys, variants, fractional buckets, $ref, var, missing, metadata) is in
// the evaluation cases (packages/testkit/cases/evaluation-cases.json). These tests cover the rest: the
// parsed document, flagMapOf, validation and the objects handed back to callers.
// Documents arrive as JSON text, where `__proto__` is an ordinary key.
const NAMES = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];

describe.each(NAMES)('the name %s behaves like any other name', (name) => {
  const quoted = JSON.stringify(name);

  test('as a flag key: the document and flagMapOf keep it as an own key; validation accepts it', () => {
    const text = `{"flags": {${quoted}: {"state": "ENABLED", "variants": {"on": true}, "defaultVariant": "on"}}}`;
    const set = FlagSet.parse(text);
    expect(set.flagKeys).toEqual([name]);
    expect(Object.hasOwn(set.document.flags, name)).toBe(true);
    expect(Object.keys(set.document.flags)).toEqual([name]);
    const { flags } = flagMapOf(JSON.parse(text));
    expect(Object.keys(flags)).toEqual([name]);
    expect(Object.getPrototypeOf(flags)).toBe(Object.prototype);
    expect(FlagSet.validate(text)).toEqual([]);
  });

  test('as a flag key in flagd array form', () => {
    const text = `{"flags": [{"key": ${quoted}, "state": "ENABLED", "variants": {"on": true}, "defaultVariant": "on"}]}`;
    expect(FlagSet.parse(text).resolveBoolean(name, false).value).toBe(true);
    expect(Object.keys(flagMapOf(JSON.parse(text)).flags)).toEqual([name]);
  });

  test('as a variant name and an evaluator name: validation accepts it', () => {
    const text = `{"$evaluators": {${quoted}: {"==": [{"var": "plan"}, "pro"]}}, "flags": {
      "f": {"state": "ENABLED", "variants": {${quoted}: "named", "other": "other"}, "defaultVariant": ${quoted}},
      "t": {"state": "ENABLED", "variants": {${quoted}: "named", "other": "other"}, "defaultVariant": "other",
            "targeting": {"if": [{"$ref": ${quoted}}, ${quoted}]}},
      "s": {"state": "ENABLED", "variants": {${quoted}: "named", "other": "other"}, "defaultVariant": "other",
            "targeting": {"fractional": [{"var": "k"}, [${quoted}, 1]]}}
    }}`;
    expect(FlagSet.validate(text)).toEqual([]);
  });

  test('as a variant name or evaluator the flag set lacks: validation names it', () => {
    const text = `{"flags": {
      "t": {"state": "ENABLED", "variants": {"a": "a"}, "defaultVariant": "a", "targeting": {"if": [true, ${quoted}]}},
      "s": {"state": "ENABLED", "variants": {"a": "a"}, "defaultVariant": "a", "targeting": {"fractional": [{"var": "k"}, [${quoted}, 1]]}},
      "r": {"state": "ENABLED", "variants": {"a": "a"}, "defaultVariant": "a", "targeting": {"if": [{"$ref": ${quoted}}, "a"]}}
    }}`;
    const issues = FlagSet.validate(text);
    expect(issues).toContainEqual({
      path: '/flags/t/targeting/if/1',
      message: expect.stringContaining(name),
    });
    expect(issues).toContainEqual({
      path: '/flags/s/targeting/fractional/1/0',
      message: expect.stringContaining(name),
    });
    expect(issues).toContainEqual({
      path: '/flags/r/targeting/if/0',
      message: expect.stringMatching(/unknown evaluator reference/),
    });
    expect(() => FlagSet.parse(text.replace('"defaultVariant": "a"', `"defaultVariant": ${quoted}`))).toThrow(
      /is not one of the flag's variants/,
    );
  });

  test('as a metadata key: own properties of plain objects, in the set and in each flag', () => {
    const text = `{"metadata": {${quoted}: "set", "version": "1"}, "flags": {
      "f": {"state": "ENABLED", "variants": {"on": true}, "defaultVariant": "on", "metadata": {${quoted}: "flag"}},
      "g": {"state": "ENABLED", "variants": {"on": true}, "defaultVariant": "on"}
    }}`;
    const set = FlagSet.parse(text);
    const flagMetadata = set.resolveBoolean('f', false).flagMetadata;
    expect(Object.getOwnPropertyDescriptor(flagMetadata, name)?.value).toBe('flag');
    expect(Object.getPrototypeOf(flagMetadata)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(set.resolveBoolean('g', false).flagMetadata, name)?.value).toBe(
      'set',
    );
    expect(Object.getOwnPropertyDescriptor(set.metadata, name)?.value).toBe('set');
    expect(FlagSet.validate(text)).toEqual([]);
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
