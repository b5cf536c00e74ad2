import { describe, expect, it } from 'vitest';
import {
  EVALUATION_CASE_TAGS,
  type EvaluationCase,
  EvaluationCasesError,
  evaluationCases,
  parseEvaluationCases,
  resolutionMismatches,
} from '../src/index.js';

const TAGS = {
  'invalid-flag-set': 'fails strict validation',
  'context-types': 'values JSON cannot carry',
  'large-context': 'generated large',
  'proto-keys': 'owns a __proto__ attribute',
};

const flag = { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on' };

function validCase(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'a static flag',
    flagSet: 'basic',
    flag: 'f',
    type: 'boolean',
    defaultValue: false,
    expected: { value: true, variant: 'on', reason: 'STATIC' },
    ...overrides,
  };
}

function file(cases: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { version: 1, tags: TAGS, flagSets: { basic: { flags: { f: flag } } }, cases, ...extra };
}

function problemsOf(input: unknown): readonly string[] {
  try {
    parseEvaluationCases(input);
  } catch (error) {
    expect(error).toBeInstanceOf(EvaluationCasesError);
    return (error as EvaluationCasesError).problems;
  }
  return [];
}

describe('the checked-in evaluation cases', () => {
  const cases = evaluationCases();

  it('load without a problem, each tag in use', () => {
    expect(cases.length).toBeGreaterThan(300);
    for (const tag of EVALUATION_CASE_TAGS)
      expect(
        cases.some((c) => c.tags.includes(tag)),
        tag,
      ).toBe(true);
  });

  it('cases naming one shared flag set share one object, so a runner loads each set once', () => {
    const resolution = cases.filter((c) => c.flagSetName === 'resolution');
    expect(resolution.length).toBeGreaterThan(10);
    expect(new Set(resolution.map((c) => c.flagSet)).size).toBe(1);
  });

  it('build special context values: deep nesting, cycles, throwing getters, own __proto__ keys', () => {
    const byName = (name: string) => cases.find((c) => c.name === name)!;
    let nested = byName('hostile context: targeting returns a 10,000-deep nested array: GENERAL, not a throw')
      .context.color as unknown[];
    let depth = 0;
    while (Array.isArray(nested) && nested.length > 0) {
      nested = nested[0] as unknown[];
      depth++;
    }
    expect(depth).toBe(10_000);
    const cyclic = byName('hostile context: targeting returns a cyclic object: GENERAL').context.color as {
      self: unknown;
    };
    expect(cyclic.self).toBe(cyclic);
    const getter = byName('hostile context: a context attribute whose getter throws: GENERAL').context;
    expect(() => getter.color).toThrow('boom');
    const proto = byName('context: an own attribute named __proto__ is read like any other').context;
    expect(Object.hasOwn(proto, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
  });
});

describe('a malformed cases file fails loudly, naming every problem and where it is', () => {
  it('accepts a minimal valid file', () => {
    expect(parseEvaluationCases(file([validCase()]))).toHaveLength(1);
  });

  it.each<[string, unknown, RegExp]>([
    ['not an object', [], /JSON object/],
    ['another version', file([validCase()], { version: 2 }), /^version: must be 1/],
    [
      'an undescribed tag',
      file([validCase()], { tags: { 'invalid-flag-set': 'x' } }),
      /tags\/context-types: needs a description/,
    ],
    ['an unknown top-level member', file([validCase()], { extra: 1 }), /unknown member "extra"/],
    ['no cases', file([]), /cases: must be a non-empty array/],
    [
      'an unused flag set',
      file([validCase()], { flagSets: { basic: { flags: { f: flag } }, spare: { flags: {} } } }),
      /flagSets\/spare: no case uses it/,
    ],
    [
      'a flag set without flags',
      file([validCase({ flagSet: { flag } })]),
      /"flagSet" must name a shared flag set/,
    ],
    [
      'an unknown flag set name',
      file([validCase({ flagSet: 'nope' })]),
      /cases\/0 "a static flag": "flagSet" names "nope"/,
    ],
    ['a case without a name', file([validCase({ name: '' })]), /cases\/0: "name" must be a non-empty string/],
    [
      'two cases with one name',
      file([validCase(), validCase()]),
      /cases\/1 "a static flag": "name" is used by another case/,
    ],
    ['a misspelt member', file([validCase({ variatn: 'on' })]), /unknown member "variatn"/],
    ['an unknown type', file([validCase({ type: 'integer' })]), /"type" must be one of/],
    [
      'a default of another type',
      file([validCase({ defaultValue: 'no' })]),
      /"defaultValue" must be a boolean/,
    ],
    ['a context that is not an object', file([validCase({ context: [] })]), /"context" must be an object/],
    [
      'no expected value',
      file([validCase({ expected: { variant: 'on', reason: 'STATIC' } })]),
      /"value" is required/,
    ],
    [
      'a value of another type',
      file([validCase({ expected: { value: 'on', variant: 'on', reason: 'STATIC' } })]),
      /"value" must be a boolean/,
    ],
    [
      'an unknown reason',
      file([validCase({ expected: { value: true, variant: 'on', reason: 'SPLIT' } })]),
      /"reason" must be one of/,
    ],
    [
      'an error code without ERROR',
      file([validCase({ expected: { value: true, variant: 'on', reason: 'STATIC', errorCode: 'GENERAL' } })]),
      /"errorCode" is given exactly when/,
    ],
    [
      'ERROR without an error code',
      file([validCase({ expected: { value: false, reason: 'ERROR' } })]),
      /"errorCode" is given exactly when/,
    ],
    [
      'an unknown error code',
      file([validCase({ expected: { value: false, reason: 'ERROR', errorCode: 'OOPS' } })]),
      /"errorCode" must be one of/,
    ],
    [
      'a match without its variant',
      file([validCase({ expected: { value: true, reason: 'TARGETING_MATCH' } })]),
      /names its variant/,
    ],
    [
      'DISABLED with a variant',
      file([validCase({ expected: { value: false, variant: 'on', reason: 'DISABLED' } })]),
      /has no variant/,
    ],
    [
      'an error value that is not the default',
      file([validCase({ expected: { value: true, reason: 'ERROR', errorCode: 'GENERAL' } })]),
      /must be the default value/,
    ],
    [
      'metadata with an object value',
      file([
        validCase({ expected: { value: true, variant: 'on', reason: 'STATIC', flagMetadata: { a: {} } } }),
      ]),
      /"flagMetadata" must be an object of string/,
    ],
    [
      'an unknown expected member',
      file([validCase({ expected: { value: true, variant: 'on', reason: 'STATIC', message: 'x' } })]),
      /expected: unknown member "message"/,
    ],
    ['an unknown tag', file([validCase({ tags: ['slow'] })]), /unknown tag "slow"/],
    [
      'a tag given twice',
      file([validCase({ tags: ['invalid-flag-set', 'invalid-flag-set'] })]),
      /given twice/,
    ],
    [
      'an unknown $special',
      file([validCase({ context: { a: { $special: 'gremlin' } } })]),
      /context\/a: unknown \$special "gremlin"/,
    ],
    [
      'a $special missing a parameter',
      file([validCase({ context: { a: { $special: 'nested-array' } }, tags: ['large-context'] })]),
      /context\/a: "nested-array" needs "depth"/,
    ],
    [
      'a $special with a bad parameter',
      file([validCase({ context: { a: { $special: 'nested-array', depth: -1 } }, tags: ['large-context'] })]),
      /"depth" must be an integer/,
    ],
    [
      'a $special with an unknown parameter',
      file([validCase({ context: { a: { $special: 'cyclic-object', size: 2 } }, tags: ['context-types'] })]),
      /takes no parameter "size"/,
    ],
    [
      'a $special without its tag',
      file([validCase({ context: { a: { $special: 'cyclic-object' } } })]),
      /its context needs the tag "context-types"/,
    ],
    [
      'a tag the context does not need',
      file([validCase({ tags: ['large-context'] })]),
      /tagged "large-context" but its context has no such value/,
    ],
    [
      'a getter that is not a property',
      file([
        validCase({
          context: { a: [{ $special: 'throwing-getter', message: 'x' }] },
          tags: ['context-types'],
        }),
      ]),
      /can only be the value of an object property/,
    ],
  ])('%s', (_name, input, problem) => {
    const problems = problemsOf(input);
    expect(
      problems.some((p) => problem.test(p)),
      problems.join('\n'),
    ).toBe(true);
  });

  it('lists all problems at once', () => {
    const problems = problemsOf(
      file([validCase({ type: 'integer' }), validCase({ name: 'b', flag: 3, tags: 'x' })]),
    );
    expect(problems.length).toBeGreaterThanOrEqual(3);
  });
});

describe('resolutionMismatches judges a resolution the same way for every target', () => {
  const [testCase] = parseEvaluationCases(
    file([validCase({ expected: { value: true, variant: 'on', reason: 'STATIC', flagMetadata: { a: 1 } } })]),
  ) as [EvaluationCase];
  const [noVariant] = parseEvaluationCases(
    file([validCase({ expected: { value: false, reason: 'DEFAULT' } })]),
  ) as [EvaluationCase];

  it('accepts the expected resolution; extra members are not compared', () => {
    expect(
      resolutionMismatches(testCase, {
        value: true,
        variant: 'on',
        reason: 'STATIC',
        flagMetadata: { a: 1 },
      }),
    ).toEqual([]);
  });

  it('names each difference', () => {
    expect(
      resolutionMismatches(testCase, {
        value: false,
        variant: 'off',
        reason: 'STATIC',
        errorCode: 'GENERAL',
        flagMetadata: {},
      }),
    ).toEqual([
      'value: expected true, got false',
      'variant: expected "on", got "off"',
      'errorCode: expected (none), got "GENERAL"',
      'flagMetadata: expected {"a":1}, got {}',
    ]);
  });

  it('an absent variant must be absent; absent metadata is not compared', () => {
    expect(
      resolutionMismatches(noVariant, { value: false, reason: 'DEFAULT', flagMetadata: { x: 1 } }),
    ).toEqual([]);
    expect(resolutionMismatches(noVariant, { value: false, variant: 'off', reason: 'DEFAULT' })).toEqual([
      'variant: expected (none), got "off"',
    ]);
  });
});
