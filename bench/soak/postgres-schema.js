import { randomBytes } from 'node:crypto';
import pg from 'pg';

const candidates = process.env.SWITCHYARD_BENCH_POSTGRES_URL
  ? [process.env.SWITCHYARD_BENCH_POSTGRES_URL]
  : ['postgres://postgres@127.0.0.1:5432/test', 'postgres://root@127.0.0.1:5432/test'];

/** A fresh schema for the replicas to share; `url` selects it (search_path). */
export async function createSchema() {
  const failures = [];
  for (const base of candidates) {
    const client = new pg.Client({ connectionString: base, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      const schema = `soak_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
      await client.query(`create schema "${schema}"`);
      await client.end();
      const url = new URL(base);
      url.searchParams.set('options', `-c search_path=${schema}`);
      return {
        url: url.toString(),
        async drop() {
          const admin = new pg.Client({ connectionString: base });
          await admin.connect();
          await admin.query(`drop schema if exists "${schema}" cascade`);
          await admin.end();
        },
      };
    } catch (error) {
      failures.push(`${base}: ${error.message}`);
      await client.end().catch(() => {});
    }
  }
  throw new Error(
    `the soak benchmark needs PostgreSQL (set SWITCHYARD_BENCH_POSTGRES_URL): ${failures.join('; ')}`,
  );
}
