import { createDatabase } from '../../src/storage/create-database.js';

const tables = [
  'projects',
  'environments',
  'flags',
  'flag_configs',
  'segments',
  'audit_entries',
  'admin_tokens',
  'sdk_keys',
] as const;

/** Every row of every table, in a stable order, read over a separate connection. */
export async function dumpDatabase(location: string): Promise<Record<string, unknown[]>> {
  const handle = createDatabase(location);
  try {
    const dump: Record<string, unknown[]> = {};
    for (const table of tables) {
      const rows = await handle.db.selectFrom(table).selectAll().execute();
      dump[table] = rows.map((r) => JSON.stringify(r)).sort();
    }
    return dump;
  } finally {
    await handle.close();
  }
}
