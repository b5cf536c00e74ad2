import { describe, expect, it } from 'vitest';
import { stores } from '../../support/storage-fixture.js';
import { storageTargets } from '../../support/storage-targets.js';
import { flagFields, later, now, useStoreFixture } from './store-fixture.js';

const targets = await storageTargets('store contract suites (PostgreSQL)');

describe.each(targets)('FlagConfigStore on %s', (target) => {
  const s = useStoreFixture(target);

  it('inserts, replaces with a bumped version, finds, lists per flag and per environment, deletes', async () => {
    const flag = await stores.flags(s.db).insert(s.projectId, 'f', flagFields, now);
    const store = stores.flagConfigs(s.db);
    const targeting = { if: [{ in: [{ var: 'plan' }, ['a', 'b']] }, 'on', 'off'] };
    const first = await store.save(
      flag.id,
      s.dev,
      { state: 'DISABLED', defaultVariant: 'off', targeting: null },
      undefined,
      now,
    );
    expect(first).toMatchObject({ version: 1, targeting: null });
    const second = await store.save(
      flag.id,
      s.dev,
      { state: 'ENABLED', defaultVariant: null, targeting },
      first,
      later,
    );
    expect(second).toEqual({
      flagId: flag.id,
      environmentId: s.dev,
      state: 'ENABLED',
      defaultVariant: null,
      targeting,
      version: 2,
      updatedAt: later,
    });
    expect(await store.find(flag.id, s.dev)).toEqual(second);
    await store.save(
      flag.id,
      s.prod,
      { state: 'DISABLED', defaultVariant: 'off', targeting: null },
      undefined,
      now,
    );
    expect((await store.listOfFlag(flag.id)).length).toBe(2);
    expect((await store.listOfEnvironments([s.prod])).map((c) => c.environmentId)).toEqual([s.prod]);
    expect(await store.listOfEnvironments([])).toEqual([]);
    await store.delete(flag.id, s.dev);
    expect(await store.find(flag.id, s.dev)).toBeUndefined();
    expect(await store.find(flag.id, s.prod)).toBeDefined();
  });
});
