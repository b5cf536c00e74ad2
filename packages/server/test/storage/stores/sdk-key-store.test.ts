import { describe, expect, it } from 'vitest';
import { InMemorySdkKeyAuthenticator } from '../../../src/sdk/access/sdk-key-authenticator.js';
import { stores } from '../../support/storage-fixture.js';
import { storageTargets } from '../../support/storage-targets.js';
import { later, now, useStoreFixture } from './store-fixture.js';

const targets = await storageTargets('store contract suites (PostgreSQL)');

describe.each(targets)('SdkKeyStore on %s', (target) => {
  const s = useStoreFixture(target);

  it('stores only the hash, lists per environment, and revokes', async () => {
    const store = stores.sdkKeys(s.db);
    const { key, secret } = await store.insert(s.dev, { name: 'web', kind: 'client' }, now);
    expect(secret).toMatch(/^sy_client_/);
    const rows = await s.db.selectFrom('sdk_keys').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(secret.slice(14));
    await store.insert(s.prod, { name: 'backend', kind: 'server' }, now);
    expect((await store.list(s.dev)).map((k) => k.name)).toEqual(['web']);
    expect((await store.list()).length).toBe(2);
    expect(await store.find(s.dev, key.id)).toEqual(key);
    expect(await store.find(s.prod, key.id)).toBeUndefined();
    const revoked = await store.revoke(key.id, later);
    expect(revoked).toEqual({ ...key, revokedAt: later });
  });

  it('authenticates keys in memory until revoked, and tells who listens which keys were revoked', async () => {
    const { key, secret } = await stores.sdkKeys(s.db).insert(s.dev, { name: 'web', kind: 'client' }, now);
    const authenticator = await InMemorySdkKeyAuthenticator.load(s.db);
    expect(authenticator.authenticate(secret)).toEqual({
      keyId: key.id,
      environmentId: s.dev,
      kind: 'client',
    });
    expect(authenticator.authenticate(`${secret}x`)).toBeNull();
    const heard: string[] = [];
    authenticator.onRevoked((ids) => heard.push(...ids));
    await stores.sdkKeys(s.db).revoke(key.id, later);
    await authenticator.reload(s.db);
    expect(authenticator.authenticate(secret)).toBeNull();
    expect(heard).toEqual([key.id]);
  });
});
