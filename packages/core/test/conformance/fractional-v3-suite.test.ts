import { bucketingV3 } from '@switchyard/core';
import {
  FRACTIONAL_V1_EXCLUDED,
  loadLaunchpadFlags,
  locateFlagdTestbed,
  PROVIDER_SUITE_EXCLUDED_TAGS,
  providerSuiteFeatures,
  registerFlagdSuite,
} from '@switchyard/testkit';
import { it } from 'vitest';
import { coreEvaluator } from './core-evaluator.js';

// flagd's accepted v3 bucketing is not in flagd HEAD yet, so core serves v2 by default. The hash input
// is pluggable: parsed with `bucketingV3`, core must pass every @fractional-v3 vector of the testbed.
const testbed = locateFlagdTestbed();

if (testbed === null) {
  it.skip('flagd fractional v3 vectors (flagd testbed not found)', () => {});
} else {
  const { '@fractional-v3': _v3, ...otherExclusions } = PROVIDER_SUITE_EXCLUDED_TAGS;
  registerFlagdSuite({
    name: 'flagd fractional v3 vectors against @switchyard/core with bucketingV3',
    featureFiles: providerSuiteFeatures(testbed),
    createEvaluator: coreEvaluator(loadLaunchpadFlags(testbed), { bucketing: bucketingV3 }),
    requireTags: { '@fractional-v3': 'only the v3 vectors: every other scenario runs with v2 elsewhere' },
    excludeTags: {
      ...FRACTIONAL_V1_EXCLUDED,
      ...otherExclusions,
      '@fractional-v2': 'v2 vectors run with the default strategy in provider-suites.test.ts',
    },
  });
}
