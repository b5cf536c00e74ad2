import { FlagSetRegistry } from '../../src/flag-sets/flag-set-registry.js';
import { createDatabase, type DatabaseHandle } from '../../src/storage/create-database.js';
import { migrateToLatest } from '../../src/storage/migrations.js';
import type { Actor } from '../../src/write-path/actor.js';
import { WritePath } from '../../src/write-path/write-path.js';
import { type FreshDatabase, freshDatabase, type TargetName } from './storage-targets.js';

export const silentLog = { info() {}, error() {} };
export const testActor: Actor = { id: 'admin-token:test', name: 'test', role: 'admin' };
export const request = { actor: testActor, requestId: 'req-1' };

export interface StorageFixture {
  handle: DatabaseHandle;
  registry: FlagSetRegistry;
  writes: WritePath;
  database: FreshDatabase;
  close(): Promise<void>;
}

/** A migrated, empty database of the given kind with a write path publishing into a registry. */
export async function openStorage(target: TargetName): Promise<StorageFixture> {
  const database = await freshDatabase(target);
  const handle = createDatabase(database.location);
  await migrateToLatest(handle.db, handle.dialect);
  const registry = new FlagSetRegistry();
  const writes = new WritePath({ db: handle.db, dialect: handle.dialect, registry, log: silentLog });
  return {
    handle,
    registry,
    writes,
    database,
    async close() {
      await handle.close();
      await database.cleanup();
    },
  };
}
