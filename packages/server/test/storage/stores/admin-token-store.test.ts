import { describe, expect, it } from 'vitest';
import { stores } from '../../support/storage-fixture.js';
import { storageTargets } from '../../support/storage-targets.js';
import { later, now, useStoreFixture } from './store-fixture.js';

const targets = await storageTargets('store contract suites (PostgreSQL)');

describe.each(targets)('AdminTokenStore on %s', (target) => {
  const s = useStoreFixture(target);
  const store = () => stores.adminTokens(s.db, s.fixture.handle.dialect);

  it('finds active tokens by their hash only, with their reach', async () => {
    const grants = [{ role: 'editor' as const, project: 'p', environment: 'dev' }];
    const { secret, token } = await store().insert(
      { name: 'ci', role: 'viewer', projects: ['p'], grants },
      now,
    );
    expect(token).toMatchObject({ name: 'ci', role: 'viewer', projects: ['p'], grants, revokedAt: null });
    expect(await store().findActive(secret)).toEqual(token);
    expect(await store().findActive(secret.toUpperCase())).toBeUndefined();
    expect(await store().hashExists(secret)).toBe(true);
    const rows = await s.db.selectFrom('admin_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(secret.slice(12));
  });

  it('updates, revokes, and locks exactly the active admins that reach every project', async () => {
    const admin = (await store().insert({ name: 'a', role: 'admin', projects: null, grants: [] }, now)).token;
    const scoped = (await store().insert({ name: 'b', role: 'admin', projects: ['p'], grants: [] }, now))
      .token;
    await store().insert({ name: 'c', role: 'editor', projects: null, grants: [] }, now);
    const other = (await store().insert({ name: 'd', role: 'admin', projects: null, grants: [] }, now)).token;
    expect((await store().lockUnrestrictedAdmins()).sort()).toEqual([admin.id, other.id].sort());
    await store().revoke(other.id, later);
    const demoted = await store().update(admin.id, {
      name: 'a2',
      role: 'editor',
      projects: null,
      grants: [],
    });
    expect(demoted).toMatchObject({ name: 'a2', role: 'editor' });
    expect(await store().lockUnrestrictedAdmins()).toEqual([]);
    expect((await store().findById(other.id))!.revokedAt).toBe(later);
    expect((await store().list()).map((t) => t.id)).toContain(scoped.id);
  });
});
