import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EvaluationContext, JsonValue } from '@openfeature/server-sdk';
import { type RunningServer, startServer } from '@switchyard/server';
import { type CaseGroup, type EvaluationCase, registerEvaluationCases } from '@switchyard/testkit';
import { afterAll } from 'vitest';
import { SwitchyardProvider } from '../../src/index.js';
import { silentLogger } from '../support/event-log.js';
import { tempDir } from '../support/temp-dir.js';

// The project's evaluation cases through SwitchyardProvider: each flag set is served by a file-mode
// server (lenient, as flagd), the provider syncs it over the change stream and evaluates in process.
// The provider is called directly (not through an OpenFeature client), so contexts JSON cannot carry
// (cyclic objects, throwing getters, Dates) reach it as they are: every case runs.
const dir = tempDir();
afterAll(() => dir.remove());
let server: RunningServer | undefined;
let provider: SwitchyardProvider | undefined;
let files = 0;

registerEvaluationCases({
  name: 'SwitchyardProvider (in process, synced from a file-mode server)',
  async load(group: CaseGroup) {
    const file = join(dir.path, `set-${++files}.json`);
    writeFileSync(file, JSON.stringify(group.flagSet));
    server = await startServer({ flagFiles: [file], port: 0, host: '127.0.0.1', logger: false });
    provider = new SwitchyardProvider({ url: server.url, logger: silentLogger, telemetry: false });
    await provider.initialize();
    const synced = provider;
    return (testCase: EvaluationCase) => {
      const context = testCase.context as EvaluationContext;
      const { flag, defaultValue } = testCase;
      switch (testCase.type) {
        case 'boolean':
          return synced.resolveBooleanEvaluation(flag, defaultValue as boolean, context);
        case 'string':
          return synced.resolveStringEvaluation(flag, defaultValue as string, context);
        case 'number':
          return synced.resolveNumberEvaluation(flag, defaultValue as number, context);
        case 'object':
          return synced.resolveObjectEvaluation(flag, defaultValue as JsonValue, context);
      }
    };
  },
  async unload() {
    await provider?.onClose();
    await server?.close();
  },
});
