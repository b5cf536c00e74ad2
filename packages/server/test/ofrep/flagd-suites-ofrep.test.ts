import { OpenFeature } from '@openfeature/server-sdk';
import {
  launchpadFlagFiles,
  locateFlagdTestbed,
  PROVIDER_SUITE_EXCLUDED_SCENARIOS,
  PROVIDER_SUITE_EXCLUDED_TAGS,
  providerSuiteFeatures,
  registerFlagdSuite,
} from '@switchyard/testkit';
import { afterAll, beforeAll, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/start-server.js';
import { ofrepEvaluator } from './ofrep-provider-evaluator.js';
import { ofrepWebEvaluator } from './ofrep-web-provider-evaluator.js';

// flagd-testbed `gherkin/{targeting,evaluation,metadata,disabled}.feature` through the OFREP endpoint
// with the official @openfeature/ofrep-provider. The server runs in FILE MODE on the launchpad's flag
// files (every flags/*.json but selector-*, in name order, as the testbed image merges them): file
// mode is lenient like flagd, so the deliberately broken flags load and answer PARSE_ERROR.
const testbed = locateFlagdTestbed();

if (testbed === null) {
  it.skip('flagd evaluation suites through OFREP (flagd testbed not found)', () => {});
} else {
  let server: RunningServer | undefined;
  const files = launchpadFlagFiles(testbed);

  beforeAll(async () => {
    server = await startServer({ flagFiles: files, port: 0, host: '127.0.0.1', logger: false });
  });
  afterAll(async () => {
    await OpenFeature.close();
    await server?.close();
  });

  const url = () => {
    if (!server) throw new Error('server not started');
    return server.url;
  };
  const excludeTags = PROVIDER_SUITE_EXCLUDED_TAGS;
  const excludeScenarios = PROVIDER_SUITE_EXCLUDED_SCENARIOS;
  const features = providerSuiteFeatures(testbed);

  // Bulk endpoint, official web provider (ofrep-core 2.3): every selected scenario.
  registerFlagdSuite({
    name: 'flagd evaluation suites through bulk OFREP (@openfeature/ofrep-web-provider 0.4, file mode)',
    featureFiles: features,
    createEvaluator: () => ofrepWebEvaluator(url())(),
    excludeTags,
    excludeScenarios,
  });

  // Single-flag endpoint, official server provider.
  registerFlagdSuite({
    name: 'flagd evaluation suites through single-flag OFREP (@openfeature/ofrep-provider 0.1.3, file mode)',
    featureFiles: features,
    createEvaluator: () => ofrepEvaluator(url())(),
    excludeTags: {
      ...excludeTags,
      '@disabled':
        'ofrep-provider 0.1.3 (newest in the registry; ofrep-core 0.1.4) predates ADR-0006 and rejects a success ' +
        'without value; the bulk suite above checks these through ofrep-core 2.3',
      '@no-default-variant':
        'same: a code-default success has no value (ADR-0006), which ofrep-provider 0.1.3 rejects',
    },
    excludeScenarios,
  });
}
