import { FlagSet, type FlagSetValidationError, type ValidationIssue } from '@switchyard/core';
import { describe, expect, test } from 'vitest';

const flag = (overrides: Record<string, unknown>) => ({
  state: 'ENABLED',
  variants: { on: true, off: false },
  defaultVariant: 'off',
  ...overrides,
});
const issuesOf = (flags: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  FlagSet.validate({ flags, ...extra });
const expectIssue = (issues: ValidationIssue[], path: string, message: RegExp) =>
  expect(issues).toContainEqual({ path, message: expect.stringMatching(message) });

describe('strict validation', () => {
  test('a valid document has no issues', () => {
    expect(
      issuesOf({ a: flag({ targeting: { if: [{ '==': [{ var: 'plan' }, 'pro'] }, 'on', 'off'] } }) }),
    ).toEqual([]);
  });

  test.each<[string, unknown, string, RegExp]>([
    ['the document is not an object', [], '', /JSON object/],
    ['flags is missing', {}, '/flags', /required/],
    ['flags is a string', { flags: 'x' }, '/flags', /object/],
    [
      'an array flag has no key',
      { flags: [{ state: 'ENABLED', variants: { a: 1 } }] },
      '/flags/0/key',
      /key/,
    ],
    [
      'array flag keys repeat',
      {
        flags: [
          { key: 'a', ...flag({}) },
          { key: 'a', ...flag({}) },
        ],
      },
      '/flags/1/key',
      /duplicate/,
    ],
    [
      'set metadata has an object value',
      { flags: {}, metadata: { x: {} } },
      '/metadata/x',
      /strings, numbers or booleans/,
    ],
    ['flagSetId is not a string', { flags: {}, metadata: { flagSetId: 3 } }, '/metadata/flagSetId', /string/],
    ['$evaluators is not an object', { flags: {}, $evaluators: [] }, '/$evaluators', /object/],
    [
      'an evaluator refers to itself',
      { flags: {}, $evaluators: { loop: { $ref: 'loop' } } },
      '/$evaluators/loop',
      /refers to itself/,
    ],
    [
      'an evaluator uses an unknown operator',
      { flags: {}, $evaluators: { x: { nope: [] } } },
      '/$evaluators/x',
      /unknown operator "nope"/,
    ],
  ])('%s', (_name, doc, path, message) => {
    expectIssue(FlagSet.validate(doc), path, message);
  });

  test.each<[string, Record<string, unknown>, string, RegExp]>([
    ['the flag is not an object', { f: 3 }, '/flags/f', /must be an object/],
    ['state is missing', { f: flag({ state: undefined }) }, '/flags/f/state', /required/],
    ['state is unknown', { f: flag({ state: 'ON' }) }, '/flags/f/state', /ENABLED/],
    ['variants are missing', { f: { state: 'ENABLED' } }, '/flags/f/variants', /required/],
    ['variants are not a map', { f: flag({ variants: ['a'] }) }, '/flags/f/variants', /object/],
    [
      'variants are empty',
      { f: flag({ variants: {}, defaultVariant: null }) },
      '/flags/f/variants',
      /at least one/,
    ],
    [
      'variant types are mixed',
      { f: flag({ variants: { on: true, off: 'no' } }) },
      '/flags/f/variants',
      /one type.*boolean.*string/,
    ],
    [
      'a variant value is null',
      { f: flag({ variants: { on: true, off: null } }) },
      '/flags/f/variants/off',
      /boolean, string, number or object/,
    ],
    [
      'the default variant is not a variant',
      { f: flag({ defaultVariant: 'maybe' }) },
      '/flags/f/defaultVariant',
      /"maybe" is not one of/,
    ],
    [
      'the default variant is a number',
      { f: flag({ defaultVariant: 1 }) },
      '/flags/f/defaultVariant',
      /string/,
    ],
    ['flag metadata is a list', { f: flag({ metadata: [] }) }, '/flags/f/metadata', /object/],
    [
      'flag metadata has a nested value',
      { f: flag({ metadata: { a: [1] } }) },
      '/flags/f/metadata/a',
      /strings, numbers or booleans/,
    ],
    [
      'targeting is not an object',
      { f: flag({ targeting: 'on' }) },
      '/flags/f/targeting',
      /JSON Logic object/,
    ],
    [
      'targeting uses an unknown operator',
      { f: flag({ targeting: { invalid: [1] } }) },
      '/flags/f/targeting',
      /unknown operator "invalid"/,
    ],
    [
      'targeting refers to an unknown evaluator',
      { f: flag({ targeting: { if: [{ $ref: 'ghost' }, 'on', 'off'] } }) },
      '/flags/f/targeting/if/0',
      /unknown evaluator reference "ghost"/,
    ],
    [
      'targeting returns a variant that does not exist',
      { f: flag({ targeting: { if: [true, 'onn', 'off'] } }) },
      '/flags/f/targeting/if/1',
      /"onn", which is not one of the variants/,
    ],
    [
      'a boolean rule needs true/false variants',
      { f: flag({ targeting: { '==': [{ var: 'a' }, 1] } }) },
      '/flags/f/targeting',
      /"true"/,
    ],
    [
      'a fractional bucket names a missing variant',
      {
        f: flag({
          targeting: {
            fractional: [
              ['on', 50],
              ['of', 50],
            ],
          },
        }),
      },
      '/flags/f/targeting/fractional/1/0',
      /"of"/,
    ],
    [
      'fractional weights add up to zero',
      {
        f: flag({
          targeting: {
            fractional: [
              ['on', 0],
              ['off', 0],
            ],
          },
        }),
      },
      '/flags/f/targeting/fractional',
      /add up to 0/,
    ],
    [
      'a fractional weight is fractional',
      {
        f: flag({
          targeting: {
            fractional: [
              ['on', 0.5],
              ['off', 1],
            ],
          },
        }),
      },
      '/flags/f/targeting/fractional/0',
      /integer/,
    ],
    [
      'a fractional weight is negative',
      {
        f: flag({
          targeting: {
            fractional: [
              ['on', -1],
              ['off', 1],
            ],
          },
        }),
      },
      '/flags/f/targeting/fractional/0/1',
      /negative/,
    ],
    [
      'fractional weights exceed int32',
      {
        f: flag({
          targeting: {
            fractional: [
              ['on', 2147483647],
              ['off', 1],
            ],
          },
        }),
      },
      '/flags/f/targeting/fractional/1',
      /more than 2147483647/,
    ],
    [
      'a fractional bucket has three entries',
      {
        f: flag({
          targeting: {
            fractional: [
              ['on', 1, 2],
              ['off', 1],
            ],
          },
        }),
      },
      '/flags/f/targeting/fractional/0',
      /\[variant, weight\]/,
    ],
    [
      'a fractional bucket is not an array',
      { f: flag({ targeting: { fractional: [{ var: 'k' }, 'on'] } }) },
      '/flags/f/targeting/fractional/1',
      /\[variant, weight\]/,
    ],
    [
      'sem_ver has two arguments',
      { f: flag({ targeting: { sem_ver: [{ var: 'v' }, '>'] } }) },
      '/flags/f/targeting/sem_ver',
      /exactly 3/,
    ],
    [
      'sem_ver has an unknown operator',
      { f: flag({ targeting: { sem_ver: [{ var: 'v' }, '===', '1.0.0'] } }) },
      '/flags/f/targeting/sem_ver/1',
      /unknown sem_ver operator/,
    ],
    [
      'sem_ver compares with a non-version',
      { f: flag({ targeting: { sem_ver: [{ var: 'v' }, '>', 'latest'] } }) },
      '/flags/f/targeting/sem_ver/2',
      /not a semantic version/,
    ],
    [
      'starts_with has one argument',
      { f: flag({ targeting: { starts_with: [{ var: 'e' }] } }) },
      '/flags/f/targeting/starts_with',
      /exactly 2/,
    ],
    [
      'ends_with compares with a number',
      { f: flag({ targeting: { ends_with: [{ var: 'e' }, 3] } }) },
      '/flags/f/targeting/ends_with/1',
      /strings/,
    ],
    [
      '== has three arguments',
      { f: flag({ targeting: { '==': [1, 2, 3] } }) },
      '/flags/f/targeting/==',
      /exactly 2/,
    ],
    [
      'var names an unknown $flagd property',
      { f: flag({ targeting: { '==': [{ var: '$flagd.user' }, 1] } }) },
      '/flags/f/targeting/==/0/var/0',
      /unknown flagd property/,
    ],
    [
      'a rule argument is a multi-key object',
      { f: flag({ targeting: { '==': [{ a: 1, b: 2 }, 1] } }) },
      '/flags/f/targeting/==/0',
      /single-operator rule/,
    ],
    [
      '"?:" is outside the flagd schema',
      { f: flag({ targeting: { '?:': [true, 'on', 'off'] } }) },
      '/flags/f/targeting/?:',
      /not part of flagd's targeting schema/,
    ],
    [
      '"method" is not supported',
      { f: flag({ targeting: { method: ['abc', 'toUpperCase'] } }) },
      '/flags/f/targeting',
      /unknown operator "method"/,
    ],
    [
      'reduce has two arguments',
      { f: flag({ targeting: { reduce: [[1], { var: 'current' }] } }) },
      '/flags/f/targeting/reduce',
      /exactly 3/,
    ],
    [
      'missing_some has one argument',
      { f: flag({ targeting: { missing_some: [1] } }) },
      '/flags/f/targeting/missing_some',
      /minimum/,
    ],
  ])('%s', (_name, flags, path, message) => {
    expectIssue(issuesOf(flags), path, message);
  });

  test('reports every problem, not only the first, with JSON Pointer paths (escaped)', () => {
    const issues = issuesOf({
      'a/b': flag({ defaultVariant: 'x' }),
      c: flag({ state: 'OFF', targeting: { nope: 1 } }),
    });
    expect(issues.map((i) => i.path)).toEqual([
      '/flags/a~1b/defaultVariant',
      '/flags/c/state',
      '/flags/c/targeting',
    ]);
  });

  test('shared rules are checked once, where they are defined', () => {
    const issues = issuesOf(
      {
        a: flag({ targeting: { if: [{ $ref: 'bad' }, 'on', 'off'] } }),
        b: flag({ targeting: { if: [{ $ref: 'bad' }, 'on', 'off'] } }),
      },
      { $evaluators: { bad: { '==': [1] } } },
    );
    expect(issues).toEqual([{ path: '/$evaluators/bad/==', message: expect.stringMatching(/exactly 2/) }]);
  });

  test('parse({ strict: true }) throws all issues; invalid JSON text is one issue', () => {
    try {
      FlagSet.parse(
        { flags: { a: flag({ defaultVariant: 'x' }), b: flag({ variants: {}, defaultVariant: null }) } },
        { strict: true },
      );
      expect.unreachable();
    } catch (error) {
      expect((error as FlagSetValidationError).issues).toHaveLength(2);
    }
    expect(FlagSet.validate('{oops')).toEqual([
      { path: '', message: expect.stringMatching(/^invalid JSON/) },
    ]);
  });
});
