import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CaseGroup,
  type CaseResolution,
  type EvaluationCase,
  registerEvaluationCases,
  toJsonText,
} from '@switchyard/testkit';
import { afterAll } from 'vitest';
import { type RunningServer, startServer } from '../../src/index.js';
import { OFREP_BODY_LIMIT } from '../../src/sdk/ofrep/ofrep-response.js';
import { startTestServer, type TestServer } from '../support/admin-client.js';
import { storageTargets } from '../support/storage-targets.js';

// The project's evaluation cases through OFREP's single-flag endpoint: once with the server in file
// mode (lenient, as flagd: broken flags answer PARSE_ERROR) and once per database, where each flag set
// is imported into an environment of its own. The answer is read as OFREP specifies (the official
// providers run the flagd testbed suites through the same endpoints in flagd-suites-ofrep.test.ts).

const overHttp = {
  'context-types': 'the context holds values JSON cannot carry, and OFREP sends JSON',
  'proto-keys':
    'OFREP drops __proto__ keys from a request before anything reads it (a prototype-pollution guard)',
} as const;

/** Evaluates a case with one OFREP request, typed as an OpenFeature provider types the answer. */
function evaluateWith(url: string, key: string | undefined) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== undefined) headers['x-api-key'] = key;
  return async (testCase: EvaluationCase): Promise<CaseResolution> => {
    const response = await fetch(`${url}/ofrep/v1/evaluate/flags/${encodeURIComponent(testCase.flag)}`, {
      method: 'POST',
      headers,
      body: requestBody(testCase),
    });
    return typedResolution(testCase, response.status, await response.json());
  };
}

function requestBody(testCase: EvaluationCase): string {
  return `{"context":${toJsonText(testCase.context)}}`;
}

/** What OFREP refuses before evaluating, by its contract: a request over its size limit, a non-string targetingKey. */
function refusedOverOfrep(testCase: EvaluationCase): string | undefined {
  const size = Buffer.byteLength(requestBody(testCase));
  if (size > OFREP_BODY_LIMIT)
    return `its ${size}-byte request is over OFREP's ${OFREP_BODY_LIMIT}-byte limit (413)`;
  const key = testCase.context.targetingKey;
  if (key !== undefined && typeof key !== 'string')
    return 'OFREP requires a string targetingKey (INVALID_CONTEXT)';
  return undefined;
}

function hasProtoKey(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  return Object.hasOwn(value, '__proto__') || Object.values(value).some(hasProtoKey);
}

/** OFREP's answer as a typed resolution: errors and type mismatches give the caller its default. */
function typedResolution(
  testCase: EvaluationCase,
  status: number,
  body: Record<string, unknown>,
): CaseResolution {
  const flagMetadata = (body.metadata ?? {}) as Record<string, unknown>;
  const fallback = testCase.defaultValue;
  if (status !== 200)
    return { value: fallback, reason: 'ERROR', errorCode: body.errorCode as string, flagMetadata };
  const base = { reason: body.reason as string, flagMetadata };
  // A success without a value (disabled, or no default variant) means "use your default" (OFREP ADR-0006).
  if (!Object.hasOwn(body, 'value')) return { ...base, value: fallback };
  const value = body.value;
  const fits =
    testCase.type === 'object' ? typeof value === 'object' && value !== null : typeof value === testCase.type;
  if (!fits) return { value: fallback, reason: 'ERROR', errorCode: 'TYPE_MISMATCH', flagMetadata };
  return { ...base, value, ...(typeof body.variant === 'string' && { variant: body.variant }) };
}

let fileServer: RunningServer | undefined;
const dir = mkdtempSync(join(tmpdir(), 'switchyard-cases-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

registerEvaluationCases({
  name: 'OFREP in file mode',
  skipTags: overHttp,
  skipCase: refusedOverOfrep,
  async load(group: CaseGroup) {
    const file = join(dir, `${group.cases[0]!.name.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60)}.json`);
    writeFileSync(file, JSON.stringify(group.flagSet));
    fileServer = await startServer({ flagFiles: [file], port: 0, host: '127.0.0.1', logger: false });
    return evaluateWith(fileServer.url, undefined);
  },
  async unload() {
    await fileServer?.close();
  },
});

for (const target of await storageTargets('evaluation cases through OFREP (PostgreSQL)')) {
  let t: TestServer | undefined;
  let environments = 0;
  afterAll(() => t?.stop());
  registerEvaluationCases({
    name: `OFREP on a ${target === 'sqlite' ? 'SQLite' : 'PostgreSQL'}-backed server`,
    skipTags: {
      ...overHttp,
      'invalid-flag-set': 'the admin API imports only flag sets that pass strict validation',
    },
    skipCase: (testCase) =>
      refusedOverOfrep(testCase) ??
      (hasProtoKey(testCase.flagSet)
        ? 'the admin API refuses documents with "__proto__" keys (a prototype-pollution guard)'
        : undefined),
    async load(group: CaseGroup) {
      t ??= await startTestServer(target);
      const environment = `cases-${++environments}`;
      const base = `/api/v1/projects/default/environments/${environment}`;
      const created = await t.api('POST', '/api/v1/projects/default/environments', { key: environment });
      if (created.status !== 201) throw new Error(`creating ${environment}: ${created.text}`);
      const imported = await t.api('PUT', `${base}/flagset`, group.flagSet);
      if (imported.status !== 200) throw new Error(`importing flag set ${group.name}: ${imported.text}`);
      const key = await t.api('POST', `${base}/sdk-keys`, { name: 'cases', kind: 'client' });
      return evaluateWith(t.server.url, key.body.key as string);
    },
  });
}
