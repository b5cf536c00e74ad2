import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/admin-client.js';
import { storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('admin API tests (PostgreSQL)');
const base = '/api/v1/projects/default/flags';

describe.each(targets)('flags over HTTP on %s', (target) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(target);
  });
  afterAll(() => t?.stop());

  it('creates a flag that starts DISABLED in every environment', async () => {
    const created = await t.api('POST', base, {
      key: 'new-checkout',
      name: 'New checkout',
      description: 'The one-page checkout',
      kind: 'experiment',
      owner: 'team-payments',
      tags: ['checkout', 'web'],
      variants: { on: true, off: false },
      defaultVariant: 'off',
      metadata: { jira: 'PAY-1' },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.body).toMatchObject({
      key: 'new-checkout',
      kind: 'experiment',
      owner: 'team-payments',
      tags: ['checkout', 'web'],
      version: 1,
      environments: {
        development: { state: 'DISABLED', defaultVariant: 'off', targeting: null, version: 1 },
        production: { state: 'DISABLED', defaultVariant: 'off', targeting: null, version: 1 },
      },
    });
    const flagSet = await t.api('GET', '/api/v1/projects/default/environments/production/flagset');
    expect(flagSet.body.flags['new-checkout']).toEqual({
      state: 'DISABLED',
      variants: { on: true, off: false },
      defaultVariant: 'off',
      metadata: { jira: 'PAY-1' },
    });
  });

  it('lists flags, filtered by kind and tag', async () => {
    await t.api('POST', base, {
      key: 'ops-switch',
      kind: 'operational',
      tags: ['ops'],
      variants: { on: true, off: false },
    });
    const all = await t.api('GET', base);
    expect(all.body.flags.map((f: { key: string }) => f.key)).toEqual(
      expect.arrayContaining(['new-checkout', 'ops-switch']),
    );
    const ops = await t.api('GET', `${base}?kind=operational`);
    expect(ops.body.flags.map((f: { key: string }) => f.key)).toEqual(['ops-switch']);
    const web = await t.api('GET', `${base}?tag=web`);
    expect(web.body.flags.map((f: { key: string }) => f.key)).toEqual(['new-checkout']);
  });

  it('gets a flag with its ETag, and 404 for an unknown one', async () => {
    const got = await t.api('GET', `${base}/new-checkout`);
    expect(got.status).toBe(200);
    expect(got.headers.get('etag')).toBe('"1"');
    const missing = await t.api('GET', `${base}/does-not-exist`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
  });

  it('patches with If-Match, bumps the version, and answers 412 on a stale ETag without changing anything', async () => {
    const patched = await t.api(
      'PATCH',
      `${base}/new-checkout`,
      { description: 'v2' },
      { headers: { 'if-match': '"1"' } },
    );
    expect(patched.status).toBe(200);
    expect(patched.headers.get('etag')).toBe('"2"');
    expect(patched.body.description).toBe('v2');
    const stale = await t.api(
      'PATCH',
      `${base}/new-checkout`,
      { description: 'v3' },
      { headers: { 'if-match': '"1"' } },
    );
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('PRECONDITION_FAILED');
    const after = await t.api('GET', `${base}/new-checkout`);
    expect(after.body.description).toBe('v2');
    expect(after.body.version).toBe(2);
  });

  it('refuses to drop a variant an environment serves by default', async () => {
    const refused = await t.api('PATCH', `${base}/new-checkout`, { variants: { on: true } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.issues[0]).toMatchObject({ path: '/body/variants' });
    expect(refused.body.error.issues[0].message).toContain('"off"');
  });

  it('applies the flag-key naming rule', async () => {
    const bad = await t.api('POST', base, { key: 'Bad Key!', variants: { on: true } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues).toEqual([
      { path: '/body/key', message: expect.stringContaining('pattern') },
    ]);
  });

  it('answers 409 for a duplicate key and 400 for an unknown default variant', async () => {
    const duplicate = await t.api('POST', base, { key: 'new-checkout', variants: { on: true } });
    expect(duplicate.status).toBe(409);
    const unknown = await t.api('POST', base, {
      key: 'x-flag',
      variants: { on: true },
      defaultVariant: 'nope',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.issues[0].path).toBe('/body/defaultVariant');
  });

  it('deletes a flag from every environment (412 on a stale ETag)', async () => {
    await t.api('POST', base, { key: 'doomed', variants: { on: true } });
    expect(
      (await t.api('DELETE', `${base}/doomed`, undefined, { headers: { 'if-match': '"7"' } })).status,
    ).toBe(412);
    const deleted = await t.api('DELETE', `${base}/doomed`, undefined, { headers: { 'if-match': '"1"' } });
    expect(deleted.status).toBe(204);
    expect((await t.api('GET', `${base}/doomed`)).status).toBe(404);
    const flagSet = await t.api('GET', '/api/v1/projects/default/environments/development/flagset');
    expect(flagSet.body.flags.doomed).toBeUndefined();
  });

  it('accepts a DELETE that declares a JSON content type but sends no body', async () => {
    await t.api('POST', base, { key: 'doomed-too', variants: { on: true } });
    const deleted = await t.api('DELETE', `${base}/doomed-too`, undefined, {
      headers: { 'content-type': 'application/json' },
    });
    expect(deleted.status).toBe(204);
  });
});

describe('a configured flag-key rule', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('sqlite', { flagKeyPattern: '^team-[a-z]+\\.[a-z-]+$' });
  });
  afterAll(() => t?.stop());

  it('is enforced instead of the default', async () => {
    expect((await t.api('POST', base, { key: 'plain', variants: { on: true } })).status).toBe(400);
    expect((await t.api('POST', base, { key: 'team-pay.checkout', variants: { on: true } })).status).toBe(
      201,
    );
  });
});
