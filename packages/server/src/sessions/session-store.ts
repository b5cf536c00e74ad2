import type { Queryable } from '../storage/database.js';

export interface StoredSession {
  tokenId: string;
  createdAt: string;
  expiresAt: string;
}

export interface SessionStore {
  insert(idHash: string, session: StoredSession): Promise<void>;
  find(idHash: string): Promise<StoredSession | undefined>;
  delete(idHash: string): Promise<void>;
  /** Forgets sessions that expired, or whose token was revoked; answers how many. */
  deleteEnded(now: string): Promise<number>;
}

export function sessionStore(db: Queryable): SessionStore {
  return {
    async insert(idHash, session) {
      await db
        .insertInto('sessions')
        .values({
          id_hash: idHash,
          token_id: session.tokenId,
          created_at: session.createdAt,
          expires_at: session.expiresAt,
        })
        .execute();
    },
    async find(idHash) {
      const row = await db
        .selectFrom('sessions')
        .selectAll()
        .where('id_hash', '=', idHash)
        .executeTakeFirst();
      return row && { tokenId: row.token_id, createdAt: row.created_at, expiresAt: row.expires_at };
    },
    async delete(idHash) {
      await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    },
    async deleteEnded(now) {
      const result = await db
        .deleteFrom('sessions')
        .where((eb) =>
          eb.or([
            eb('expires_at', '<=', now),
            eb(
              'token_id',
              'in',
              eb.selectFrom('admin_tokens').select('id').where('revoked_at', 'is not', null),
            ),
          ]),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
