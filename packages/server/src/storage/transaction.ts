import type { Kysely, Transaction } from 'kysely';
import type { Database, DialectName } from './database.js';

export type Tx = Transaction<Database>;

/** Runs `work` in one transaction: everything it writes commits together, or nothing does. */
export function inTransaction<T>(db: Kysely<Database>, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(work);
}

/**
 * Serialises writers of one project. PostgreSQL writers wait on the project row lock; SQLite already
 * runs one write transaction at a time (single connection), so there is nothing to lock.
 */
export async function lockProject(tx: Tx, dialect: DialectName, projectId: string): Promise<void> {
  if (dialect !== 'postgres') return;
  await tx.selectFrom('projects').select('id').where('id', '=', projectId).forUpdate().execute();
}
