import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, testAdminToken } from '../support/admin-client.js';
import { storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('admin API tests (PostgreSQL)');
const keys = '/api/v1/projects/default/environments/production/sdk-keys';

describe.each(targets)('authentication and authorisation on %s', (target) => {
  let t: TestServer;
  const logLines: string[] = [];
  let editor: string;
  let viewer: string;
  let serverKey: { id: string; key: string };

  beforeAll(async () => {
    const stream = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    t = await startTestServer(target, { logger: { level: 'info', stream } });
    editor = (await t.api('POST', '/api/v1/admin-tokens', { name: 'ed', role: 'editor' })).body.token;
    viewer = (await t.api('POST', '/api/v1/admin-tokens', { name: 'vi', role: 'viewer' })).body.token;
  });
  afterAll(() => t?.stop());

  it('refuses requests without a valid admin token with 401 and a clear message', async () => {
    const none = await t.api('GET', '/api/v1/projects', undefined, { token: null });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(none.body.error.message).toContain('Authorization: Bearer');
    const wrong = await t.api('GET', '/api/v1/projects', undefined, { token: 'sy_admin_wrong-wrong-wrong' });
    expect(wrong.status).toBe(401);
    const malformed = await t.api('GET', '/api/v1/projects', undefined, {
      token: null,
      headers: { authorization: 'Basic abc' },
    });
    expect(malformed.status).toBe(401);
  });

  it('lets a viewer read but not write, and an editor write but not manage keys or tokens', async () => {
    expect((await t.api('GET', '/api/v1/projects', undefined, { token: viewer })).status).toBe(200);
    const viewerWrite = await t.api(
      'POST',
      '/api/v1/projects/default/flags',
      { key: 'v', variants: { a: 1 } },
      { token: viewer },
    );
    expect(viewerWrite.status).toBe(403);
    expect(viewerWrite.body.error.message).toContain('viewer');
    const editorWrite = await t.api(
      'POST',
      '/api/v1/projects/default/flags',
      { key: 'e', variants: { a: 1 } },
      { token: editor },
    );
    expect(editorWrite.status).toBe(201);
    expect((await t.api('POST', keys, { name: 'x', kind: 'server' }, { token: editor })).status).toBe(403);
    expect((await t.api('GET', keys, undefined, { token: editor })).status).toBe(403);
    expect(
      (await t.api('POST', '/api/v1/admin-tokens', { name: 'x', role: 'admin' }, { token: editor })).status,
    ).toBe(403);
  });

  it('creates an SDK key shown once, lists it without the key, and it works on the SDK endpoints', async () => {
    const created = await t.api('POST', keys, { name: 'backend', kind: 'server' });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^sy_server_[A-Za-z0-9_-]{43}$/);
    serverKey = created.body;
    const listed = await t.api('GET', keys);
    expect(listed.body.sdkKeys).toHaveLength(1);
    expect(listed.text).not.toContain(serverKey.key);
    const sync = await fetch(`${t.server.url}/sdk/v1/flagset`, { headers: { 'x-api-key': serverKey.key } });
    expect(sync.status).toBe(200);
  });

  it('refuses SDK keys on the admin API, and admin tokens on the SDK endpoints', async () => {
    const asBearer = await t.api('GET', '/api/v1/projects', undefined, { token: serverKey.key });
    expect(asBearer.status).toBe(403);
    expect(asBearer.body.error.message).toContain('SDK keys are read-only');
    const asHeader = await t.api('GET', '/api/v1/projects', undefined, {
      token: null,
      headers: { 'x-api-key': serverKey.key },
    });
    expect(asHeader.status).toBe(403);
    const adminOnSdk = await fetch(`${t.server.url}/sdk/v1/flagset`, {
      headers: { authorization: `Bearer ${testAdminToken}` },
    });
    expect(adminOnSdk.status).toBe(401);
  });

  it('revokes an SDK key with immediate effect', async () => {
    const revoked = await t.api('DELETE', `${keys}/${serverKey.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const sync = await fetch(`${t.server.url}/sdk/v1/flagset`, { headers: { 'x-api-key': serverKey.key } });
    expect(sync.status).toBe(401);
    expect((await t.api('DELETE', `${keys}/${serverKey.id}`)).status).toBe(409);
  });

  it('manages admin tokens: list without secrets, revoke, and never the last admin', async () => {
    const list = await t.api('GET', '/api/v1/admin-tokens');
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(editor);
    const edId = list.body.adminTokens.find((x: { name: string }) => x.name === 'ed').id;
    expect((await t.api('DELETE', `/api/v1/admin-tokens/${edId}`)).status).toBe(200);
    expect((await t.api('GET', '/api/v1/projects', undefined, { token: editor })).status).toBe(401);
    const adminId = list.body.adminTokens.find((x: { role: string }) => x.role === 'admin').id;
    const last = await t.api('DELETE', `/api/v1/admin-tokens/${adminId}`);
    expect(last.status).toBe(409);
    expect(last.body.error.message).toContain('last admin token');
  });

  it('logs writes with request id and actor, and never a token or key', async () => {
    const written = logLines.join('');
    expect(written).toContain('"actor":"admin-token:');
    expect(written).toContain('change committed');
    expect(written).toMatch(/"reqId":"[0-9a-f-]{36}"/);
    for (const secret of [testAdminToken, editor, viewer, serverKey.key])
      expect(written).not.toContain(secret);
  });
});
