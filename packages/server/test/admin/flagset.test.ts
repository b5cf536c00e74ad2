import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/admin-client.js';
import { storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('admin API tests (PostgreSQL)');
const prod = '/api/v1/projects/default/environments/production/flagset';
const dev = '/api/v1/projects/default/environments/development/flagset';

const document = {
  $schema: 'https://flagd.dev/schema/v0/flags.json',
  flags: {
    'color-scheme': {
      state: 'ENABLED',
      variants: { light: 'light', dark: 'dark' },
      defaultVariant: 'light',
      targeting: { if: [{ $ref: 'beta-users' }, 'dark', null] },
      metadata: { owner: 'ui' },
    },
    'max-items': { state: 'DISABLED', variants: { few: 5, many: 50 }, defaultVariant: 'few' },
  },
  $evaluators: { 'beta-users': { in: [{ var: 'targetingKey' }, ['u1', 'u2']] } },
  metadata: { source: 'import' },
};

describe.each(targets)('flag set import and export over HTTP on %s', (target) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(target);
  });
  afterAll(() => t?.stop());

  it('imports a flagd document, then reads it back as imported (raw JSON Logic preserved)', async () => {
    const before = await t.api('GET', prod);
    const imported = await t.api('PUT', prod, document, {
      headers: { 'if-match': before.headers.get('etag')! },
    });
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({
      created: ['color-scheme', 'max-items'],
      updated: [],
      unchanged: [],
      removed: [],
      segments: { created: ['beta-users'], updated: [], unchanged: [], removed: [] },
    });
    const read = await t.api('GET', prod);
    const { $schema: _schema, ...expected } = document;
    expect(read.body).toEqual(expected);
    expect(read.headers.get('etag')).toBe(`"${imported.body.version}"`);
    // New flags exist in the other environment too, DISABLED.
    const other = await t.api('GET', dev);
    expect(other.body.flags['color-scheme'].state).toBe('DISABLED');
  });

  it('answers what changed on a second import, and removes flags missing from the document', async () => {
    const next = structuredClone(document) as typeof document & { flags: Record<string, unknown> };
    next.flags['max-items'] = { ...document.flags['max-items'], state: 'ENABLED' };
    delete (next.flags as Record<string, unknown>)['color-scheme'];
    next.flags['brand-new'] = { state: 'ENABLED', variants: { on: true }, defaultVariant: 'on' };
    const imported = await t.api('PUT', prod, next);
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({
      created: ['brand-new'],
      updated: ['max-items'],
      unchanged: [],
      removed: ['color-scheme'],
      segments: { unchanged: ['beta-users'] },
    });
    const read = await t.api('GET', prod);
    expect(Object.keys(read.body.flags).sort()).toEqual(['brand-new', 'max-items']);
    // Removed from this environment only: the flag stays in the project.
    expect((await t.api('GET', '/api/v1/projects/default/flags/color-scheme')).status).toBe(200);
    const same = await t.api('PUT', prod, next);
    expect(same.body).toMatchObject({
      created: [],
      updated: [],
      unchanged: ['brand-new', 'max-items'],
      removed: [],
    });
    expect(same.body.version).toBe(imported.body.version);
  });

  it('accepts the flagd daemon format (flags as an array)', async () => {
    const arrayDoc = {
      flags: [{ key: 'arr-flag', state: 'ENABLED', variants: { a: 1 }, defaultVariant: 'a' }],
    };
    const imported = await t.api('PUT', dev, arrayDoc);
    expect(imported.status).toBe(200);
    expect((await t.api('GET', dev)).body.flags).toEqual({
      'arr-flag': { state: 'ENABLED', variants: { a: 1 }, defaultVariant: 'a' },
    });
  });

  it('is all or nothing: an invalid document is refused with every problem named, and nothing changes', async () => {
    const before = await t.api('GET', prod);
    const broken = {
      flags: {
        good: { state: 'ENABLED', variants: { on: true }, defaultVariant: 'on' },
        'bad-default': { state: 'ENABLED', variants: { on: true }, defaultVariant: 'missing' },
        'bad-state': { state: 'MAYBE', variants: { on: true }, defaultVariant: 'on' },
        'Bad Key': { state: 'ENABLED', variants: { on: true }, defaultVariant: 'on' },
      },
    };
    const refused = await t.api('PUT', prod, broken);
    expect(refused.status).toBe(400);
    const paths: string[] = refused.body.error.issues.map((i: { path: string }) => i.path);
    expect(paths.some((p) => p.startsWith('/body/flags/bad-default'))).toBe(true);
    expect(paths.some((p) => p.startsWith('/body/flags/bad-state'))).toBe(true);
    expect(paths).toContain('/body/flags/Bad Key');
    const after = await t.api('GET', prod);
    expect(after.body).toEqual(before.body);
    expect(after.headers.get('etag')).toBe(before.headers.get('etag'));
  });

  it('refuses an import that drops a variant another environment serves, naming that environment', async () => {
    // production serves max-items "few"; importing into development without "few" must fail everywhere.
    const before = await t.api('GET', prod);
    const doc = {
      flags: { 'max-items': { state: 'ENABLED', variants: { many: 50 }, defaultVariant: 'many' } },
    };
    const refused = await t.api('PUT', dev, doc);
    expect(refused.status).toBe(400);
    expect(
      refused.body.error.issues.some((i: { message: string }) => i.message.includes('"production"')),
    ).toBe(true);
    expect((await t.api('GET', prod)).body).toEqual(before.body);
  });

  it('answers 412 on a stale If-Match', async () => {
    const stale = await t.api('PUT', prod, document, { headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
  });
});
