import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryAudit } from '../../src/audit/audit-store.js';
import { findActiveAdminToken, insertAdminToken } from '../../src/auth/admin-token-store.js';
import { InMemorySdkKeyAuthenticator } from '../../src/auth/sdk-key-authenticator.js';
import { insertSdkKey, revokeSdkKey } from '../../src/auth/sdk-key-store.js';
import { createEnvironment } from '../../src/environments/create-environment.js';
import type { Environment } from '../../src/environments/environment-store.js';
import { insertProject } from '../../src/projects/project-store.js';
import { openStorage, request, type StorageFixture } from '../support/storage-fixture.js';
import { storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('storage suite (PostgreSQL)');

describe.each(targets)('audit trail and credentials on %s', (target) => {
  let fixture: StorageFixture;
  let env: Environment;

  beforeEach(async () => {
    fixture = await openStorage(target);
    env = await fixture.writes.commitNewProject(request, async (scope) => {
      const project = await insertProject(scope.tx, { key: 'p', name: 'P', description: '' }, scope.now);
      return { project, result: await createEnvironment(scope, project, { key: 'dev' }) };
    });
  });
  afterEach(() => fixture?.close());

  it('filters the audit trail by project, environment, flag, actor and time, newest first, with diffs', async () => {
    const record = (flagKey: string, n: number) => ({
      action: 'flag.update',
      resourceType: 'flag',
      resource: `projects/p/flags/${flagKey}`,
      projectKey: 'p',
      environmentKey: 'dev',
      flagKey,
      before: { n },
      after: { n: n + 1 },
    });
    await fixture.writes.commitOutsideFlagSets(request, async (s) => s.audit(record('a', 1)));
    await fixture.writes.commitOutsideFlagSets(
      { ...request, actor: { ...request.actor, id: 'other', name: 'Other' } },
      async (s) => s.audit(record('b', 2)),
    );
    const db = fixture.handle.db;
    const byFlag = await queryAudit(db, { flag: 'a', limit: 10 });
    expect(byFlag.map((e) => e.flag)).toEqual(['a']);
    expect(byFlag[0]!.changes).toEqual([{ path: '/n', before: 1, after: 2 }]);
    expect((await queryAudit(db, { actor: 'Other', limit: 10 })).map((e) => e.flag)).toEqual(['b']);
    expect((await queryAudit(db, { actor: 'other', limit: 10 })).map((e) => e.flag)).toEqual(['b']);
    const scoped = await queryAudit(db, { project: 'p', environment: 'dev', limit: 10 });
    expect(scoped[0]!.flag).toBe('b'); // newest first
    expect((await queryAudit(db, { since: '2999-01-01T00:00:00.000Z', limit: 10 })).length).toBe(0);
    expect((await queryAudit(db, { until: '2000-01-01T00:00:00.000Z', limit: 10 })).length).toBe(0);
    const first = await queryAudit(db, { limit: 1 });
    const next = await queryAudit(db, { limit: 1, before: first[0]!.id });
    expect(next[0]!.id).toBeLessThan(first[0]!.id);
  });

  it('stores SDK keys hashed and authenticates them in memory until revoked', async () => {
    const { key, secret } = await fixture.handle.db
      .transaction()
      .execute((tx) => insertSdkKey(tx, env.id, { name: 'web', kind: 'client' }, new Date().toISOString()));
    expect(secret).toMatch(/^sy_client_/);
    const rows = await fixture.handle.db.selectFrom('sdk_keys').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(secret.slice(14));

    const authenticator = await InMemorySdkKeyAuthenticator.load(fixture.handle.db);
    expect(authenticator.authenticate(secret)).toEqual({
      keyId: key.id,
      environmentId: env.id,
      kind: 'client',
    });
    expect(authenticator.authenticate(`${secret}x`)).toBeNull();

    const revoked = await fixture.handle.db
      .transaction()
      .execute((tx) => revokeSdkKey(tx, key.id, new Date().toISOString()));
    authenticator.revoke(revoked);
    expect(authenticator.authenticate(secret)).toBeNull();
    expect((await InMemorySdkKeyAuthenticator.load(fixture.handle.db)).authenticate(secret)).toBeNull();
  });

  it('finds admin tokens by their hash only', async () => {
    const { secret, token } = await insertAdminToken(
      fixture.handle.db,
      { name: 'ci', role: 'editor' },
      new Date().toISOString(),
    );
    expect((await findActiveAdminToken(fixture.handle.db, secret))?.id).toBe(token.id);
    expect(await findActiveAdminToken(fixture.handle.db, secret.toUpperCase())).toBeUndefined();
  });
});
