import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findDuplicateJsonKeys, locateJsonSyntaxError } from '../src/json-scanner.js';
import { positionAt } from '../src/text-position.js';

function locate(text: string) {
  const location = locateJsonSyntaxError(text);
  return location && { ...positionAt(text, location.offset), message: location.message };
}

describe('locateJsonSyntaxError', () => {
  it.each([
    ['{"a": }', 1, 7, 'unexpected "}", expected a value'],
    ['{"a": 1,}', 1, 9, 'expected a double-quoted property name, found "}"'],
    ['{"a": 1', 1, 8, "expected ',' or '}' after property value, found end of input"],
    ['', 1, 1, 'unexpected end of input, expected a value'],
    ['{\n  "a": tru\n}', 2, 8, "unexpected word 'tru', expected a value"],
    ['{"a" 1}', 1, 6, 'expected \':\' after property name, found "1"'],
    ['[1 2]', 1, 4, "expected ',' or ']' after array element, found \"2\""],
    ['{"a":"x\ny"}', 1, 8, 'unescaped control character (e.g. a line break) in string'],
    ['{"a": "\\x"}', 1, 8, 'invalid escape sequence in string'],
    ['{"a": "\\u12g4"}', 1, 8, 'invalid escape sequence in string'],
    ['{"a": "open', 1, 7, 'unterminated string'],
    ['{"a": -}', 1, 7, 'invalid number'],
    ["{'a': 1}", 1, 2, 'expected a double-quoted property name, found "\'"'],
    ['{}\n{}', 2, 1, 'unexpected "{" after the end of the JSON value'],
    ['{\r\n  "flags": {\r\n    "x": [1,,2]', 3, 13, 'unexpected ",", expected a value'],
  ])('%j fails at %i:%i', (text, line, column, message) => {
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(locate(text)).toEqual({ line, column, message });
  });

  it('accepts every document JSON.stringify produces', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2), (value, indent) => {
        expect(locateJsonSyntaxError(JSON.stringify(value, null, indent))).toBeUndefined();
      }),
    );
  });

  it('agrees with JSON.parse on mutated documents', () => {
    const edit = fc.record({
      at: fc.nat(),
      remove: fc.nat({ max: 2 }),
      insert: fc.constantFrom(
        '',
        ',',
        ':',
        '"',
        '{',
        '}',
        '[',
        ']',
        '\\',
        '\n',
        ' ',
        '-',
        '0',
        '.',
        'e',
        'x',
        'nul',
      ),
    });
    fc.assert(
      fc.property(fc.json(), edit, (json, { at, remove, insert }) => {
        const position = at % (json.length + 1);
        const text = json.slice(0, position) + insert + json.slice(position + remove);
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        const location = locateJsonSyntaxError(text);
        expect(location === undefined).toBe(valid);
        if (location) expect(location.offset).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('findDuplicateJsonKeys', () => {
  it('finds keys repeated within one object, comparing decoded keys', () => {
    const text = '{"flags": {"a": {"state": 1}, "b": {}, "\\u0061": {"state": 2, "state": 3}}, "a": 1}';
    expect(findDuplicateJsonKeys(text)).toEqual([
      // The repeated "a" (written as an escape) is met before the keys inside its value.
      { key: 'a', offset: text.indexOf('"\\u0061"'), firstOffset: text.indexOf('"a"') },
      { key: 'state', offset: text.indexOf('"state": 3'), firstOffset: text.indexOf('"state": 2') },
    ]);
  });

  it('does not confuse equal keys in different objects', () => {
    expect(findDuplicateJsonKeys('{"a": {"x": 1}, "b": {"x": 1}, "c": [{"x": 1}, {"x": 2}]}')).toEqual([]);
  });
});
