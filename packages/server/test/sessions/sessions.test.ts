import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../../src/storage/create-database.js';
import { startTestServer, type TestServer, testAdminToken } from '../support/admin-client.js';
import { storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('dashboard session tests (PostgreSQL)');

interface Session {
  cookie: string;
  setCookie: string;
  csrfToken: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect JSON answers loosely
  body: any;
}

describe.each(targets)('dashboard sessions over HTTP on %s', (target) => {
  let t: TestServer;
  let db: DatabaseHandle;
  let viewer: string;

  const signIn = async (token: string, headers: Record<string, string> = {}): Promise<Session> => {
    const response = await t.api('POST', '/api/v1/sessions', { token }, { token: null, headers });
    expect(response.status, response.text).toBe(201);
    const setCookie = response.headers.get('set-cookie') ?? '';
    return {
      setCookie,
      cookie: setCookie.split(';')[0]!,
      csrfToken: response.body.csrfToken,
      body: response.body,
    };
  };
  /** A request the way the dashboard makes it: the cookie, no Authorization header. */
  const asSession = (
    session: Pick<Session, 'cookie'>,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => t.api(method, path, body, { token: null, headers: { cookie: session.cookie, ...headers } });

  beforeAll(async () => {
    t = await startTestServer(target);
    db = createDatabase(t.database.location);
    viewer = (await t.api('POST', '/api/v1/admin-tokens', { name: 'reader', role: 'viewer' })).body.token;
  });
  afterAll(async () => {
    await db?.close();
    await t?.stop();
  });

  it('exchanges an admin token for an HttpOnly, SameSite=Strict cookie that holds neither the token nor anything stored', async () => {
    const session = await signIn(testAdminToken);
    const attributes = session.setCookie.split(';').map((part) => part.trim());
    expect(attributes[0]).toMatch(/^switchyard_session=sy_session_[A-Za-z0-9_-]{43}$/);
    expect(attributes).toEqual(
      expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/', `Max-Age=${12 * 3600}`]),
    );
    expect(attributes).not.toContain('Secure');
    expect(session.setCookie).not.toContain(testAdminToken);
    expect(session.body).toMatchObject({
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      actor: { name: 'SWITCHYARD_ADMIN_TOKEN', role: 'admin', projects: null, grants: [], actions: null },
    });
    const lifetime = Date.parse(session.body.expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(12 * 3600_000 - 60_000);
    expect(lifetime).toBeLessThanOrEqual(12 * 3600_000);
    // Only a hash of the cookie's secret is stored.
    const secret = session.cookie.split('=')[1]!;
    const rows = await db.db.selectFrom('sessions').selectAll().execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(JSON.stringify(rows)).not.toContain(session.csrfToken);
  });

  it('marks the cookie Secure when the browser came over https (through a proxy)', async () => {
    const session = await signIn(testAdminToken, { 'x-forwarded-proto': 'https' });
    expect(session.setCookie.split(';').map((p) => p.trim())).toContain('Secure');
  });

  it('answers the current session from its cookie, and 401 without one', async () => {
    const session = await signIn(testAdminToken);
    const current = await asSession(session, 'GET', '/api/v1/sessions/current');
    expect(current.status).toBe(200);
    expect(current.body).toEqual(session.body);
    expect(current.headers.get('cache-control')).toBe('no-store');
    const none = await t.api('GET', '/api/v1/sessions/current', undefined, { token: null });
    expect(none.status).toBe(401);
    const unknown = await asSession(
      { cookie: 'switchyard_session=sy_session_nope' },
      'GET',
      '/api/v1/sessions/current',
    );
    expect(unknown.status).toBe(401);
  });

  it('authenticates every admin route with the cookie, and refuses writes without the CSRF token', async () => {
    const session = await signIn(testAdminToken);
    expect((await asSession(session, 'GET', '/api/v1/projects')).status).toBe(200);
    const flag = { key: 'csrf-check', variants: { on: true, off: false } };
    const missing = await asSession(session, 'POST', '/api/v1/projects/default/flags', flag);
    expect(missing.status).toBe(403);
    expect(missing.body.error.code).toBe('csrf_token_invalid');
    expect(missing.body.error.message).toContain('x-csrf-token');
    const wrong = await asSession(session, 'POST', '/api/v1/projects/default/flags', flag, {
      'x-csrf-token': 'not-the-token',
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('csrf_token_invalid');
    // Another session's CSRF token does not fit this one.
    const other = await signIn(testAdminToken);
    const crossed = await asSession(session, 'POST', '/api/v1/projects/default/flags', flag, {
      'x-csrf-token': other.csrfToken,
    });
    expect(crossed.status).toBe(403);
    // Refused writes changed nothing.
    expect((await t.api('GET', '/api/v1/projects/default/flags/csrf-check')).status).toBe(404);
    const created = await asSession(session, 'POST', '/api/v1/projects/default/flags', flag, {
      'x-csrf-token': session.csrfToken,
    });
    expect(created.status, created.text).toBe(201);
    const audit = await t.api('GET', '/api/v1/audit?flag=csrf-check');
    expect(audit.body.entries[0].actor.name).toBe('SWITCHYARD_ADMIN_TOKEN');
  });

  it("gives a viewer's session read access only", async () => {
    const session = await signIn(viewer);
    expect(session.body.actor).toMatchObject({ name: 'reader', role: 'viewer' });
    expect((await asSession(session, 'GET', '/api/v1/projects/default/flags')).status).toBe(200);
    const write = await asSession(
      session,
      'POST',
      '/api/v1/projects/default/flags',
      { key: 'viewer-write', variants: { on: true } },
      { 'x-csrf-token': session.csrfToken },
    );
    expect(write.status).toBe(403);
    expect(write.body.error.code).toBe('FORBIDDEN');
  });

  it('ends a session when it expires', async () => {
    const session = await signIn(testAdminToken);
    expect((await asSession(session, 'GET', '/api/v1/projects')).status).toBe(200);
    const past = new Date(Date.now() - 1000).toISOString();
    await db.db
      .updateTable('sessions')
      .set({ expires_at: past })
      .where('expires_at', '=', session.body.expiresAt)
      .execute();
    const expired = await asSession(session, 'GET', '/api/v1/projects');
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toContain('expired');
    expect((await asSession(session, 'GET', '/api/v1/sessions/current')).status).toBe(401);
  });

  it("ends a token's sessions when the token is revoked, and follows a change of its role", async () => {
    const created = await t.api('POST', '/api/v1/admin-tokens', { name: 'temp', role: 'viewer' });
    const session = await signIn(created.body.token);
    const flag = { key: 'promoted-write', variants: { on: true } };
    const csrf = { 'x-csrf-token': session.csrfToken };
    expect((await asSession(session, 'POST', '/api/v1/projects/default/flags', flag, csrf)).status).toBe(403);
    await t.api('PATCH', `/api/v1/admin-tokens/${created.body.id}`, { role: 'editor' });
    expect((await asSession(session, 'POST', '/api/v1/projects/default/flags', flag, csrf)).status).toBe(201);
    expect((await t.api('DELETE', `/api/v1/admin-tokens/${created.body.id}`)).status).toBe(200);
    const after = await asSession(session, 'GET', '/api/v1/projects');
    expect(after.status).toBe(401);
    expect(after.body.error.message).toContain('revoked');
    // A new sign-in sweeps the revoked token's sessions away.
    await signIn(testAdminToken);
    const left = await db.db
      .selectFrom('sessions')
      .select('id_hash')
      .where('token_id', '=', created.body.id)
      .execute();
    expect(left).toEqual([]);
  });

  it('signs out: needs the CSRF token, deletes the session and clears the cookie', async () => {
    const session = await signIn(testAdminToken);
    const forged = await asSession(session, 'DELETE', '/api/v1/sessions/current');
    expect(forged.status).toBe(403);
    expect(forged.body.error.code).toBe('csrf_token_invalid');
    expect((await asSession(session, 'GET', '/api/v1/sessions/current')).status).toBe(200);
    const out = await asSession(session, 'DELETE', '/api/v1/sessions/current', undefined, {
      'x-csrf-token': session.csrfToken,
    });
    expect(out.status).toBe(204);
    const cleared = (out.headers.get('set-cookie') ?? '').split(';').map((p) => p.trim());
    expect(cleared).toEqual(
      expect.arrayContaining(['switchyard_session=', 'Max-Age=0', 'HttpOnly', 'Path=/']),
    );
    expect((await asSession(session, 'GET', '/api/v1/sessions/current')).status).toBe(401);
    expect((await asSession(session, 'GET', '/api/v1/projects')).status).toBe(401);
    // Signing out again (a stale cookie) still clears it.
    expect((await asSession(session, 'DELETE', '/api/v1/sessions/current')).status).toBe(204);
  });

  it('keeps bearer tokens working as before, whatever cookie comes along', async () => {
    const response = await t.api('GET', '/api/v1/projects', undefined, {
      headers: { cookie: 'switchyard_session=sy_session_stale' },
    });
    expect(response.status).toBe(200);
    const write = await t.api(
      'POST',
      '/api/v1/projects/default/flags',
      { key: 'bearer-write', variants: { on: 1 } },
      {
        headers: { cookie: 'switchyard_session=sy_session_stale' },
      },
    );
    expect(write.status).toBe(201);
  });

  it('refuses bad sign-ins with the reason, and slows down guessing', async () => {
    const empty = await t.api('POST', '/api/v1/sessions', {}, { token: null });
    expect(empty.status).toBe(400);
    expect(empty.body.error.issues[0].path).toBe('/body/token');
    const extra = await t.api('POST', '/api/v1/sessions', { token: 'x', tokn: 'y' }, { token: null });
    expect(extra.status).toBe(400);
    const sdkKey = await t.api('POST', '/api/v1/sessions', { token: 'sy_server_abc' }, { token: null });
    expect(sdkKey.status).toBe(403);
    expect(sdkKey.headers.get('set-cookie')).toBeNull();
    let last = 0;
    for (let attempt = 0; attempt < 12; attempt++) {
      last = (
        await t.api('POST', '/api/v1/sessions', { token: `sy_admin_guess-${attempt}` }, { token: null })
      ).status;
      if (last === 429) break;
    }
    expect(last).toBe(429);
    // Even the right token waits out the window: the limit does not reveal which guess was right.
    const right = await t.api('POST', '/api/v1/sessions', { token: testAdminToken }, { token: null });
    expect(right.status).toBe(429);
    expect(right.body.error.message).toContain('try again in');
  });
});
