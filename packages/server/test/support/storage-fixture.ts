import { buildServices, type Services, stores } from '../../src/app.js';
import { FlagSetRegistry } from '../../src/flag-sets/flag-set-registry.js';
import { unrestricted } from '../../src/kernel/access.js';
import type { Actor } from '../../src/kernel/actor.js';
import { InMemorySdkKeyAuthenticator } from '../../src/sdk/access/sdk-key-authenticator.js';
import { createDatabase, type DatabaseHandle } from '../../src/storage/create-database.js';
import { migrateToLatest } from '../../src/storage/migrations.js';
import { type FreshDatabase, freshDatabase, type TargetName } from './storage-targets.js';

export const silentLog = { info() {}, error() {} };
export const testActor: Actor = { id: 'admin-token:test', name: 'test', access: unrestricted('admin') };
export const request = { actor: testActor, requestId: 'req-1', action: 'test.change' };

export interface StorageFixture {
  handle: DatabaseHandle;
  registry: FlagSetRegistry;
  sdkKeys: InMemorySdkKeyAuthenticator;
  services: Services;
  database: FreshDatabase;
  close(): Promise<void>;
}

export { stores };

/** A migrated, empty database of the given kind with the server's services publishing into a registry. */
export async function openStorage(
  target: TargetName,
  options: { now?: () => Date } = {},
): Promise<StorageFixture> {
  const database = await freshDatabase(target);
  const handle = createDatabase(database.location);
  await migrateToLatest(handle.db, handle.dialect);
  const registry = new FlagSetRegistry();
  const sdkKeys = new InMemorySdkKeyAuthenticator();
  const services = buildServices({
    db: handle.db,
    dialect: handle.dialect,
    registry,
    sdkKeys,
    flagKeyRule: /^[a-z0-9][a-z0-9._-]*$/,
    log: silentLog,
    ...options,
  });
  return {
    handle,
    registry,
    sdkKeys,
    services,
    database,
    async close() {
      await handle.close();
      await database.cleanup();
    },
  };
}
