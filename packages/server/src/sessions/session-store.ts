import type { Access } from '../kernel/access.js';
import type { Queryable } from '../storage/database.js';

/** Someone signed in through single sign-on: who, and what their groups let them do. */
export interface SignedInPerson {
  /** The identity provider's `sub`. */
  subject: string;
  name: string;
  access: Access;
}

/** A session acts as an admin token (`tokenId`), or as a person signed in through single sign-on. */
export type StoredSession = { createdAt: string; expiresAt: string } & (
  | { tokenId: string; person?: undefined }
  | { tokenId: null; person: SignedInPerson }
);

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
          subject: session.person?.subject ?? null,
          name: session.person?.name ?? null,
          access: session.person ? JSON.stringify(session.person.access) : null,
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
      if (!row) return undefined;
      const times = { createdAt: row.created_at, expiresAt: row.expires_at };
      if (row.token_id !== null) return { ...times, tokenId: row.token_id };
      return {
        ...times,
        tokenId: null,
        person: {
          subject: row.subject ?? '',
          name: row.name ?? '',
          access: JSON.parse(row.access ?? 'null') as Access,
        },
      };
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
