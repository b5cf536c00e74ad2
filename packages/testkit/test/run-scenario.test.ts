import { describe, expect, it } from 'vitest';
import {
  type FlagdSuiteOptions,
  HarnessError,
  matchStep,
  parseFeatureSource,
  runScenario,
  type SuiteEvaluator,
  type SuiteResolution,
  skipReason,
} from '../src/index.js';

/** A fixed table of results standing in for the system under test. */
function tableEvaluator(
  results: Record<string, SuiteResolution>,
  seen: unknown[] = [],
): () => SuiteEvaluator {
  return () => ({
    async evaluate(type, key, defaultValue, context) {
      seen.push({ type, key, defaultValue, context });
      return (
        results[key] ?? {
          value: defaultValue,
          reason: 'ERROR',
          errorCode: 'FLAG_NOT_FOUND',
          flagMetadata: {},
        }
      );
    },
  });
}

function feature(body: string): string {
  return `Feature: harness self-test\n\n${body}\n`;
}

function onlyPickle(source: string) {
  const [first, ...rest] = parseFeatureSource(source, 'inline.feature').cases;
  if (!first || rest.length > 0) throw new Error('expected exactly one scenario');
  return first.pickle;
}

const objectFlag: SuiteResolution = {
  value: { a: 1 },
  variant: 'on',
  reason: 'STATIC',
  flagMetadata: { owner: 'team', version: 2, beta: true },
};

describe('runScenario', () => {
  it('fails on a step no definition matches, naming the step', async () => {
    const pickle = onlyPickle(
      feature(`  Scenario: unknown
    Given an evaluator
    And the moon is full
    Then the reason should be "STATIC"`),
    );
    const run = runScenario(pickle, { createEvaluator: tableEvaluator({}) });
    await expect(run).rejects.toThrow(HarnessError);
    await expect(runScenario(pickle, { createEvaluator: tableEvaluator({}) })).rejects.toThrow(
      /step "the moon is full": \[UNKNOWN_STEP\]/,
    );
  });

  it('fails a scenario that asserts nothing', async () => {
    const pickle = onlyPickle(
      feature(`  Scenario: no assertion
    Given an evaluator
    And a Boolean-flag with key "x" and a fallback value "false"
    When the flag was evaluated with details`),
    );
    await expect(runScenario(pickle, { createEvaluator: tableEvaluator({}) })).rejects.toThrow(
      /NO_ASSERTION/,
    );
  });

  it('fails when an assertion comes before the evaluation', async () => {
    const pickle = onlyPickle(
      feature(`  Scenario: out of order
    Given an evaluator
    And a Boolean-flag with key "x" and a fallback value "false"
    Then the reason should be "STATIC"`),
    );
    await expect(runScenario(pickle, { createEvaluator: tableEvaluator({}) })).rejects.toThrow(/STEP_ORDER/);
  });

  it('passes typed defaults and context to the evaluator and checks value, variant, reason and metadata', async () => {
    const seen: unknown[] = [];
    const pickle = onlyPickle(
      feature(`  Scenario Outline: object
    Given an evaluator
    And a Object-flag with key "obj" and a fallback value "<default>"
    And a context containing a key "age", with type "Integer" and with value "42"
    And a context containing a nested property with outer key "user" and inner key "name", with value "3"
    And a context containing a targeting key with value "user-1"
    When the flag was evaluated with details
    Then the resolved details value should be "<value>"
    And the variant should be "on"
    And the reason should be "STATIC"
    And the error-code should be ""
    And the resolved metadata should contain
      | key     | metadata_type | value |
      | owner   | String        | team  |
      | version | Integer       | 2     |
      | beta    | Boolean       | true  |

    Examples:
      | default    | value       |
      | {\\"b\\": 2} | {\\"a\\": 1} |`),
    );
    await runScenario(pickle, { createEvaluator: tableEvaluator({ obj: objectFlag }, seen) });
    expect(seen).toEqual([
      {
        type: 'Object',
        key: 'obj',
        defaultValue: { b: 2 },
        context: { age: 42, user: { name: '3' }, targetingKey: 'user-1' },
      },
    ]);
  });

  it('fails when the evaluator returns something other than expected', async () => {
    const wrongValue = onlyPickle(
      feature(`  Scenario: wrong value
    Given a stable flagd provider
    And a String-flag with key "s" and a default value "fallback"
    When the flag was evaluated with details
    Then the resolved details value should be "hi"`),
    );
    const evaluator = tableEvaluator({ s: { value: 'bye', reason: 'STATIC', flagMetadata: {} } });
    await expect(runScenario(wrongValue, { createEvaluator: evaluator })).rejects.toThrow(/value of s/);

    const notEmpty = onlyPickle(
      feature(`  Scenario: metadata
    Given an evaluator
    And a Object-flag with key "obj" and a fallback value "{}"
    When the flag was evaluated with details
    Then the resolved metadata is empty`),
    );
    await expect(
      runScenario(notEmpty, { createEvaluator: tableEvaluator({ obj: objectFlag }) }),
    ).rejects.toThrow(/metadata of obj/);
  });

  it('refuses provider steps and options a pure evaluator cannot honour', async () => {
    const pickle = onlyPickle(
      feature(`  Scenario: selector
    Given an option "selector" of type "String" with value "rawflags/selector-flags.json"
    And a stable flagd provider
    Then the reason should be "STATIC"`),
    );
    await expect(runScenario(pickle, { createEvaluator: tableEvaluator({}) })).rejects.toThrow(
      /UNSUPPORTED_STEP/,
    );
    expect(() =>
      matchStep('a metadata flagd provider').definition.run(
        { context: {}, options: {}, assertions: 0 },
        ['metadata'],
        undefined,
        { createEvaluator: tableEvaluator({}) },
      ),
    ).toThrow(/needs the flagd testbed launchpad/);
  });
});

describe('matchStep', () => {
  it('matches both the evaluator and the provider wording of the flag step, exactly once', () => {
    expect(matchStep('a Float-flag with key "f" and a fallback value "0.1"').args).toEqual([
      'Float',
      'f',
      '0.1',
    ]);
    expect(matchStep('a Float-flag with key "f" and a default value "0.1"').args).toEqual([
      'Float',
      'f',
      '0.1',
    ]);
    expect(matchStep('a stable flagd provider').args).toEqual([]);
  });

  it('keeps quotes inside the last argument', () => {
    const { args } = matchStep(
      'a context containing a key "o", with type "Object" and with value "{"a": "b"}"',
    );
    expect(args).toEqual(['o', 'Object', '{"a": "b"}']);
  });
});

describe('parseFeatureSource and skipReason', () => {
  const source = `@in-process
Feature: tags

  Scenario Outline: outline
    Given an evaluator
    Then the reason should be "<reason>"

    @v1
    Examples: old
      | reason |
      | A      |

    @v2
    Examples: new
      | reason |
      | B      |
      | C      |

  @rpc-only
  Scenario: plain
    Given an evaluator
`;
  const options: FlagdSuiteOptions = {
    name: 'x',
    featureFiles: [],
    createEvaluator: tableEvaluator({}),
    requireTags: { '@in-process': 'mode' },
    excludeTags: { '@v1': 'legacy', '@rpc-only': 'no gRPC' },
  };

  it('expands outlines into one case per row with a distinguishable title', () => {
    const { cases } = parseFeatureSource(source, 'tags.feature');
    expect(cases.map((c) => c.title)).toEqual([
      'outline [line 11: A]',
      'outline [line 16: B]',
      'outline [line 17: C]',
      'plain [line 20]',
    ]);
    expect(cases[0]?.pickle.steps[1]?.text).toBe('the reason should be "A"');
  });

  it('skips by tag expression with the stated reason, and by scenario name', () => {
    const { cases } = parseFeatureSource(source, 'tags.feature');
    expect(cases.map((c) => skipReason(c, options))).toEqual([
      '@v1: legacy',
      undefined,
      undefined,
      '@rpc-only: no gRPC',
    ]);
    const byName = { ...options, excludeScenarios: { outline: 'two flag sets' } };
    expect(skipReason(cases[1]!, byName)).toBe('excluded by name: two flag sets');
  });

  it('skips single cases by their data, leaving the other rows of the outline to run', () => {
    const { cases } = parseFeatureSource(source, 'tags.feature');
    const byCase: FlagdSuiteOptions = {
      ...options,
      excludeCases: (c) => (c.pickle.steps.some((s) => s.text.includes('"C"')) ? 'reads C' : undefined),
    };
    expect(cases.map((c) => skipReason(c, byCase))).toEqual([
      '@v1: legacy',
      undefined,
      'excluded: reads C',
      '@rpc-only: no gRPC',
    ]);
  });
});
