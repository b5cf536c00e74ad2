import { OpenFeature } from '@openfeature/server-sdk';
import { FlagSet } from '@switchyard/core';
import {
  IN_PROCESS_REQUIRED,
  launchpadFlagFiles,
  loadLaunchpadFlags,
  locateFlagdTestbed,
  PROVIDER_SUITE_EXCLUDED_SCENARIOS,
  PROVIDER_SUITE_EXCLUDED_TAGS,
  providerSuiteFeatures,
  registerFlagdSuite,
  type ScenarioCase,
  type TagReasons,
} from '@switchyard/testkit';
import { afterAll, beforeAll, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/start-server.js';
import { startTestServer, type TestServer } from '../support/admin-client.js';
import { flagdProviderEvaluator } from './flagd-provider-evaluator.js';

// flagd-testbed `gherkin/{targeting,evaluation,metadata,disabled}.feature` through the official
// @openfeature/flagd-provider, in both its modes: RPC (flagd.evaluation.v2 over gRPC) and in-process
// (flagd.sync.v1 over gRPC, evaluated by flagd-core in the provider). Tag filters and exclusions are those of
// the core, OFREP and SwitchyardProvider runs, plus the mode tag the testbed gives each scenario.
//
// Two servers: one in FILE MODE on the launchpad's flag files (lenient like flagd, so the deliberately broken
// flags load and answer PARSE_ERROR), and one on a SQLite DATABASE into which the testbed flags were
// imported through the admin API, reached with a server SDK key given as the selector `sdk-key:<key>` (the
// JS provider cannot send other metadata).
const testbed = locateFlagdTestbed();

const RPC_REQUIRED: TagReasons = {
  '@rpc': 'remote evaluation; scenarios without @rpc (metadata.feature) are for in-process providers',
};

const MODES = [
  { resolverType: 'rpc', requireTags: RPC_REQUIRED },
  { resolverType: 'in-process', requireTags: IN_PROCESS_REQUIRED },
] as const;

if (testbed === null) {
  it.skip('flagd suites through @openfeature/flagd-provider (flagd testbed not found)', () => {});
} else {
  const launchpad = loadLaunchpadFlags(testbed);
  const refused = new Set(
    FlagSet.validate(launchpad).map((issue) => /^\/flags\/([^/]+)/.exec(issue.path)?.[1]),
  );
  let files: RunningServer | undefined;
  let database: TestServer | undefined;
  let serverKey = '';

  beforeAll(async () => {
    files = await startServer({
      flagFiles: launchpadFlagFiles(testbed),
      port: 0,
      host: '127.0.0.1',
      logger: false,
    });
    // The testbed's keys include capitals, which the default naming rule refuses.
    database = await startTestServer('sqlite', { flagKeyPattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' });
    const flagset = '/api/v1/projects/default/environments/production/flagset';
    const before = await database.api('GET', flagset);
    const flags = Object.fromEntries(
      Object.entries(launchpad.flags as Record<string, unknown>).filter(([key]) => !refused.has(key)),
    );
    const imported = await database.api(
      'PUT',
      flagset,
      { ...launchpad, flags },
      { headers: { 'if-match': before.headers.get('etag')! } },
    );
    if (imported.status !== 200) throw new Error(`import failed: ${imported.text.slice(0, 500)}`);
    const key = await database.api('POST', '/api/v1/projects/default/environments/production/sdk-keys', {
      name: 'flagd suites',
      kind: 'server',
    });
    serverKey = key.body.key;
  });
  afterAll(async () => {
    await OpenFeature.close();
    await files?.close();
    await database?.stop();
  });

  /** The admin API validates strictly: the testbed's deliberately malformed flags cannot be stored. */
  const readsRefusedFlag = (testCase: ScenarioCase): string | undefined => {
    const keys = testCase.pickle.steps.map((step) => /with key "([^"]+)"/.exec(step.text)?.[1]);
    const key = keys.find((k) => k !== undefined && refused.has(k));
    return key === undefined
      ? undefined
      : `reads ${key}, which the admin API refuses as malformed (the file-mode run covers it)`;
  };

  for (const mode of MODES) {
    registerFlagdSuite({
      name: `flagd suites through @openfeature/flagd-provider 0.16 ${mode.resolverType} (file mode)`,
      featureFiles: providerSuiteFeatures(testbed),
      createEvaluator: flagdProviderEvaluator(() => ({
        resolverType: mode.resolverType,
        host: '127.0.0.1',
        port: files!.port,
      })),
      requireTags: mode.requireTags,
      excludeTags: PROVIDER_SUITE_EXCLUDED_TAGS,
      excludeScenarios: PROVIDER_SUITE_EXCLUDED_SCENARIOS,
    });

    registerFlagdSuite({
      name: `flagd suites through @openfeature/flagd-provider 0.16 ${mode.resolverType} (SQLite, key as selector)`,
      featureFiles: providerSuiteFeatures(testbed),
      createEvaluator: flagdProviderEvaluator(() => ({
        resolverType: mode.resolverType,
        host: '127.0.0.1',
        port: database!.server.port,
        selector: `sdk-key:${serverKey}`,
      })),
      requireTags: mode.requireTags,
      excludeTags: PROVIDER_SUITE_EXCLUDED_TAGS,
      excludeScenarios: {
        ...PROVIDER_SUITE_EXCLUDED_SCENARIOS,
        ...(mode.resolverType === 'in-process' && {
          'Returns no metadata':
            'with the key as selector, every flag has metadata "scope" (the server adds "<project>/<environment>" so that the provider does not copy the key there); the file-mode run covers it',
        }),
      },
      excludeCases: readsRefusedFlag,
    });
  }
}
