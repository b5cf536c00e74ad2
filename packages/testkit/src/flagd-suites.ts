import { basename, join } from 'node:path';
import { describe as vitestDescribe, it as vitestIt } from 'vitest';
import { parseFeatureFile, type ScenarioCase, tagFilter } from './flagd/gherkin-source.js';
import { HarnessError } from './flagd/harness-errors.js';
import { runScenario } from './flagd/run-scenario.js';
import type { EvaluatorFactory } from './flagd/suite-evaluator.js';

/** Tag → one-line reason. Reasons show up in the titles of skipped tests. */
export type TagReasons = Readonly<Record<string, string>>;

export interface FlagdSuiteOptions {
  /** Title of the enclosing `describe`. */
  readonly name: string;
  /** Absolute paths of the `.feature` files to run. */
  readonly featureFiles: readonly string[];
  /** Fresh system under test per scenario. */
  readonly createEvaluator: EvaluatorFactory;
  /** Every scenario must carry all of these tags (e.g. the mode tag `@in-process`). */
  readonly requireTags?: TagReasons;
  /** Scenarios carrying any of these tags are skipped. */
  readonly excludeTags?: TagReasons;
  /** Scenario name (as written in the feature file) → why it cannot apply here. Must match something. */
  readonly excludeScenarios?: Readonly<Record<string, string>>;
  /**
   * Why one case (one Examples row) cannot apply here, or undefined: for exclusions that depend on a case's
   * data, such as the flag it reads, rather than on its scenario's name or tags.
   */
  readonly excludeCases?: (testCase: ScenarioCase) => string | undefined;
  /** Defaults to vitest's own. */
  readonly describe?: typeof vitestDescribe;
  readonly it?: typeof vitestIt;
}

/** The tag expression the options amount to, in `@cucumber/tag-expressions` syntax (for documentation). */
export function suiteTagExpression(options: Pick<FlagdSuiteOptions, 'requireTags' | 'excludeTags'>): string {
  const parts = [
    ...Object.keys(options.requireTags ?? {}),
    ...Object.keys(options.excludeTags ?? {}).map((tag) => `not ${tag}`),
  ];
  return parts.join(' and ');
}

/** Why a case is skipped, or undefined when it runs. Selection uses `@cucumber/tag-expressions`. */
export function skipReason(
  testCase: ScenarioCase,
  options: FlagdSuiteOptions,
  selected: (tags: readonly string[]) => boolean = tagFilter(suiteTagExpression(options)),
): string | undefined {
  const byName = options.excludeScenarios?.[testCase.pickle.name];
  if (byName !== undefined) return `excluded by name: ${byName}`;
  const byCase = options.excludeCases?.(testCase);
  if (byCase !== undefined) return `excluded: ${byCase}`;
  if (selected(testCase.tags)) return undefined;
  for (const [tag, reason] of Object.entries(options.requireTags ?? {})) {
    if (!testCase.tags.includes(tag)) return `lacks ${tag}: ${reason}`;
  }
  const tag = Object.keys(options.excludeTags ?? {}).find((t) => testCase.tags.includes(t));
  return tag === undefined ? 'tag filter' : `${tag}: ${options.excludeTags?.[tag]}`;
}

/** Paths of named feature files in a directory, e.g. `featurePaths(dir, ['targeting', 'evaluation'])`. */
export function featurePaths(dir: string, names: readonly string[]): string[] {
  return names.map((name) => join(dir, name.endsWith('.feature') ? name : `${name}.feature`));
}

/**
 * Registers every scenario of the given feature files as a vitest test: one `describe` per feature,
 * one `it` per pickle (each Scenario Outline row separately). Excluded scenarios are registered as
 * skipped with their reason, so the counts stay visible.
 */
export function registerFlagdSuite(options: FlagdSuiteOptions): void {
  const describe = options.describe ?? vitestDescribe;
  const it = options.it ?? vitestIt;
  const features = options.featureFiles.map(parseFeatureFile);
  const env = { createEvaluator: options.createEvaluator };
  const selected = tagFilter(suiteTagExpression(options));

  describe(options.name, () => {
    const names = new Set(features.flatMap((f) => f.cases.map((c) => c.pickle.name)));
    for (const [name, reason] of Object.entries(options.excludeScenarios ?? {})) {
      if (!names.has(name)) {
        it(`exclusion "${name}" matches a scenario`, () => {
          throw new HarnessError(
            'STALE_EXCLUSION',
            `no scenario named "${name}" (excluded because: ${reason})`,
          );
        });
      }
    }
    // Decided up front: nested describe bodies run after this one, so counting inside them is too late.
    const runnable = features
      .flatMap((f) => f.cases)
      .filter((c) => skipReason(c, options, selected) === undefined);
    for (const feature of features) {
      describe(`${basename(feature.uri)}: ${feature.name}`, () => {
        for (const testCase of feature.cases) {
          const reason = skipReason(testCase, options, selected);
          if (reason === undefined) {
            it(testCase.title, () => runScenario(testCase.pickle, env));
          } else {
            it.skip(`${testCase.title} (skipped: ${reason})`, () => {});
          }
        }
      });
    }
    if (runnable.length === 0) {
      it('selects at least one scenario', () => {
        throw new HarnessError('NO_ASSERTION', 'the tag filter and exclusions left no scenario to run');
      });
    }
  });
}
