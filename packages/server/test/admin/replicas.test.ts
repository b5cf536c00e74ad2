import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/index.js';
import { testAdminToken } from '../support/admin-client.js';
import { type FreshDatabase, freshDatabase, storageTargets } from '../support/storage-targets.js';

const targets = (await storageTargets('replica tests (PostgreSQL)')).filter((t) => t === 'postgres');

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, ms = 5000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() - started > ms) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.skipIf(targets.length === 0)('two replicas sharing one PostgreSQL database', () => {
  let database: FreshDatabase;
  let a: RunningServer;
  let b: RunningServer;
  const admin = { authorization: `Bearer ${testAdminToken}`, 'content-type': 'application/json' };

  beforeAll(async () => {
    database = await freshDatabase('postgres');
    const options = {
      port: 0,
      host: '127.0.0.1',
      db: database.location,
      adminToken: testAdminToken,
      logger: false,
    };
    a = await startServer({ ...options, dataDir: database.dir });
    b = await startServer({ ...options, dataDir: database.dir });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.cleanup();
  });

  const call = (server: RunningServer, method: string, path: string, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: admin,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const sync = (server: RunningServer, key: string) =>
    fetch(`${server.url}/sdk/v1/flagset`, { headers: { 'x-api-key': key } });
  /** Creates a server SDK key on `creator` and waits until `server` accepts it. */
  const serverKeyAcceptedBy = async (
    creator: RunningServer,
    server: RunningServer,
    name: string,
    env = 'production',
  ) => {
    const key: string = (
      await (
        await call(creator, 'POST', `/api/v1/projects/default/environments/${env}/sdk-keys`, {
          name,
          kind: 'server',
        })
      ).json()
    ).key;
    await eventually(
      () => sync(server, key),
      (r) => r.status === 200,
    );
    return key;
  };

  it('accepts an SDK key created on the other replica, and stops when it is revoked there', async () => {
    const created = await (
      await call(a, 'POST', '/api/v1/projects/default/environments/production/sdk-keys', {
        name: 'k',
        kind: 'server',
      })
    ).json();
    expect(
      (
        await eventually(
          () => sync(b, created.key),
          (r) => r.status === 200,
        )
      ).status,
    ).toBe(200);
    await call(a, 'DELETE', `/api/v1/projects/default/environments/production/sdk-keys/${created.id}`);
    expect(
      (
        await eventually(
          () => sync(b, created.key),
          (r) => r.status === 401,
        )
      ).status,
    ).toBe(401);
  });

  it('serves a change committed on one replica from the other', async () => {
    const key = await serverKeyAcceptedBy(a, b, 'k2');
    await call(a, 'POST', '/api/v1/projects/default/flags', {
      key: 'replicated',
      variants: { on: true, off: false },
    });
    const put = await call(b, 'PUT', '/api/v1/projects/default/environments/production/flags/replicated', {
      state: 'ENABLED',
      defaultVariant: 'on',
    });
    expect(put.status).toBe(200);
    const fromA = await eventually(
      async () => (await sync(a, key)).json(),
      (doc) => doc.flags?.replicated?.state === 'ENABLED',
    );
    expect(fromA.flags.replicated).toEqual({
      state: 'ENABLED',
      variants: { on: true, off: false },
      defaultVariant: 'on',
    });
    const etagA = (await sync(a, key)).headers.get('etag');
    const etagB = (await sync(b, key)).headers.get('etag');
    expect(etagA).toBe(etagB);
  });

  it('unpublishes an environment deleted on the other replica', async () => {
    await call(a, 'POST', '/api/v1/projects/default/environments', { key: 'temp' });
    const key = await serverKeyAcceptedBy(a, b, 'k', 'temp');
    expect((await call(a, 'DELETE', '/api/v1/projects/default/environments/temp')).status).toBe(204);
    expect(
      (
        await eventually(
          () => sync(b, key),
          (r) => r.status === 401,
        )
      ).status,
    ).toBe(401);
  });

  it('after losing its change feed, resynchronises: environments deleted meanwhile are unpublished', async () => {
    expect((await call(a, 'POST', '/api/v1/projects/default/environments', { key: 'gone' })).status).toBe(
      201,
    );
    const servesGone = async () =>
      (await (await call(b, 'GET', '/metrics')).text()).includes('environment="gone"');
    expect(await eventually(servesGone, (serves) => serves)).toBe(true);

    // Both replicas lose their LISTEN connection; the deletion's notification reaches neither.
    const admin = new pg.Client({ connectionString: database.location });
    await admin.connect();
    try {
      const { rows } = await admin.query(
        `select pg_terminate_backend(pid) as done from pg_stat_activity
         where query = 'listen "switchyard_changes_' || md5(current_schema()) || '"'`,
      );
      expect(rows.length).toBe(2);
    } finally {
      await admin.end();
    }
    expect((await call(a, 'DELETE', '/api/v1/projects/default/environments/gone')).status).toBe(204);
    expect(await eventually(servesGone, (serves) => !serves, 8000)).toBe(false);
  });

  it('drops a project another replica deleted, whether it hears of it live or resynchronises later', async () => {
    const serves = (project: string) => async () =>
      (await (await call(b, 'GET', '/metrics')).text()).includes(`project="${project}"`);
    for (const project of ['live', 'missed']) {
      expect(
        (await call(a, 'POST', '/api/v1/projects', { key: project, environments: [{ key: 'e' }] })).status,
      ).toBe(201);
      expect(await eventually(serves(project), (yes) => yes)).toBe(true);
    }
    expect((await call(a, 'DELETE', '/api/v1/projects/live')).status).toBe(204);
    expect(await eventually(serves('live'), (yes) => !yes)).toBe(false);

    // b loses its LISTEN connection: the deletion's notification never reaches it.
    const admin = new pg.Client({ connectionString: database.location });
    await admin.connect();
    try {
      await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity
         where query = 'listen "switchyard_changes_' || md5(current_schema()) || '"'`,
      );
    } finally {
      await admin.end();
    }
    expect((await call(a, 'DELETE', '/api/v1/projects/missed')).status).toBe(204);
    expect(await eventually(serves('missed'), (yes) => !yes, 8000)).toBe(false);
  });

  it('ignores the commits of another deployment that uses another schema of the same database', async () => {
    const key = await serverKeyAcceptedBy(a, a, 'k3');
    const otherDatabase = await freshDatabase('postgres');
    const other = await startServer({
      port: 0,
      host: '127.0.0.1',
      db: otherDatabase.location,
      dataDir: otherDatabase.dir,
      adminToken: testAdminToken,
      logger: false,
    });
    try {
      // The other deployment has a `default` project too; a change to it is none of ours.
      const created = await call(other, 'POST', '/api/v1/projects/default/flags', {
        key: 'elsewhere',
        variants: { on: true },
      });
      expect(created.status).toBe(201);
      // Then a commit of our own deployment (on b): once a has applied it, it has seen the one before.
      expect(
        (await call(b, 'POST', '/api/v1/projects', { key: 'marker', environments: [{ key: 'e' }] })).status,
      ).toBe(201);
      expect(
        (
          await eventually(
            async () => (await call(a, 'GET', '/metrics')).text(),
            (text) => text.includes('project="marker"'),
          )
        ).includes('project="marker"'),
      ).toBe(true);
      const answer = await sync(a, key);
      expect(answer.status).toBe(200);
      expect((await answer.json()).flags).not.toHaveProperty('elsewhere');
    } finally {
      await other.close();
      await otherDatabase.cleanup();
    }
  });
});
