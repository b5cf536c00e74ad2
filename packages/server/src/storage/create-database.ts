import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database, DialectName } from './database.js';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  /** A description safe to log (no password). */
  description: string;
  /** SQLite's connection itself, for the few hot paths that run prepared statements (see unit-store). */
  sqlite?: SqliteDatabase.Database;
  close(): Promise<void>;
}

/** `postgres://…` / `postgresql://…` selects PostgreSQL; anything else is a SQLite file path. */
export function createDatabase(location: string): DatabaseHandle {
  if (/^postgres(ql)?:\/\//i.test(location)) return createPostgres(location);
  return createSqlite(location);
}

function createSqlite(file: string): DatabaseHandle {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL: the WAL is fsynced at every commit, so an acknowledged write survives kill -9 and power loss.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite', description: `sqlite:${file}`, sqlite, close: () => db.destroy() };
}

function createPostgres(url: string): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', description: redactUrl(url), close: () => db.destroy() };
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres';
  }
}
