import { describe, expect, it } from 'vitest';
import { isUniqueViolation } from '../../../src/storage/unique-violation.js';
import { stores } from '../../support/storage-fixture.js';
import { storageTargets } from '../../support/storage-targets.js';
import { later, now, useStoreFixture } from './store-fixture.js';

const targets = await storageTargets('store contract suites (PostgreSQL)');

describe.each(targets)('SegmentStore on %s', (target) => {
  const s = useStoreFixture(target);

  it('inserts, finds, lists in key order per environment, updates with a bumped version, deletes', async () => {
    const store = stores.segments(s.db);
    const rule = { in: [{ var: 'email' }, ['a@x', 'b@x']] };
    const beta = await store.insert(s.dev, 'beta', { name: 'Beta', description: 'd', rule }, now);
    await store.insert(s.dev, 'alpha', { name: 'Alpha', description: '', rule: true }, now);
    await store.insert(s.prod, 'beta', { name: 'Beta', description: '', rule }, now);
    expect(await store.find(s.dev, 'beta')).toEqual(beta);
    expect((await store.list([s.dev])).map((x) => x.key)).toEqual(['alpha', 'beta']);
    expect((await store.list([s.dev, s.prod])).length).toBe(3);
    const error = await store
      .insert(s.dev, 'beta', { name: '', description: '', rule }, now)
      .catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    const updated = await store.update(beta, { name: 'B', description: 'x', rule: false }, later);
    expect(updated).toMatchObject({ name: 'B', rule: false, version: 2, updatedAt: later });
    await store.delete(beta.id);
    expect(await store.find(s.dev, 'beta')).toBeUndefined();
    expect(await store.find(s.prod, 'beta')).toBeDefined();
  });
});
