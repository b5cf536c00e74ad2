import type { Kysely, Transaction } from 'kysely';
import type { Database, DialectName } from './database.js';

export type Tx = Transaction<Database>;

/** Runs `work` in one transaction: everything it writes commits together, or nothing does. */
export function inTransaction<T>(db: Kysely<Database>, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(work);
}

/**
 * Runs reads that must agree with each other (a flag-set document is built from several tables)
 * against one snapshot. PostgreSQL's default READ COMMITTED gives each statement its own, so a
 * commit landing between two of them would mix versions; SQLite transactions read one snapshot anyway.
 */
export function readConsistently<T>(db: Kysely<Database>, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().setIsolationLevel('repeatable read').execute(work);
}

/**
 * Serialises writers of one project. PostgreSQL writers wait on the project row lock; SQLite already
 * runs one write transaction at a time (single connection), so there is nothing to lock. Returns
 * false when the project no longer exists (deleted by a writer that went first).
 */
export async function lockProject(tx: Tx, dialect: DialectName, projectId: string): Promise<boolean> {
  const query = tx.selectFrom('projects').select('id').where('id', '=', projectId);
  const row = await (dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
  return row !== undefined;
}
