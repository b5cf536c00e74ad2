import { unknownFieldIssues } from '@switchyard/core';
import { describe, expect, test } from 'vitest';
import { editDistance as damerauLevenshtein } from '../../src/suggest.js';

const flag = { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off' };

describe('unknownFieldIssues', () => {
  test('a document with only known properties has none', () => {
    expect(
      unknownFieldIssues({
        $schema: 'https://flagd.dev/schema/v0/flags.json',
        flags: { a: { ...flag, targeting: { if: [true, 'on'] }, metadata: { owner: 'x' } } },
        $evaluators: { anything: { '==': [1, 1] } },
        metadata: { flagSetId: 'web' },
      }),
    ).toEqual([]);
  });

  test('misspelt flag properties are named with the property they resemble', () => {
    expect(
      unknownFieldIssues({
        flags: {
          'new-checkout': { state: 'ENABLED', variants: { on: true }, defualtVariant: 'on', targetting: {} },
        },
      }),
    ).toEqual([
      {
        path: '/flags/new-checkout/defualtVariant',
        message: 'unknown property "defualtVariant"; did you mean "defaultVariant"?',
      },
      {
        path: '/flags/new-checkout/targetting',
        message: 'unknown property "targetting"; did you mean "targeting"?',
      },
    ]);
  });

  test('top-level properties, with case-insensitive and two-edit near misses', () => {
    expect(unknownFieldIssues({ Flags: {}, evaluators: {}, metdata: {}, schema: 'x', owner: 'me' })).toEqual([
      { path: '/Flags', message: 'unknown property "Flags"; did you mean "flags"?' },
      { path: '/evaluators', message: 'unknown property "evaluators"; did you mean "$evaluators"?' },
      { path: '/metdata', message: 'unknown property "metdata"; did you mean "metadata"?' },
      { path: '/schema', message: 'unknown property "schema"; did you mean "$schema"?' },
      { path: '/owner', message: 'unknown property "owner"' },
    ]);
  });

  test('DEFAULTVARIANT differs only by case and is suggested despite many edits', () => {
    expect(unknownFieldIssues({ flags: { a: { ...flag, DEFAULTVARIANT: 'on' } } })).toEqual([
      {
        path: '/flags/a/DEFAULTVARIANT',
        message: 'unknown property "DEFAULTVARIANT"; did you mean "defaultVariant"?',
      },
    ]);
  });

  test('"key" is known in the array form only; array paths use the index', () => {
    expect(unknownFieldIssues({ flags: [{ key: 'a', ...flag, stat: 'ENABLED' }] })).toEqual([
      { path: '/flags/0/stat', message: 'unknown property "stat"; did you mean "state"?' },
    ]);
    expect(unknownFieldIssues({ flags: { a: { key: 'a', ...flag } } })).toEqual([
      { path: '/flags/a/key', message: 'unknown property "key"' },
    ]);
  });

  test('names from Object.prototype are unknown properties, not crashes', () => {
    const document = JSON.parse(
      '{"flags": {"a": {"state": "ENABLED", "variants": {"on": true}, "constructor": 1, "__proto__": {"x": 1}}},' +
        ' "toString": 1, "__proto__": null, "hasOwnProperty": 2}',
    );
    expect(unknownFieldIssues(document).map((issue) => issue.path)).toEqual([
      '/toString',
      '/__proto__',
      '/hasOwnProperty',
      '/flags/a/constructor',
      '/flags/a/__proto__',
    ]);
  });

  test('JSON Pointer escaping of flag keys and property names', () => {
    expect(unknownFieldIssues({ flags: { 'a/b~c': { ...flag, 'x/y': 1 } } })).toEqual([
      { path: '/flags/a~1b~0c/x~1y', message: 'unknown property "x/y"' },
    ]);
  });

  test('shapes that are not objects are left to the other validations', () => {
    for (const document of [
      null,
      [],
      'flags',
      3,
      { flags: 'x' },
      { flags: [1, null, []] },
      { flags: { a: 1 } },
    ]) {
      expect(unknownFieldIssues(document)).toEqual([]);
    }
  });
});

describe('damerauLevenshtein', () => {
  test.each([
    ['', '', 0],
    ['abc', '', 3],
    ['state', 'state', 0],
    ['stat', 'state', 1],
    ['defualtVariant', 'defaultVariant', 1],
    ['targetting', 'targeting', 1],
    ['ca', 'abc', 2],
    ['kitten', 'sitting', 3],
  ])('%j → %j is %i', (a, b, distance) => {
    expect(damerauLevenshtein(a, b)).toBe(distance);
    expect(damerauLevenshtein(b, a)).toBe(distance);
  });
});
