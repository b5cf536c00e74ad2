import { type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { seedAdminToken } from '../../src/admin-tokens/seed-admin-token.js';
import { seedDefaultProject } from '../../src/projects/seed-default-project.js';
import { createDatabase } from '../../src/storage/create-database.js';
import type { Database } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrations.js';
import { openStorage, type StorageFixture, stores } from '../support/storage-fixture.js';
import { freshDatabase, storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('storage suite (PostgreSQL)');

describe.each(targets)('migrations and first start on %s', (target) => {
  let fixture: StorageFixture;
  afterEach(() => fixture?.close());

  it('migrates an empty database, and migrating again changes nothing', async () => {
    fixture = await openStorage(target);
    await migrateToLatest(fixture.handle.db, fixture.handle.dialect);
    const tables = await fixture.handle.db.introspection.getTables();
    // PostgreSQL introspection lists every schema of the database; other suites may be running there.
    const own =
      fixture.handle.dialect === 'postgres' ? await currentSchemaName(fixture.handle.db) : undefined;
    const names = tables
      .filter((t) => own === undefined || t.schema === own)
      .map((t) => t.name)
      .filter((n) => !n.startsWith('kysely_'));
    expect(names.sort()).toEqual(
      [
        'admin_tokens',
        'approval_policies',
        'audit_entries',
        'change_requests',
        'code_reference_uploads',
        'code_references',
        'environments',
        'experiment_unit_events',
        'experiment_units',
        'experiment_variant_sums',
        'experiment_variants',
        'experiments',
        'flag_configs',
        'flag_evaluations',
        'flags',
        'integration_alerts',
        'kill_rules',
        'oidc_logins',
        'project_lifecycle',
        'projects',
        'rollout_events',
        'rollouts',
        'schedules',
        'sdk_keys',
        'segments',
        'sessions',
        'variant_metrics',
      ].sort(),
    );
  });

  it('runs a migration numbered below ones the database already ran (0006 after 0008)', async () => {
    fixture = await openStorage(target);
    const { db } = fixture.handle;
    // A database migrated before 0006_sessions existed: 0007 and 0008 ran, 0006 did not.
    await db.schema.dropTable('sessions').execute();
    await sql`delete from kysely_migration where name = '0006_sessions'`.execute(db);
    await migrateToLatest(db, fixture.handle.dialect);
    const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    expect(rows.map((r) => r.name)).toContain('0006_sessions');
    expect(await db.selectFrom('sessions').selectAll().execute()).toEqual([]);
  });

  it('seeds the default project with development and production exactly once', async () => {
    fixture = await openStorage(target);
    expect(await seedDefaultProject(fixture.services.commands, fixture.handle.db)).toBe(true);
    expect(await seedDefaultProject(fixture.services.commands, fixture.handle.db)).toBe(false);
    const projects = await stores.projects(fixture.handle.db).list();
    expect(projects.map((p) => p.key)).toEqual(['default']);
    const environments = await stores.environments(fixture.handle.db).list(projects[0]!.id);
    expect(environments.map((e) => e.key).sort()).toEqual(['development', 'production']);
    // Each environment's (empty) flag set was committed once: version 1, and published.
    expect(environments.map((e) => e.version)).toEqual([1, 1]);
    for (const e of environments) expect(fixture.registry.get(e.id)?.version).toBe(1);
  });

  it('creates a first admin token once and stores only its hash', async () => {
    fixture = await openStorage(target);
    const secret = await seedAdminToken(fixture.services.tokenDeps, fixture.services.commands, undefined);
    expect(secret).toMatch(/^sy_admin_[A-Za-z0-9_-]{43}$/);
    expect(
      await seedAdminToken(fixture.services.tokenDeps, fixture.services.commands, undefined),
    ).toBeUndefined();
    const rows = await fixture.handle.db.selectFrom('admin_tokens').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(secret!.slice(13));
  });

  it('admits a configured admin token once, across restarts', async () => {
    fixture = await openStorage(target);
    const configured = 'a-configured-admin-token-1234';
    expect(
      await seedAdminToken(fixture.services.tokenDeps, fixture.services.commands, configured),
    ).toBeUndefined();
    await seedAdminToken(fixture.services.tokenDeps, fixture.services.commands, configured);
    const rows = await fixture.handle.db.selectFrom('admin_tokens').selectAll().execute();
    expect(rows.map((r) => r.name)).toEqual(['SWITCHYARD_ADMIN_TOKEN']);
  });

  it('keeps committed data when the database is closed and opened again', async () => {
    fixture = await openStorage(target);
    await seedDefaultProject(fixture.services.commands, fixture.handle.db);
    await fixture.handle.close();
    const reopened = createDatabase(fixture.database.location);
    fixture.handle = reopened;
    await migrateToLatest(reopened.db, reopened.dialect);
    expect((await stores.projects(reopened.db).list()).map((p) => p.key)).toEqual(['default']);
  });
});

describe.skipIf(!targets.includes('postgres'))('migrations on PostgreSQL next to other schemas', () => {
  it('migrates its own schema while another schema of the database already holds migration tables', async () => {
    // Two deployments (or any other Kysely application) in one database, each in its own schema.
    const first = await openStorage('postgres');
    const second = await freshDatabase('postgres');
    const handle = createDatabase(second.location);
    try {
      await migrateToLatest(handle.db, handle.dialect);
      const { rows } = await sql<{ table_name: string }>`
        select table_name from information_schema.tables
        where table_schema = current_schema() order by table_name`.execute(handle.db);
      expect(rows.map((r) => r.table_name)).toEqual(
        expect.arrayContaining(['kysely_migration', 'kysely_migration_lock', 'projects', 'sdk_keys']),
      );
      // The first schema is untouched and still migrates (nothing to do).
      await migrateToLatest(first.handle.db, first.handle.dialect);
    } finally {
      await handle.close();
      await second.cleanup();
      await first.close();
    }
  });
});

describe.skipIf(!targets.includes('postgres'))(
  'a PostgreSQL search_path naming a schema that does not exist',
  () => {
    it('creates the schema and migrates into it, instead of failing with a stack trace', async () => {
      const probe = await freshDatabase('postgres');
      const url = new URL(probe.location);
      const missing = `${url.searchParams.get('options')!.split('=').at(-1)}_missing`;
      url.searchParams.set('options', `-c search_path=${missing}`);
      const handle = createDatabase(url.toString());
      try {
        await migrateToLatest(handle.db, handle.dialect);
        expect(await currentSchemaName(handle.db)).toBe(missing);
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables
        where table_schema = ${missing} and table_name = 'projects'`.execute(handle.db);
        expect(rows[0]!.n).toBe(1);
      } finally {
        await sql`drop schema if exists ${sql.id(missing)} cascade`.execute(handle.db);
        await handle.close();
        await probe.cleanup();
      }
    });
  },
);

/** The schema a PostgreSQL connection writes to (its search_path). */
async function currentSchemaName(db: Kysely<Database>): Promise<string | undefined> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema;
}
