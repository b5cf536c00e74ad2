import { randomUUID } from 'node:crypto';
import type { Db, SdkKeyTable } from '../storage/database.js';
import type { Tx } from '../storage/transaction.js';
import { displayPrefix, generateSecret, hashSecret, sdkKeyPrefixes } from './secrets.js';

export type SdkKeyKind = 'server' | 'client';

export interface SdkKey {
  id: string;
  environmentId: string;
  name: string;
  kind: SdkKeyKind;
  prefix: string;
  keyHash: string;
  createdAt: string;
  revokedAt: string | null;
}

function toSdkKey(row: SdkKeyTable): SdkKey {
  return {
    id: row.id,
    environmentId: row.environment_id,
    name: row.name,
    kind: row.kind as SdkKeyKind,
    prefix: row.prefix,
    keyHash: row.key_hash,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

export async function listSdkKeys(db: Db | Tx, environmentId?: string): Promise<SdkKey[]> {
  let query = db.selectFrom('sdk_keys').selectAll();
  if (environmentId !== undefined) query = query.where('environment_id', '=', environmentId);
  const rows = await query.orderBy('created_at').orderBy('id').execute();
  return rows.map(toSdkKey);
}

export async function findSdkKey(
  db: Db | Tx,
  environmentId: string,
  id: string,
): Promise<SdkKey | undefined> {
  const row = await db
    .selectFrom('sdk_keys')
    .selectAll()
    .where('environment_id', '=', environmentId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toSdkKey(row);
}

/** Stores the hash only and returns the raw key, which is never retrievable again. */
export async function insertSdkKey(
  tx: Tx,
  environmentId: string,
  input: { name: string; kind: SdkKeyKind },
  now: string,
): Promise<{ key: SdkKey; secret: string }> {
  const secret = generateSecret(sdkKeyPrefixes[input.kind]);
  const row: SdkKeyTable = {
    id: randomUUID(),
    environment_id: environmentId,
    name: input.name,
    kind: input.kind,
    key_hash: hashSecret(secret),
    prefix: displayPrefix(secret),
    created_at: now,
    revoked_at: null,
  };
  await tx.insertInto('sdk_keys').values(row).execute();
  return { key: toSdkKey(row), secret };
}

export async function revokeSdkKey(tx: Tx, id: string, now: string): Promise<SdkKey> {
  const row = await tx
    .updateTable('sdk_keys')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSdkKey(row);
}
