import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiResponse,
  type RequestOptions,
  startTestServer,
  type TestServer,
} from '../support/admin-client.js';
import { dumpDatabase } from '../support/dump-database.js';
import { storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('admin API tests (PostgreSQL)');

const P = '/api/v1/projects/default';
const E = `${P}/environments/production`;
interface Case {
  name: string;
  method: string;
  path: string;
  body?: unknown;
  options?: RequestOptions;
  /** Expected status; any 4xx if absent. */
  status?: number;
}

const writeRoutes: [string, string, unknown][] = [
  ['POST', '/api/v1/projects', { key: 'p2' }],
  ['POST', `${P}/environments`, { key: 'e2' }],
  ['POST', `${P}/flags`, { key: 'f2', variants: { on: true } }],
  ['PATCH', `${P}/flags/target`, { description: 'x' }],
  ['PUT', `${E}/flags/target`, { state: 'ENABLED', defaultVariant: 'on' }],
  ['PATCH', `${E}/flags/target`, { state: 'ENABLED' }],
  ['POST', `${E}/segments`, { key: 's2', rule: { '==': [1, 1] } }],
  ['PATCH', `${E}/segments/seg`, { name: 'x' }],
  ['PUT', `${E}/flagset`, { flags: {} }],
  ['POST', `${E}/sdk-keys`, { name: 'k', kind: 'server' }],
  ['POST', '/api/v1/admin-tokens', { name: 't', role: 'viewer' }],
  ['PATCH', P, { description: 'x' }],
];
const deleteRoutes = [
  P,
  `${P}/environments/production`,
  `${P}/flags/target`,
  `${E}/segments/seg`,
  `${E}/sdk-keys/x`,
  '/api/v1/admin-tokens/x',
];
const readRoutes = [
  '/api/v1/projects',
  `${P}/environments`,
  `${P}/flags`,
  `${P}/flags/target`,
  `${E}/flags/target`,
  `${E}/segments`,
  `${E}/flagset`,
  `${E}/sdk-keys`,
  '/api/v1/audit',
  '/api/v1/admin-tokens',
];

const brokenJson = [
  '{',
  '{"key": }',
  "{'key': 'x'}",
  '{"key": "x",}',
  'nul',
  '[1,2',
  '{"a":1}{"b":2}',
  '"unterminated',
  '{"key": NaN}',
  '\u0000',
];
const wrongValues: unknown[] = [42, 'text', true, null, [], [1, 'a'], { nested: { deep: 1 } }, -1.5];

function wrongTypeCases(): Case[] {
  const cases: Case[] = [];
  for (const [method, path, valid] of writeRoutes) {
    for (const field of Object.keys(valid as object)) {
      for (const value of wrongValues) {
        const body = { ...(valid as object), [field]: value };
        cases.push({ name: `${method} ${path} ${field}=${JSON.stringify(value)}`, method, path, body });
      }
    }
    cases.push({
      name: `${method} ${path} unknown property`,
      method,
      path,
      body: { ...(valid as object), surprise: 1 },
    });
    for (const body of [42, 'x', [], null, true]) {
      cases.push({ name: `${method} ${path} body ${JSON.stringify(body)}`, method, path, body });
    }
  }
  // Several wrong-typed values happen to be valid for a few fields (a string name, a JSON variant value):
  // those cases are filtered out below by only keeping bodies the schema must refuse.
  return cases.filter((c) => !acceptable(c));
}

/** Bodies that are valid after all (e.g. `description: "text"`), which this test must not send. */
function acceptable(c: Case): boolean {
  const body = c.body as Record<string, unknown> | null;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  // Values that are legitimately valid: a JSON variant value, a null default variant, an empty flag list.
  if (
    c.path.endsWith('/flags') &&
    c.method === 'POST' &&
    isPlainObject(body.variants) &&
    Object.keys(body.variants).length > 0
  )
    return true;
  if (c.method === 'PUT' && 'defaultVariant' in body && body.defaultVariant === null) return true;
  if (c.path.endsWith('/flagset') && Array.isArray(body.flags) && body.flags.length === 0) return true;
  const textFields = ['name', 'description', 'key'];
  for (const [field, value] of Object.entries(body)) {
    if (field === 'surprise') return false;
    if (textFields.includes(field) && value === 'text') {
      // 'text' is a valid name/description/key: the write would succeed and change state.
      return true;
    }
  }
  return false;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function malformedCases(): Case[] {
  const cases: Case[] = [];
  for (const [method, path] of writeRoutes) {
    for (const raw of brokenJson) {
      cases.push({
        name: `${method} ${path} broken JSON ${JSON.stringify(raw)}`,
        method,
        path,
        options: { raw },
        status: 400,
      });
    }
    cases.push({
      name: `${method} ${path} oversized`,
      method,
      path,
      options: { raw: JSON.stringify({ key: 'x', description: 'x'.repeat(1_200_000) }) },
      status: 413,
    });
    cases.push({
      name: `${method} ${path} not JSON`,
      method,
      path,
      options: { raw: 'key=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      status: 415,
    });
    cases.push({
      name: `${method} ${path} proto poisoning`,
      method,
      path,
      options: { raw: '{"__proto__":{"admin":true}}' },
    });
    cases.push({
      name: `${method} ${path} stale If-Match`,
      method,
      path,
      options: { headers: { 'if-match': 'garbage' } },
      body: {},
    });
  }
  return cases;
}

function semanticCases(): Case[] {
  const targeting = [
    { no_such_operator: [1] },
    { if: [{ $ref: 'missing-segment' }, 'on', 'off'] },
    { fractional: 'not-an-array' },
    { if: [true, 'on'], extra: 1 },
    { '==': 1 },
  ];
  const cases: Case[] = [
    ...['nope', 'ON', ''].map((v) => ({
      name: `PUT config unknown variant ${v}`,
      method: 'PUT',
      path: `${E}/flags/target`,
      body: { state: 'ENABLED', defaultVariant: v },
    })),
    {
      name: 'PATCH config unknown variant',
      method: 'PATCH',
      path: `${E}/flags/target`,
      body: { defaultVariant: 'nope' },
    },
    {
      name: 'create flag unknown default',
      method: 'POST',
      path: `${P}/flags`,
      body: { key: 'q', variants: { a: 1 }, defaultVariant: 'b' },
    },
    { name: 'create flag no variants', method: 'POST', path: `${P}/flags`, body: { key: 'q', variants: {} } },
    {
      name: 'drop served variant',
      method: 'PATCH',
      path: `${P}/flags/target`,
      body: { variants: { other: 1 } },
    },
    ...targeting.map((t, i) => ({
      name: `invalid targeting ${i}`,
      method: 'PATCH',
      path: `${E}/flags/target`,
      body: { targeting: t },
    })),
    ...[
      { flags: { x: { state: 'ENABLED', variants: { a: 1 }, defaultVariant: 'b' } } },
      { flags: { x: { state: 'ON', variants: { a: 1 }, defaultVariant: 'a' } } },
      { flags: { x: { variants: { a: 1 } } } },
      { flags: [{ state: 'ENABLED', variants: { a: 1 } }] },
      {
        flags: [
          { key: 'd', state: 'ENABLED', variants: { a: 1 } },
          { key: 'd', state: 'ENABLED', variants: { a: 1 } },
        ],
      },
      { flags: { 'UPPER CASE': { state: 'ENABLED', variants: { a: 1 }, defaultVariant: 'a' } } },
      { flags: {}, $evaluators: { 'bad name!': { '==': [1, 1] } } },
      { flags: {}, unknown: true },
    ].map((doc, i) => ({ name: `invalid flagset ${i}`, method: 'PUT', path: `${E}/flagset`, body: doc })),
    { name: 'segment rule not object', method: 'POST', path: `${E}/segments`, body: { key: 'z', rule: [1] } },
    { name: 'segment bad key', method: 'POST', path: `${E}/segments`, body: { key: '-z', rule: {} } },
    {
      name: 'duplicate project',
      method: 'POST',
      path: '/api/v1/projects',
      body: { key: 'default' },
      status: 409,
    },
    {
      name: 'duplicate flag',
      method: 'POST',
      path: `${P}/flags`,
      body: { key: 'target', variants: { a: 1 } },
      status: 409,
    },
    { name: 'revoke unknown key', method: 'DELETE', path: `${E}/sdk-keys/nope`, status: 404 },
    { name: 'delete unknown flag', method: 'DELETE', path: `${P}/flags/nope`, status: 404 },
    { name: 'bad project key', method: 'GET', path: '/api/v1/projects/UPPER/flags', status: 400 },
    { name: 'long flag key', method: 'GET', path: `${P}/flags/${'x'.repeat(300)}`, status: 400 },
    { name: 'audit bad limit', method: 'GET', path: '/api/v1/audit?limit=abc', status: 400 },
    { name: 'audit bad since', method: 'GET', path: '/api/v1/audit?since=not-a-date', status: 400 },
    { name: 'audit unknown param', method: 'GET', path: '/api/v1/audit?colour=red', status: 400 },
    { name: 'flags bad kind', method: 'GET', path: `${P}/flags?kind=nope`, status: 400 },
    {
      name: 'stale etag flag',
      method: 'PATCH',
      path: `${P}/flags/target`,
      body: { name: 'n' },
      options: { headers: { 'if-match': '"999"' } },
      status: 412,
    },
    { name: 'unknown route', method: 'GET', path: '/api/v1/nothing-here', status: 404 },
    { name: 'audit huge cursor', method: 'GET', path: '/api/v1/audit?cursor=99999999999', status: 400 },
    {
      name: 'NUL in name',
      method: 'POST',
      path: `${P}/flags`,
      body: { key: 'nul', name: 'a\u0000b', variants: { a: 1 } },
      status: 400,
    },
    {
      name: 'NUL in variant key',
      method: 'POST',
      path: `${P}/flags`,
      body: { key: 'nul', variants: { 'a\u0000': 1 } },
      status: 400,
    },
    { name: 'NUL in path', method: 'GET', path: `${P}/flags/a%00b`, status: 400 },
    { name: 'NUL in query', method: 'GET', path: '/api/v1/audit?actor=a%00b', status: 400 },
    {
      name: 'NUL in project key',
      method: 'POST',
      path: '/api/v1/projects',
      body: { key: 'a\u0000' },
      status: 400,
    },
    {
      name: 'deeply nested targeting',
      method: 'PATCH',
      path: `${E}/flags/target`,
      options: { raw: `{"targeting":${'{"if":['.repeat(5000)}true${']}'.repeat(5000)}}` },
      status: 400,
    },
    {
      name: 'very deeply nested array',
      method: 'PUT',
      path: `${E}/flagset`,
      options: {
        raw: `{"flags":{"x":{"state":"ENABLED","variants":{"a":${'['.repeat(100000)}${']'.repeat(100000)}}}}}`,
      },
      status: 400,
    },
  ];
  return cases;
}

function credentialCases(sdkKey: string): Case[] {
  const cases: Case[] = [];
  const routes: [string, string, unknown?][] = [
    ...readRoutes.map((p) => ['GET', p] as [string, string]),
    ...deleteRoutes.map((p) => ['DELETE', p] as [string, string]),
    ...writeRoutes,
  ];
  for (const [method, path, body] of routes) {
    cases.push({
      name: `${method} ${path} no credentials`,
      method,
      path,
      body,
      options: { token: null },
      status: 401,
    });
    cases.push({
      name: `${method} ${path} wrong token`,
      method,
      path,
      body,
      options: { token: 'sy_admin_nope' },
      status: 401,
    });
    cases.push({
      name: `${method} ${path} sdk key bearer`,
      method,
      path,
      body,
      options: { token: sdkKey },
      status: 403,
    });
    cases.push({
      name: `${method} ${path} sdk key header`,
      method,
      path,
      body,
      options: { token: null, headers: { 'x-api-key': sdkKey } },
      status: 403,
    });
  }
  return cases;
}

describe.each(targets)('bad input on %s', (target) => {
  let t: TestServer;
  let sdkKey: string;
  beforeAll(async () => {
    t = await startTestServer(target);
    await t.api('POST', `${P}/flags`, { key: 'target', variants: { on: true, off: false } });
    await t.api('POST', `${E}/segments`, { key: 'seg', rule: { '==': [1, 1] } });
    sdkKey = (await t.api('POST', `${E}/sdk-keys`, { name: 'k', kind: 'server' })).body.key;
  });
  afterAll(() => t?.stop());

  it('answers hundreds of malformed requests with a helpful 4xx, never a 5xx, and changes nothing', async () => {
    const cases = [...wrongTypeCases(), ...malformedCases(), ...semanticCases(), ...credentialCases(sdkKey)];
    expect(cases.length).toBeGreaterThan(300);
    const before = await dumpDatabase(t.database.location);
    const failures: string[] = [];
    for (let i = 0; i < cases.length; i += 8) {
      await Promise.all(
        cases.slice(i, i + 8).map(async (c) => {
          const response = await t.api(c.method, c.path, c.body, c.options);
          const problem = judge(c, response);
          if (problem) failures.push(`${c.name}: ${problem}`);
        }),
      );
    }
    expect(failures).toEqual([]);
    expect(await dumpDatabase(t.database.location)).toEqual(before);
  });
});

function judge(c: Case, response: ApiResponse): string | undefined {
  if (response.status >= 500) return `server error ${response.status}: ${response.text}`;
  if (response.status < 400) return `accepted with ${response.status}`;
  if (c.status !== undefined && response.status !== c.status)
    return `expected ${c.status}, got ${response.status}: ${response.text}`;
  const error = response.body?.error;
  if (typeof error?.code !== 'string' || typeof error?.message !== 'string' || error.message.length < 5) {
    return `no helpful error body: ${response.text}`;
  }
  if (!Array.isArray(error.issues)) return 'no issues list';
  if (error.code === 'VALIDATION_FAILED') {
    if (error.issues.length === 0) return 'validation error without issues';
    for (const issue of error.issues) {
      if (typeof issue.path !== 'string' || typeof issue.message !== 'string' || issue.message === '') {
        return `issue without path/message: ${JSON.stringify(issue)}`;
      }
    }
  }
  return undefined;
}
