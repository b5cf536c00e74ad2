import {
  evaluatorSuiteFeatures,
  FRACTIONAL_V1_EXCLUDED,
  loadTestkitFlags,
  locateFlagdTestbed,
  registerFlagdSuite,
} from '@switchyard/testkit';
import { it } from 'vitest';
import { coreEvaluator } from './core-evaluator.js';

// flagd-testbed `evaluator/gherkin/*.feature`: the evaluator-level suite, flags from testkit-flags.json.
const testbed = locateFlagdTestbed();

if (testbed === null) {
  it.skip('flagd evaluator suite (flagd testbed not found)', () => {});
} else {
  registerFlagdSuite({
    name: 'flagd evaluator suite against @switchyard/core',
    featureFiles: evaluatorSuiteFeatures(testbed),
    createEvaluator: coreEvaluator(loadTestkitFlags(testbed)),
    excludeTags: FRACTIONAL_V1_EXCLUDED,
  });
}
