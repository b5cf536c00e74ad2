import { describe, expect, it } from 'vitest';
import { isUniqueViolation } from '../../../src/storage/unique-violation.js';
import { stores } from '../../support/storage-fixture.js';
import { storageTargets } from '../../support/storage-targets.js';
import { flagFields, later, now, useStoreFixture } from './store-fixture.js';

const targets = await storageTargets('store contract suites (PostgreSQL)');

describe.each(targets)('EnvironmentStore on %s', (target) => {
  const s = useStoreFixture(target);

  it('lists in creation order, finds by key within the project, refuses a duplicate key', async () => {
    const store = stores.environments(s.db);
    expect((await store.list(s.projectId)).map((e) => e.key)).toEqual(['dev', 'prod']);
    const dev = (await store.find(s.projectId, 'dev'))!;
    expect(dev).toMatchObject({ id: s.dev, key: 'dev', name: 'Dev', version: 0, metadata: null });
    expect(await store.find(s.projectId, 'qa')).toBeUndefined();
    const error = await store
      .insert(s.projectId, { key: 'dev', name: 'again' }, now)
      .catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
  });

  it('bumps the flag-set version by one each time, and keeps flag-set metadata', async () => {
    const store = stores.environments(s.db);
    expect(await store.bumpVersion(s.dev, later)).toBe(1);
    expect(await store.bumpVersion(s.dev, later)).toBe(2);
    await store.setMetadata(s.dev, { flagSetId: 'x', n: 1 });
    const dev = (await store.find(s.projectId, 'dev'))!;
    expect(dev).toMatchObject({ version: 2, updatedAt: later, metadata: { flagSetId: 'x', n: 1 } });
    await store.setMetadata(s.dev, null);
    expect((await store.find(s.projectId, 'dev'))!.metadata).toBeNull();
  });

  it('deletes an environment with its configurations, segments and SDK keys, and nothing else', async () => {
    const flag = await stores.flags(s.db).insert(s.projectId, 'f', flagFields, now);
    for (const env of [s.dev, s.prod]) {
      await stores
        .flagConfigs(s.db)
        .save(flag.id, env, { state: 'DISABLED', defaultVariant: 'off', targeting: null }, undefined, now);
      await stores
        .segments(s.db)
        .insert(env, 'seg', { name: 'seg', description: '', rule: { '==': [1, 1] } }, now);
      await stores.sdkKeys(s.db).insert(env, { name: 'k', kind: 'server' }, now);
    }
    await stores.environments(s.db).delete(s.dev);
    expect((await stores.environments(s.db).list(s.projectId)).map((e) => e.key)).toEqual(['prod']);
    expect((await stores.flagConfigs(s.db).listOfFlag(flag.id)).map((c) => c.environmentId)).toEqual([
      s.prod,
    ]);
    expect((await stores.segments(s.db).list([s.dev, s.prod])).map((x) => x.environmentId)).toEqual([s.prod]);
    expect((await stores.sdkKeys(s.db).list()).map((k) => k.environmentId)).toEqual([s.prod]);
    expect(await stores.flags(s.db).find(s.projectId, 'f')).toBeDefined();
  });
});
