import type { Queryable } from '../storage/database.js';

/** A sign-in started at the identity provider, waiting for its callback. */
export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  expiresAt: string;
}

export interface OidcLoginStore {
  insert(idHash: string, login: PendingLogin): Promise<void>;
  /** Finds and deletes it: a callback is used once. */
  take(idHash: string): Promise<PendingLogin | undefined>;
  deleteExpired(now: string): Promise<void>;
}

export function oidcLoginStore(db: Queryable): OidcLoginStore {
  return {
    async insert(idHash, login) {
      await db
        .insertInto('oidc_logins')
        .values({
          id_hash: idHash,
          state: login.state,
          nonce: login.nonce,
          code_verifier: login.codeVerifier,
          return_to: login.returnTo,
          expires_at: login.expiresAt,
        })
        .execute();
    },
    async take(idHash) {
      const row = await db
        .selectFrom('oidc_logins')
        .selectAll()
        .where('id_hash', '=', idHash)
        .executeTakeFirst();
      if (!row) return undefined;
      const deleted = await db.deleteFrom('oidc_logins').where('id_hash', '=', idHash).executeTakeFirst();
      // Two callbacks at once with the same cookie: only the one that deleted the row goes on.
      if (Number(deleted.numDeletedRows) === 0) return undefined;
      return {
        state: row.state,
        nonce: row.nonce,
        codeVerifier: row.code_verifier,
        returnTo: row.return_to,
        expiresAt: row.expires_at,
      };
    },
    async deleteExpired(now) {
      await db.deleteFrom('oidc_logins').where('expires_at', '<=', now).execute();
    },
  };
}
