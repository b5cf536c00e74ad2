import { randomUUID } from 'node:crypto';
import { displayPrefix, generateSecret, hashSecret, sdkKeyPrefixes } from '../kernel/secrets.js';
import type { Queryable, SdkKeyTable } from '../storage/database.js';

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

export interface SdkKeyStore {
  /** Every key (of one environment, when given), revoked ones included, oldest first. */
  list(environmentId?: string): Promise<SdkKey[]>;
  find(environmentId: string, id: string): Promise<SdkKey | undefined>;
  /** Stores the hash only and returns the raw key, which is never retrievable again. */
  insert(
    environmentId: string,
    input: { name: string; kind: SdkKeyKind },
    now: string,
  ): Promise<{ key: SdkKey; secret: string }>;
  revoke(id: string, now: string): Promise<SdkKey>;
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

export function sdkKeyStore(db: Queryable): SdkKeyStore {
  return {
    async list(environmentId) {
      let query = db.selectFrom('sdk_keys').selectAll();
      if (environmentId !== undefined) query = query.where('environment_id', '=', environmentId);
      const rows = await query.orderBy('created_at').orderBy('id').execute();
      return rows.map(toSdkKey);
    },
    async find(environmentId, id) {
      const row = await db
        .selectFrom('sdk_keys')
        .selectAll()
        .where('environment_id', '=', environmentId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toSdkKey(row);
    },
    async insert(environmentId, input, now) {
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
      await db.insertInto('sdk_keys').values(row).execute();
      return { key: toSdkKey(row), secret };
    },
    async revoke(id, now) {
      const row = await db
        .updateTable('sdk_keys')
        .set({ revoked_at: now })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toSdkKey(row);
    },
  };
}
