import {
  IN_PROCESS_REQUIRED,
  loadLaunchpadFlags,
  locateFlagdTestbed,
  PROVIDER_SUITE_EXCLUDED_SCENARIOS,
  PROVIDER_SUITE_EXCLUDED_TAGS,
  providerSuiteFeatures,
  registerFlagdSuite,
} from '@switchyard/testkit';
import { it } from 'vitest';
import { coreEvaluator } from './core-evaluator.js';

// flagd-testbed `gherkin/{targeting,evaluation,metadata,disabled}.feature` with the launchpad's merged
// flags (allFlags.json). Connection, event, caching and config suites need the testbed image and gRPC.
const testbed = locateFlagdTestbed();

if (testbed === null) {
  it.skip('flagd provider evaluation suites (flagd testbed not found)', () => {});
} else {
  registerFlagdSuite({
    name: 'flagd provider evaluation suites against @switchyard/core',
    featureFiles: providerSuiteFeatures(testbed),
    createEvaluator: coreEvaluator(loadLaunchpadFlags(testbed)),
    requireTags: IN_PROCESS_REQUIRED,
    excludeTags: PROVIDER_SUITE_EXCLUDED_TAGS,
    excludeScenarios: PROVIDER_SUITE_EXCLUDED_SCENARIOS,
  });
}
