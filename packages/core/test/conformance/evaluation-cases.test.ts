import { FlagSet } from '@switchyard/core';
import { type EvaluationCase, evaluationCases, resolutionMismatches } from '@switchyard/testkit';
import { describe, expect, test } from 'vitest';

// The project's evaluation cases (packages/testkit/cases/evaluation-cases.json) against core, every case:
// core parses leniently, as flagd does, so cases on invalid flag sets run too.
const cases = evaluationCases();
const parsed = new Map<object, FlagSet>();

function flagSetOf(testCase: EvaluationCase): FlagSet {
  let set = parsed.get(testCase.flagSet);
  if (set === undefined) {
    set = FlagSet.parse(testCase.flagSet);
    parsed.set(testCase.flagSet, set);
  }
  return set;
}

function resolve(testCase: EvaluationCase) {
  const set = flagSetOf(testCase);
  const { flag, context } = testCase;
  switch (testCase.type) {
    case 'boolean':
      return set.resolveBoolean(flag, testCase.defaultValue as boolean, context);
    case 'string':
      return set.resolveString(flag, testCase.defaultValue as string, context);
    case 'number':
      return set.resolveNumber(flag, testCase.defaultValue as number, context);
    case 'object':
      return set.resolveObject(
        flag,
        testCase.defaultValue as Parameters<FlagSet['resolveObject']>[1],
        context,
      );
  }
}

describe('evaluation cases against @switchyard/core', () => {
  test.each(cases.map((testCase) => [testCase.name, testCase] as const))('%s', (_name, testCase) => {
    expect(resolutionMismatches(testCase, resolve(testCase))).toEqual([]);
  });
});

describe('the tags of the cases are honest', () => {
  const byFlagSet = new Map<object, EvaluationCase[]>();
  for (const testCase of cases)
    byFlagSet.set(testCase.flagSet, [...(byFlagSet.get(testCase.flagSet) ?? []), testCase]);

  test.each(
    [...byFlagSet.values()].map((group) => [group[0]!.flagSetName ?? group[0]!.name, group] as const),
  )('flag set %s: "invalid-flag-set" exactly when strict validation reports issues', (_name, group) => {
    const issues = FlagSet.validate(group[0]!.flagSet);
    for (const testCase of group)
      expect(
        testCase.tags.includes('invalid-flag-set'),
        `${testCase.name}: ${JSON.stringify(issues[0])}`,
      ).toBe(issues.length > 0);
  });
});
