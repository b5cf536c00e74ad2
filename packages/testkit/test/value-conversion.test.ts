import { describe, expect, it } from 'vitest';
import { convertValue, HarnessError } from '../src/index.js';

describe('convertValue', () => {
  it('keeps strings as written, with the literal null meaning absent', () => {
    expect(convertValue('hi', 'String')).toBe('hi');
    expect(convertValue('', 'String')).toBe('');
    expect(convertValue('null', 'String')).toBeUndefined();
  });

  it('does not treat \\u as an escape (fractional v3 vectors depend on the literal text)', () => {
    const value = convertValue('A\\u0000B', 'String');
    expect(value).toBe('A\\u0000B');
    expect((value as string).length).toBe(8);
  });

  it('parses integers and floats exactly at their limits', () => {
    expect(convertValue('9007199254740991', 'Integer')).toBe(9007199254740991);
    expect(convertValue('-25', 'Integer')).toBe(-25);
    expect(convertValue('1.0', 'Integer')).toBe(1);
    expect(convertValue('4.9406564584124654e-324', 'Float')).toBe(Number.MIN_VALUE);
    expect(convertValue('0.0', 'Float')).toEqual(0);
    expect(convertValue('0.1', 'Long')).toBe(0.1);
  });

  it('rejects numbers that do not parse instead of comparing against NaN', () => {
    expect(() => convertValue('abc', 'Integer')).toThrow(HarnessError);
    expect(() => convertValue('', 'Float')).toThrow(/not a valid Float/);
  });

  it('parses booleans case-insensitively and rejects anything else', () => {
    expect(convertValue('TRUE', 'Boolean')).toBe(true);
    expect(convertValue('false', 'Boolean')).toBe(false);
    expect(() => convertValue('yes', 'Boolean')).toThrow(/not a Boolean/);
  });

  it('unescapes \\" in Object cells, which Gherkin leaves in place', () => {
    expect(convertValue('{\\"a\\": 1}', 'Object')).toEqual({ a: 1 });
    expect(convertValue('{"a": {"b": [1, null]}}', 'Object')).toEqual({ a: { b: [1, null] } });
    expect(convertValue('{}', 'Object')).toEqual({});
    expect(convertValue('null', 'Object')).toBeUndefined();
  });

  it('keeps an escaped quote that is part of valid JSON', () => {
    expect(convertValue('{"q": "say \\"hi\\""}', 'Object')).toEqual({ q: 'say "hi"' });
  });

  it('names the value and the type on bad input', () => {
    expect(() => convertValue('{oops', 'Object')).toThrow(/"\{oops" is not valid JSON/);
    expect(() => convertValue('1', 'Decimal')).toThrow(/unknown value type "Decimal"/);
  });
});
