import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadTestkitFlags, locateFlagdTestbed, registerFlagdSuite } from '@switchyard/testkit';
import { it } from 'vitest';
import { coreEvaluator } from './core-evaluator.js';

// flagd-testbed `evaluator/gherkin/*.feature`: the evaluator-level suite, flags from testkit-flags.json.
const testbed = locateFlagdTestbed();

if (testbed === null) {
  it.skip('flagd evaluator suite (flagd testbed not found)', () => {});
} else {
  const featureDir = join(testbed, 'evaluator', 'gherkin');
  registerFlagdSuite({
    name: 'flagd evaluator suite against @switchyard/core',
    featureFiles: readdirSync(featureDir)
      .filter((name) => name.endsWith('.feature'))
      .sort()
      .map((name) => join(featureDir, name)),
    createEvaluator: coreEvaluator(loadTestkitFlags(testbed)),
    excludeTags: {
      '@fractional-v1':
        'legacy float bucketing; core implements v2, as flagd core/v0.15+ and flagd-core 4.x do',
    },
  });
}
