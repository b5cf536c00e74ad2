import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OpenFeature } from '@openfeature/server-sdk';
import { type RunningServer, startServer } from '@switchyard/server';
import {
  evaluatorSuiteFeatures,
  FRACTIONAL_V1_EXCLUDED,
  IN_PROCESS_REQUIRED,
  launchpadFlagFiles,
  loadTestkitFlags,
  locateFlagdTestbed,
  PROVIDER_SUITE_EXCLUDED_SCENARIOS,
  PROVIDER_SUITE_EXCLUDED_TAGS,
  providerSuiteFeatures,
  registerFlagdSuite,
} from '@switchyard/testkit';
import { afterAll, beforeAll, it } from 'vitest';
import { tempDir } from '../support/temp-dir.js';
import { providerEvaluator } from './provider-evaluator.js';

// The flagd testbed suites through SwitchyardProvider and the OpenFeature SDK: the server runs in
// FILE MODE (open SDK endpoints, lenient like flagd), the provider syncs over /sdk/v1/stream and
// evaluates in process. Selections and exclusions are those of the core and OFREP runs.
const testbed = locateFlagdTestbed();

if (testbed === null) {
  it.skip('flagd suites through SwitchyardProvider (flagd testbed not found)', () => {});
} else {
  const launchpadFiles = launchpadFlagFiles(testbed);
  const dir = tempDir();
  const testkitFile = join(dir.path, 'testkit-flags.json');
  let launchpad: RunningServer | undefined;
  let evaluator: RunningServer | undefined;

  beforeAll(async () => {
    writeFileSync(testkitFile, JSON.stringify(loadTestkitFlags(testbed)));
    launchpad = await startServer({ flagFiles: launchpadFiles, port: 0, host: '127.0.0.1', logger: false });
    evaluator = await startServer({ flagFiles: [testkitFile], port: 0, host: '127.0.0.1', logger: false });
  });
  afterAll(async () => {
    await OpenFeature.close();
    await launchpad?.close();
    await evaluator?.close();
    dir.remove();
  });
  const urlOf = (server: () => RunningServer | undefined) => () => {
    const running = server();
    if (!running) throw new Error('server not started');
    return running.url;
  };
  registerFlagdSuite({
    name: 'flagd provider evaluation suites through SwitchyardProvider (file mode, stream sync)',
    featureFiles: providerSuiteFeatures(testbed),
    createEvaluator: providerEvaluator(urlOf(() => launchpad)),
    requireTags: IN_PROCESS_REQUIRED,
    excludeTags: PROVIDER_SUITE_EXCLUDED_TAGS,
    excludeScenarios: PROVIDER_SUITE_EXCLUDED_SCENARIOS,
  });

  registerFlagdSuite({
    name: 'flagd evaluator suite through SwitchyardProvider (file mode, stream sync)',
    featureFiles: evaluatorSuiteFeatures(testbed),
    createEvaluator: providerEvaluator(urlOf(() => evaluator)),
    excludeTags: FRACTIONAL_V1_EXCLUDED,
  });
}
