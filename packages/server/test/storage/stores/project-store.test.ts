import { describe, expect, it } from 'vitest';
import { isUniqueViolation } from '../../../src/storage/unique-violation.js';
import { stores } from '../../support/storage-fixture.js';
import { storageTargets } from '../../support/storage-targets.js';
import { flagFields, later, now, useStoreFixture } from './store-fixture.js';

const targets = await storageTargets('store contract suites (PostgreSQL)');

describe.each(targets)('ProjectStore on %s', (target) => {
  const s = useStoreFixture(target);

  it('inserts, finds by key, lists in key order, and refuses a second project with the same key', async () => {
    const store = stores.projects(s.db);
    const shop = await store.insert('shop', { name: 'Shop', description: 'd' }, now);
    expect(shop).toMatchObject({ key: 'shop', name: 'Shop', description: 'd', version: 1, createdAt: now });
    expect(await store.find('shop')).toEqual(shop);
    expect(await store.find('nope')).toBeUndefined();
    expect((await store.list()).map((p) => p.key)).toEqual(['p', 'shop']);
    const error = await store.insert('shop', { name: 'x', description: '' }, now).catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
  });

  it('updates fields and bumps the version', async () => {
    const store = stores.projects(s.db);
    const current = (await store.find('p'))!;
    const updated = await store.update(current, { name: 'New', description: 'x' }, later);
    expect(updated).toMatchObject({
      name: 'New',
      description: 'x',
      version: 2,
      updatedAt: later,
      createdAt: now,
    });
    expect(await store.find('p')).toEqual(updated);
  });

  it('deletes the project with everything in it', async () => {
    const flag = await stores.flags(s.db).insert(s.projectId, 'f', flagFields, now);
    await stores
      .flagConfigs(s.db)
      .save(flag.id, s.dev, { state: 'DISABLED', defaultVariant: 'off', targeting: null }, undefined, now);
    await stores
      .segments(s.db)
      .insert(s.dev, 'seg', { name: 'seg', description: '', rule: { '==': [1, 1] } }, now);
    await stores.sdkKeys(s.db).insert(s.dev, { name: 'k', kind: 'server' }, now);
    await stores.projects(s.db).delete(s.projectId);
    expect(await stores.projects(s.db).find('p')).toBeUndefined();
    for (const table of ['environments', 'flags', 'flag_configs', 'segments', 'sdk_keys'] as const) {
      expect(await s.db.selectFrom(table).selectAll().execute()).toEqual([]);
    }
  });
});
