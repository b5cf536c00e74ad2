import { afterEach, beforeEach } from 'vitest';
import type { FlagFields } from '../../../src/flags/flag-store.js';
import type { Queryable } from '../../../src/storage/database.js';
import { openStorage, type StorageFixture, stores } from '../../support/storage-fixture.js';
import type { TargetName } from '../../support/storage-targets.js';

export const now = '2026-01-01T00:00:00.000Z';
export const later = '2026-01-02T00:00:00.000Z';

export const flagFields: FlagFields = {
  name: 'Flag',
  description: '',
  kind: 'release',
  owner: '',
  tags: [],
  variants: { on: true, off: false },
  metadata: null,
  defaultVariant: 'off',
  safeVariant: null,
};

/** A fresh migrated database per test, with a project `p` and environments `dev` and `prod`. */
export function useStoreFixture(target: TargetName) {
  const state = {} as {
    fixture: StorageFixture;
    db: Queryable;
    projectId: string;
    dev: string;
    prod: string;
  };
  beforeEach(async () => {
    state.fixture = await openStorage(target);
    state.db = state.fixture.handle.db;
    const project = await stores.projects(state.db).insert('p', { name: 'P', description: '' }, now);
    state.projectId = project.id;
    state.dev = (await stores.environments(state.db).insert(project.id, { key: 'dev', name: 'Dev' }, now)).id;
    state.prod = (
      await stores.environments(state.db).insert(project.id, { key: 'prod', name: 'Prod' }, now)
    ).id;
  });
  afterEach(() => state.fixture?.close());
  return state;
}
