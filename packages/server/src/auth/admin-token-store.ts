import { randomUUID } from 'node:crypto';
import type { AdminTokenTable, Db } from '../storage/database.js';
import type { Tx } from '../storage/transaction.js';
import type { Role } from './roles.js';
import { adminTokenPrefix, displayPrefix, generateSecret, hashSecret } from './secrets.js';

export interface AdminToken {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

function toAdminToken(row: AdminTokenTable): AdminToken {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    prefix: row.prefix,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

/** Admin requests are not the hot path: a lookup by hash per request keeps replicas consistent. */
export async function findActiveAdminToken(db: Db, secret: string): Promise<AdminToken | undefined> {
  const row = await db
    .selectFrom('admin_tokens')
    .selectAll()
    .where('token_hash', '=', hashSecret(secret))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row && toAdminToken(row);
}

export async function listAdminTokens(db: Db | Tx): Promise<AdminToken[]> {
  const rows = await db.selectFrom('admin_tokens').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map(toAdminToken);
}

export async function findAdminTokenById(db: Db | Tx, id: string): Promise<AdminToken | undefined> {
  const row = await db.selectFrom('admin_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toAdminToken(row);
}

/** Stores only the hash; `secret` defaults to a fresh random token. Returns the secret once. */
export async function insertAdminToken(
  tx: Db | Tx,
  input: { name: string; role: Role; secret?: string },
  now: string,
): Promise<{ token: AdminToken; secret: string }> {
  const secret = input.secret ?? generateSecret(adminTokenPrefix);
  const row: AdminTokenTable = {
    id: randomUUID(),
    name: input.name,
    role: input.role,
    token_hash: hashSecret(secret),
    prefix: displayPrefix(secret),
    created_at: now,
    revoked_at: null,
  };
  await tx.insertInto('admin_tokens').values(row).execute();
  return { token: toAdminToken(row), secret };
}

export async function revokeAdminToken(tx: Tx, id: string, now: string): Promise<void> {
  await tx.updateTable('admin_tokens').set({ revoked_at: now }).where('id', '=', id).execute();
}

export async function countActiveAdmins(tx: Db | Tx): Promise<number> {
  const row = await tx
    .selectFrom('admin_tokens')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('role', '=', 'admin')
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function adminTokenHashExists(db: Db | Tx, secret: string): Promise<boolean> {
  const row = await db
    .selectFrom('admin_tokens')
    .select('id')
    .where('token_hash', '=', hashSecret(secret))
    .executeTakeFirst();
  return row !== undefined;
}
