import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseResolution, resolutionMismatches } from './compare-resolution.js';
import type { EvaluationCase, EvaluationCaseTag } from './evaluation-case-types.js';
import { evaluationCases } from './read-evaluation-cases.js';

/** The cases that share one flag set: targets that load flag sets (a server, a provider) load each once. */
export interface CaseGroup {
  /** A name for the group (the shared set's name, or the case's own for an inline set). */
  name: string;
  flagSet: EvaluationCase['flagSet'];
  cases: EvaluationCase[];
}

export function groupByFlagSet(cases: readonly EvaluationCase[]): CaseGroup[] {
  const groups = new Map<object, CaseGroup>();
  for (const testCase of cases) {
    let group = groups.get(testCase.flagSet);
    if (!group) {
      group = { name: testCase.flagSetName ?? testCase.name, flagSet: testCase.flagSet, cases: [] };
      groups.set(testCase.flagSet, group);
    }
    group.cases.push(testCase);
  }
  return [...groups.values()];
}

export interface EvaluationCaseTarget {
  /** What runs the cases, e.g. "OFREP on a SQLite-backed server". */
  name: string;
  /** Tags this target cannot run, each with the reason (shown as the skip message). */
  skipTags?: Partial<Record<EvaluationCaseTag, string>>;
  /** Why this target cannot run one particular case (e.g. its request is over a size limit), if it cannot. */
  skipCase?: (testCase: EvaluationCase) => string | undefined;
  /** Loads a group's flag set (called once per group, in order) and answers an evaluator for its cases. */
  load(group: CaseGroup): Promise<(testCase: EvaluationCase) => Promise<CaseResolution>>;
  /** Undoes `load` after the group's cases ran. */
  unload?(group: CaseGroup): Promise<void>;
}

/**
 * Registers the project's evaluation cases (`cases/evaluation-cases.json`) against one evaluator:
 * a test per case, grouped by flag set; a case with a tag the target cannot run is a visible skip.
 */
export function registerEvaluationCases(target: EvaluationCaseTarget): void {
  const skipTags = target.skipTags ?? {};
  describe(`evaluation cases against ${target.name}`, () => {
    for (const group of groupByFlagSet(evaluationCases())) {
      describe(`flag set ${group.name}`, () => {
        const why = (c: EvaluationCase) => {
          const tag = c.tags.find((t) => skipTags[t] !== undefined);
          return tag !== undefined ? `${tag}: ${skipTags[tag]}` : target.skipCase?.(c);
        };
        const runnable = group.cases.filter((c) => why(c) === undefined);
        let evaluate: ((testCase: EvaluationCase) => Promise<CaseResolution>) | undefined;
        if (runnable.length > 0) {
          beforeAll(async () => {
            evaluate = await target.load({ ...group, cases: runnable });
          });
          afterAll(async () => {
            if (evaluate) await target.unload?.(group);
          });
        }
        for (const testCase of group.cases) {
          const skipped = why(testCase);
          if (skipped !== undefined) {
            it.skip(`${testCase.name} (${skipped})`, () => {});
            continue;
          }
          it(testCase.name, async () => {
            expect(resolutionMismatches(testCase, await evaluate!(testCase))).toEqual([]);
          });
        }
      });
    }
  });
}
