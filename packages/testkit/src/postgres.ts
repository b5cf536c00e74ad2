import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { handleMissingResource } from './missing-resource.js';

/** A fresh, empty PostgreSQL schema; `url` makes every connection use it (search_path). */
export interface PostgresSchema {
  url: string;
  schema: string;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

const candidates = ['postgres://postgres@127.0.0.1:5432/test', 'postgres://root@127.0.0.1:5432/test'];

/**
 * Creates a uniquely named schema in the `test` database on 127.0.0.1:5432 (or
 * `SWITCHYARD_TEST_POSTGRES_URL`). Returns null (after a visible skip message) when PostgreSQL is
 * unreachable; under `CI=true` that is an error instead.
 */
export async function createPostgresSchema(
  purpose: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PostgresSchema | null> {
  const urls = env.SWITCHYARD_TEST_POSTGRES_URL ? [env.SWITCHYARD_TEST_POSTGRES_URL] : candidates;
  const failures: string[] = [];
  for (const base of urls) {
    const client = new pg.Client({ connectionString: base, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      const schema = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
      await client.query(`create schema "${schema}"`);
      await client.end();
      return { url: withSearchPath(base, schema), schema, drop: () => dropSchema(base, schema) };
    } catch (error) {
      failures.push(`${redact(base)}: ${(error as Error).message}`);
      await client.end().catch(() => {});
    }
  }
  return handleMissingResource(`PostgreSQL unreachable (${failures.join('; ')})`, purpose, env);
}

function withSearchPath(base: string, schema: string): string {
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

async function dropSchema(base: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}
