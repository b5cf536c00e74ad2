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
    const key = (
      await (
        await call(a, 'POST', '/api/v1/projects/default/environments/production/sdk-keys', {
          name: 'k2',
          kind: 'server',
        })
      ).json()
    ).key;
    await eventually(
      () => sync(b, key),
      (r) => r.status === 200,
    );
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
    const key = (
      await (
        await call(a, 'POST', '/api/v1/projects/default/environments/temp/sdk-keys', {
          name: 'k',
          kind: 'server',
        })
      ).json()
    ).key;
    await eventually(
      () => sync(b, key),
      (r) => r.status === 200,
    );
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
});
