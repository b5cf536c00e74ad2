import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresSchema } from '../../../testkit/src/postgres.js';

export type TargetName = 'sqlite' | 'postgres';

export interface FreshDatabase {
  /** What `createDatabase` / `startServer({ db })` takes. */
  location: string;
  /** A scratch directory (the server's data dir). */
  dir: string;
  cleanup(): Promise<void>;
}

let postgresProbe: Promise<boolean> | undefined;

/**
 * The storage back ends to run a suite against: SQLite always, PostgreSQL when reachable
 * (visible skip otherwise; under CI=true an unreachable PostgreSQL fails the run).
 */
export async function storageTargets(purpose: string): Promise<TargetName[]> {
  postgresProbe ??= createPostgresSchema(purpose).then(async (schema) => {
    await schema?.drop();
    return schema !== null;
  });
  return (await postgresProbe) ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** An empty database of the given kind: a temp SQLite file, or a fresh PostgreSQL schema. */
export async function freshDatabase(target: TargetName): Promise<FreshDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-test-'));
  const removeDir = async () => rmSync(dir, { recursive: true, force: true });
  if (target === 'sqlite') return { location: join(dir, 'switchyard.db'), dir, cleanup: removeDir };
  const schema = await createPostgresSchema(`PostgreSQL storage tests`);
  if (!schema) throw new Error('PostgreSQL became unreachable during the run');
  return {
    location: schema.url,
    dir,
    async cleanup() {
      await schema.drop();
      await removeDir();
    },
  };
}
