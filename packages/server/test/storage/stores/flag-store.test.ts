import { describe, expect, it } from 'vitest';
import { isUniqueViolation } from '../../../src/storage/unique-violation.js';
import { stores } from '../../support/storage-fixture.js';
import { storageTargets } from '../../support/storage-targets.js';
import { flagFields, later, now, useStoreFixture } from './store-fixture.js';

const targets = await storageTargets('store contract suites (PostgreSQL)');

describe.each(targets)('FlagStore on %s', (target) => {
  const s = useStoreFixture(target);

  it('round-trips every field, JSON ones included, and lists in key order', async () => {
    const store = stores.flags(s.db);
    const fields = {
      ...flagFields,
      kind: 'experiment' as const,
      owner: 'team',
      tags: ['a', 'b'],
      variants: { big: { size: 10, nested: [1, 'x', null] }, small: { size: 1 } },
      metadata: { jira: 'X-1', n: 2, ok: true },
      defaultVariant: 'small',
    };
    const created = await store.insert(s.projectId, 'zeta', fields, now);
    await store.insert(s.projectId, 'alpha', flagFields, now);
    expect(await store.find(s.projectId, 'zeta')).toEqual(created);
    expect(created).toMatchObject({ ...fields, key: 'zeta', version: 1 });
    expect((await store.list(s.projectId)).map((f) => f.key)).toEqual(['alpha', 'zeta']);
    const error = await store.insert(s.projectId, 'zeta', flagFields, now).catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
  });

  it('updates fields and bumps the version; delete removes its configurations too', async () => {
    const store = stores.flags(s.db);
    const flag = await store.insert(s.projectId, 'f', flagFields, now);
    const updated = await store.update(
      flag,
      { ...flagFields, tags: ['x'], metadata: null, defaultVariant: null },
      later,
    );
    expect(updated).toMatchObject({ tags: ['x'], defaultVariant: null, version: 2, updatedAt: later });
    await stores
      .flagConfigs(s.db)
      .save(flag.id, s.dev, { state: 'ENABLED', defaultVariant: 'on', targeting: null }, undefined, now);
    await store.delete(flag.id);
    expect(await store.find(s.projectId, 'f')).toBeUndefined();
    expect(await stores.flagConfigs(s.db).listOfFlag(flag.id)).toEqual([]);
  });
});
