import type { Db } from '../storage/database.js';
import { systemActor } from '../write-path/actor.js';
import type { WritePath } from '../write-path/write-path.js';
import { adminTokenHashExists, insertAdminToken } from './admin-token-store.js';

/**
 * `configured` (SWITCHYARD_ADMIN_TOKEN) is admitted as an admin token if it is not stored yet.
 * Without it, the very first start creates a random admin token and returns it, the only time
 * it exists in clear; later starts return undefined.
 */
export async function seedAdminToken(
  db: Db,
  writes: WritePath,
  configured: string | undefined,
): Promise<string | undefined> {
  if (configured !== undefined) {
    if (await adminTokenHashExists(db, configured)) return undefined;
    await create(writes, 'SWITCHYARD_ADMIN_TOKEN', configured);
    return undefined;
  }
  const any = await db.selectFrom('admin_tokens').select('id').limit(1).executeTakeFirst();
  if (any) return undefined;
  return create(writes, 'first-start admin token', undefined);
}

async function create(writes: WritePath, name: string, secret: string | undefined): Promise<string> {
  return writes.commitOutsideFlagSets({ actor: systemActor, requestId: 'first-start' }, async (scope) => {
    const created = await insertAdminToken(
      scope.tx,
      { name, role: 'admin', ...(secret !== undefined && { secret }) },
      scope.now,
    );
    scope.audit({
      action: 'admin-token.create',
      resourceType: 'admin-token',
      resource: `admin-tokens/${created.token.id}`,
      before: null,
      after: created.token,
    });
    return created.secret;
  });
}
