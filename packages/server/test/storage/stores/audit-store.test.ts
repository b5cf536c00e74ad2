import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../src/audit/audit-store.js';
import { stores } from '../../support/storage-fixture.js';
import { storageTargets } from '../../support/storage-targets.js';
import { useStoreFixture } from './store-fixture.js';

const targets = await storageTargets('store contract suites (PostgreSQL)');

describe.each(targets)('AuditStore on %s', (target) => {
  const s = useStoreFixture(target);
  const record = (projectKey: string, flagKey: string, n: number): AuditRecord => ({
    action: 'flag.update',
    resourceType: 'flag',
    resource: `projects/${projectKey}/flags/${flagKey}`,
    projectKey,
    environmentKey: 'dev',
    flagKey,
    before: { n },
    after: { n: n + 1 },
  });
  const meta = (actorId: string, actorName: string, at: string, reason: string | null = null) => ({
    at,
    actorId,
    actorName,
    requestId: 'r',
    reason,
  });

  it('filters by project, environment, flag, actor, time and projects, newest first, with diffs and reasons', async () => {
    const store = stores.audit(s.db);
    await store.insert(
      record('p', 'a', 1),
      meta('admin-token:1', 'One', '2026-01-01T00:00:00.000Z', 'ticket 7'),
    );
    await store.insert(record('p', 'b', 2), meta('other', 'Other', '2026-01-02T00:00:00.000Z'));
    await store.insert(record('q', 'c', 3), meta('other', 'Other', '2026-01-03T00:00:00.000Z'));
    const byFlag = await store.query({ flag: 'a', limit: 10 });
    expect(byFlag.map((e) => e.flag)).toEqual(['a']);
    expect(byFlag[0]).toMatchObject({ changes: [{ path: '/n', before: 1, after: 2 }], reason: 'ticket 7' });
    expect((await store.query({ actor: 'Other', limit: 10 })).map((e) => e.flag)).toEqual(['c', 'b']);
    expect((await store.query({ actor: 'other', limit: 10 })).map((e) => e.flag)).toEqual(['c', 'b']);
    expect((await store.query({ project: 'p', environment: 'dev', limit: 10 }))[0]!.flag).toBe('b');
    expect((await store.query({ since: '2026-01-02T00:00:00.000Z', limit: 10 })).length).toBe(2);
    expect((await store.query({ until: '2026-01-02T00:00:00.000Z', limit: 10 })).length).toBe(1);
    expect((await store.query({ projects: ['q'], limit: 10 })).map((e) => e.flag)).toEqual(['c']);
    expect(await store.query({ projects: [], limit: 10 })).toEqual([]);
    const first = await store.query({ limit: 1 });
    const next = await store.query({ limit: 1, before: first[0]!.id });
    expect(next[0]!.id).toBeLessThan(first[0]!.id);
  });
});
