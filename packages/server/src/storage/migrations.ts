import { type Kysely, type Migration, Migrator, sql } from 'kysely';
import type { Database, DialectName } from './database.js';

/** Migrations live in code so SQLite and PostgreSQL run exactly the same steps. Never edit a shipped one. */
function migrations(dialect: DialectName): Record<string, Migration> {
  return {
    '0001_initial': {
      // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('projects')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('key', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('description', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('environments')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('metadata', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('environments_project_key', ['project_id', 'key'])
          .execute();
        await db.schema
          .createTable('flags')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('description', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('owner', 'text', (c) => c.notNull())
          .addColumn('tags', 'text', (c) => c.notNull())
          .addColumn('variants', 'text', (c) => c.notNull())
          .addColumn('metadata', 'text')
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('flags_project_key', ['project_id', 'key'])
          .execute();
        await db.schema
          .createTable('flag_configs')
          .addColumn('flag_id', 'text', (c) => c.notNull().references('flags.id').onDelete('cascade'))
          .addColumn('environment_id', 'text', (c) =>
            c.notNull().references('environments.id').onDelete('cascade'),
          )
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('default_variant', 'text')
          .addColumn('targeting', 'text')
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('flag_configs_pk', ['flag_id', 'environment_id'])
          .execute();
        await db.schema
          .createTable('segments')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('environment_id', 'text', (c) =>
            c.notNull().references('environments.id').onDelete('cascade'),
          )
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('description', 'text', (c) => c.notNull())
          .addColumn('rule', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('segments_environment_key', ['environment_id', 'key'])
          .execute();
        await db.schema
          .createTable('audit_entries')
          .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) =>
            dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
          )
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('actor_name', 'text', (c) => c.notNull())
          .addColumn('request_id', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('resource_type', 'text', (c) => c.notNull())
          .addColumn('resource', 'text', (c) => c.notNull())
          .addColumn('project_key', 'text')
          .addColumn('environment_key', 'text')
          .addColumn('flag_key', 'text')
          .addColumn('before', 'text')
          .addColumn('after', 'text')
          .addColumn('changes', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('audit_entries_at').on('audit_entries').column('at').execute();
        await db.schema
          .createIndex('audit_entries_scope')
          .on('audit_entries')
          .columns(['project_key', 'environment_key', 'flag_key'])
          .execute();
        await db.schema
          .createTable('admin_tokens')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('prefix', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('revoked_at', 'text')
          .execute();
        await db.schema
          .createTable('sdk_keys')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('environment_id', 'text', (c) =>
            c.notNull().references('environments.id').onDelete('cascade'),
          )
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('key_hash', 'text', (c) => c.notNull().unique())
          .addColumn('prefix', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('revoked_at', 'text')
          .execute();
      },
    },
    '0002_commands_and_scoped_tokens': {
      // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
      async up(db: Kysely<any>) {
        await db.schema.alterTable('audit_entries').addColumn('reason', 'text').execute();
        await db.schema.alterTable('admin_tokens').addColumn('projects', 'text').execute();
        await db.schema
          .alterTable('admin_tokens')
          .addColumn('grants', 'text', (c) => c.notNull().defaultTo('[]'))
          .execute();
        await db.schema.alterTable('flags').addColumn('default_variant', 'text').execute();
      },
    },
    '0003_rollouts': {
      // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
      async up(db: Kysely<any>) {
        await db.schema.alterTable('flags').addColumn('safe_variant', 'text').execute();
        await db.schema
          .createTable('rollouts')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
          .addColumn('environment_id', 'text', (c) =>
            c.notNull().references('environments.id').onDelete('cascade'),
          )
          .addColumn('flag_id', 'text', (c) => c.notNull().references('flags.id').onDelete('cascade'))
          .addColumn('flag_key', 'text', (c) => c.notNull())
          .addColumn('plan', 'text', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('base_targeting', 'text')
          .addColumn('written_targeting', 'text')
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('rollouts_status').on('rollouts').column('status').execute();
        await db.schema
          .createIndex('rollouts_flag')
          .on('rollouts')
          .columns(['environment_id', 'flag_id'])
          .execute();
        await db.schema
          .createTable('rollout_events')
          .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) =>
            dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
          )
          .addColumn('rollout_id', 'text', (c) => c.notNull().references('rollouts.id').onDelete('cascade'))
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('reason', 'text', (c) => c.notNull())
          .addColumn('step_index', 'integer', (c) => c.notNull())
          .addColumn('basis_points', 'integer', (c) => c.notNull())
          .addColumn('rings', 'text', (c) => c.notNull())
          .addColumn('evidence', 'text')
          .addColumn('actor', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('rollout_events_rollout')
          .on('rollout_events')
          .columns(['rollout_id', 'id'])
          .execute();
        await db.schema
          .createTable('variant_metrics')
          .addColumn('environment_id', 'text', (c) => c.notNull())
          .addColumn('flag_key', 'text', (c) => c.notNull())
          .addColumn('variant', 'text', (c) => c.notNull())
          .addColumn('second', 'bigint', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('n', 'bigint', (c) => c.notNull())
          .addColumn('errors', 'bigint', (c) => c.notNull())
          .addColumn('latency_sum', 'double precision', (c) => c.notNull())
          .addColumn('latency_sum_squares', 'double precision', (c) => c.notNull())
          .addColumn('latency_buckets', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('variant_metrics_pk', [
            'environment_id',
            'flag_key',
            'variant',
            'second',
            'source',
          ])
          .execute();
        await db.schema
          .createTable('kill_rules')
          .addColumn('flag_id', 'text', (c) => c.notNull().references('flags.id').onDelete('cascade'))
          .addColumn('environment_id', 'text', (c) =>
            c.notNull().references('environments.id').onDelete('cascade'),
          )
          .addColumn('rule', 'text', (c) => c.notNull())
          .addColumn('breaching_since', 'bigint')
          .addColumn('evaluated_through', 'bigint', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('kill_rules_pk', ['flag_id', 'environment_id'])
          .execute();
      },
    },
    '0004_integrations': {
      // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
      async up(db: Kysely<any>) {
        await db.schema.alterTable('admin_tokens').addColumn('actions', 'text').execute();
        await db.schema
          .createTable('integration_alerts')
          .addColumn('fingerprint', 'text', (c) => c.notNull())
          .addColumn('starts_at', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('received_at', 'text', (c) => c.notNull())
          .addColumn('alertname', 'text', (c) => c.notNull())
          .addColumn('project_key', 'text', (c) => c.notNull())
          .addColumn('environment_key', 'text', (c) => c.notNull())
          .addColumn('flag_key', 'text', (c) => c.notNull())
          .addColumn('outcome', 'text', (c) => c.notNull())
          .addColumn('rollout_id', 'text')
          .addColumn('message', 'text', (c) => c.notNull())
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('request_id', 'text', (c) => c.notNull())
          .addColumn('labels', 'text', (c) => c.notNull())
          .addColumn('annotations', 'text', (c) => c.notNull())
          .addColumn('generator_url', 'text')
          .addPrimaryKeyConstraint('integration_alerts_pk', ['fingerprint', 'starts_at', 'status'])
          .execute();
        await db.schema
          .createIndex('integration_alerts_received')
          .on('integration_alerts')
          .columns(['received_at'])
          .execute();
      },
    },
    '0005_schedules': {
      // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('schedules')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('command', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('project_key', 'text')
          .addColumn('environment_key', 'text')
          .addColumn('run_at', 'text', (c) => c.notNull())
          .addColumn('time_zone', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('reason', 'text')
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_by_name', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('claimed_by', 'text')
          .addColumn('claim_id', 'text')
          .addColumn('claimed_at', 'text')
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('finished_at', 'text')
          .addColumn('result', 'text')
          .addColumn('error', 'text')
          .addColumn('cancelled_by', 'text')
          .addColumn('cancelled_by_name', 'text')
          .addColumn('version', 'integer', (c) => c.notNull())
          .execute();
        // What the runner asks every second: pending ones due, running ones whose claim went stale.
        await db.schema.createIndex('schedules_due').on('schedules').columns(['status', 'run_at']).execute();
        await db.schema.createIndex('schedules_project').on('schedules').column('project_key').execute();
      },
    },
    '0006_sessions': {
      // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
      async up(db: Kysely<any>) {
        // Dashboard sessions: only a hash of the cookie's secret is stored; deleting a token ends its
        // sessions. A single sign-on session has no token: it keeps who signed in and the access
        // their groups gave them at sign-in.
        await db.schema
          .createTable('sessions')
          .addColumn('id_hash', 'text', (c) => c.primaryKey())
          .addColumn('token_id', 'text', (c) => c.references('admin_tokens.id').onDelete('cascade'))
          .addColumn('subject', 'text')
          .addColumn('name', 'text')
          .addColumn('access', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('sessions_token').on('sessions').column('token_id').execute();
        await db.schema.createIndex('sessions_expiry').on('sessions').column('expires_at').execute();
      },
    },
    '0007_code_references': {
      // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('code_reference_uploads')
          .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
          .addColumn('repository', 'text', (c) => c.notNull())
          .addColumn('commit_sha', 'text', (c) => c.notNull())
          .addColumn('branch', 'text')
          .addColumn('uploaded_at', 'text', (c) => c.notNull())
          .addColumn('uploaded_by', 'text', (c) => c.notNull())
          .addColumn('uploaded_by_name', 'text', (c) => c.notNull())
          .addColumn('reference_count', 'integer', (c) => c.notNull())
          .addColumn('flag_count', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('code_reference_uploads_pk', ['project_id', 'repository'])
          .execute();
        await db.schema
          .createTable('code_references')
          .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
          .addColumn('repository', 'text', (c) => c.notNull())
          .addColumn('flag_key', 'text', (c) => c.notNull())
          .addColumn('file', 'text', (c) => c.notNull())
          .addColumn('line', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('code_references_pk', [
            'project_id',
            'repository',
            'flag_key',
            'file',
            'line',
          ])
          .execute();
        // Who uses a flag (the flag screen, stale detection); replacing a repository uses the key's prefix.
        await db.schema
          .createIndex('code_references_flag')
          .on('code_references')
          .columns(['project_id', 'flag_key'])
          .execute();
      },
    },
    '0008_experiments': {
      // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
      async up(db: Kysely<any>) {
        const postgres = dialect === 'postgres';
        await db.schema
          .createTable('experiments')
          .addColumn('id', postgres ? 'serial' : 'integer', (c) =>
            postgres ? c.primaryKey() : c.primaryKey().autoIncrement(),
          )
          .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
          .addColumn('environment_id', 'text', (c) =>
            c.notNull().references('environments.id').onDelete('cascade'),
          )
          .addColumn('flag_id', 'text', (c) => c.notNull().references('flags.id').onDelete('cascade'))
          .addColumn('flag_key', 'text', (c) => c.notNull())
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('design', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('base_targeting', 'text')
          .addColumn('written_targeting', 'text')
          .addColumn('started_at', 'text')
          .addColumn('stopped_at', 'text')
          .addColumn('outcome', 'text')
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addUniqueConstraint('experiments_environment_key', ['environment_id', 'key'])
          .execute();
        await db.schema.createIndex('experiments_status').on('experiments').column('status').execute();
        // No foreign key on the per-unit tables: PostgreSQL would check it for every row a flush
        // writes (a large share of ingestion time). A trigger deletes them with their experiment.
        const units = db.schema
          .createTable('experiment_units')
          .addColumn('experiment_id', 'integer', (c) => c.notNull())
          .addColumn('unit', 'text', (c) => c.notNull())
          .addColumn('variant', 'text', (c) => c.notNull())
          .addColumn('exposed_at', 'bigint', (c) => c.notNull())
          .addColumn('conflicted', 'smallint', (c) => c.notNull())
          .addPrimaryKeyConstraint('experiment_units_pk', ['experiment_id', 'unit']);
        const unitEvents = db.schema
          .createTable('experiment_unit_events')
          .addColumn('experiment_id', 'integer', (c) => c.notNull())
          .addColumn('unit', 'text', (c) => c.notNull())
          .addColumn('event', 'text', (c) => c.notNull())
          .addColumn('count', 'bigint', (c) => c.notNull())
          .addColumn('value_sum', postgres ? 'double precision' : 'real', (c) => c.notNull())
          .addPrimaryKeyConstraint('experiment_unit_events_pk', ['experiment_id', 'unit', 'event']);
        // Clustered on their keys in SQLite (no rowid): a million units are a million short rows.
        for (const table of [units, unitEvents]) {
          await (postgres ? table : table.modifyEnd(sql`without rowid`)).execute();
        }
        const deleteUnits = sql.raw(`delete from experiment_unit_events where experiment_id = old.id;
          delete from experiment_units where experiment_id = old.id;`);
        if (postgres) {
          // `set search_path from current`: the tables of this schema, whoever deletes.
          await sql`create function experiment_units_delete() returns trigger language plpgsql
            set search_path from current as $$ begin ${deleteUnits} return old; end $$`.execute(db);
          await sql`create trigger experiments_delete_units after delete on experiments
            for each row execute function experiment_units_delete()`.execute(db);
        } else {
          await sql`create trigger experiments_delete_units after delete on experiments
            begin ${deleteUnits} end`.execute(db);
        }
        const real = postgres ? 'double precision' : 'real';
        await db.schema
          .createTable('experiment_variants')
          .addColumn('experiment_id', 'integer', (c) =>
            c.notNull().references('experiments.id').onDelete('cascade'),
          )
          .addColumn('variant', 'text', (c) => c.notNull())
          .addColumn('units', 'bigint', (c) => c.notNull())
          .addColumn('conflicted', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('experiment_variants_pk', ['experiment_id', 'variant'])
          .execute();
        await db.schema
          .createTable('experiment_variant_sums')
          .addColumn('experiment_id', 'integer', (c) =>
            c.notNull().references('experiments.id').onDelete('cascade'),
          )
          .addColumn('metric', 'text', (c) => c.notNull())
          .addColumn('variant', 'text', (c) => c.notNull())
          .addColumn('n', 'bigint', (c) => c.notNull())
          .addColumn('sum', real, (c) => c.notNull())
          .addColumn('sum_squares', real, (c) => c.notNull())
          .addColumn('denominator_sum', real, (c) => c.notNull())
          .addColumn('denominator_sum_squares', real, (c) => c.notNull())
          .addColumn('cross_sum', real, (c) => c.notNull())
          .addPrimaryKeyConstraint('experiment_variant_sums_pk', ['experiment_id', 'metric', 'variant'])
          .execute();
      },
    },
    '0012_oidc_logins': {
      // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
      async up(db: Kysely<any>) {
        // A single sign-on login under way: what the callback checks (hashed binding, one use).
        await db.schema
          .createTable('oidc_logins')
          .addColumn('id_hash', 'text', (c) => c.primaryKey())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('nonce', 'text', (c) => c.notNull())
          .addColumn('code_verifier', 'text', (c) => c.notNull())
          .addColumn('return_to', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '0009_lifecycle': {
      // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
      async up(db: Kysely<any>) {
        // Archived flags keep their row, configuration and history; they are left out of flag sets.
        await db.schema.alterTable('flags').addColumn('archived_at', 'text').execute();
        await db.schema
          .createTable('project_lifecycle')
          .addColumn('project_id', 'text', (c) =>
            c.primaryKey().references('projects.id').onDelete('cascade'),
          )
          .addColumn('settings', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          // When the next digest is due (null: no digest configured); claimed by moving it forward.
          .addColumn('digest_due_at', 'text')
          .addColumn('digest_sent_at', 'text')
          .addColumn('digest_error', 'text')
          .execute();
        // The last time a flag was evaluated in an environment, written in batches (not per evaluation).
        await db.schema
          .createTable('flag_evaluations')
          .addColumn('environment_id', 'text', (c) =>
            c.notNull().references('environments.id').onDelete('cascade'),
          )
          .addColumn('flag_key', 'text', (c) => c.notNull())
          .addColumn('last_evaluated_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('flag_evaluations_pk', ['environment_id', 'flag_key'])
          .execute();
      },
    },
    '0010_change_requests': {
      // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('approval_policies')
          .addColumn('environment_id', 'text', (c) =>
            c.primaryKey().references('environments.id').onDelete('cascade'),
          )
          .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
          .addColumn('required_approvals', 'integer', (c) => c.notNull())
          .addColumn('approver_roles', 'text', (c) => c.notNull())
          .addColumn('emergency_bypass', 'smallint', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('change_requests')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
          .addColumn('environments', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('command', 'text', (c) => c.notNull())
          .addColumn('plan', 'text', (c) => c.notNull())
          .addColumn('reviews', 'text', (c) => c.notNull())
          .addColumn('revision', 'integer', (c) => c.notNull())
          .addColumn('requested_by', 'text', (c) => c.notNull())
          .addColumn('requested_by_name', 'text', (c) => c.notNull())
          .addColumn('apply_at', 'text')
          .addColumn('apply_by', 'text')
          .addColumn('applied_at', 'text')
          .addColumn('applied_by', 'text')
          .addColumn('result', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('change_requests_project')
          .on('change_requests')
          .columns(['project_id', 'status'])
          .execute();
        // Scheduled applies: approved ones whose time has come.
        await db.schema
          .createIndex('change_requests_due')
          .on('change_requests')
          .columns(['status', 'apply_at'])
          .execute();
        // How a change got past its environment's policy: approvers, or an emergency bypass.
        await db.schema.alterTable('audit_entries').addColumn('approval', 'text').execute();
      },
    },
  };
}

export class MigrationError extends Error {
  readonly code = 'MIGRATION_FAILED';
}

export async function migrateToLatest(db: Kysely<Database>, dialect: DialectName): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations(dialect) },
    // Numbers are reserved per feature and may land out of order (0006 after 0008): a database that
    // already ran later ones still takes an earlier one it has not run.
    allowUnorderedMigrations: true,
    ...(dialect === 'postgres' && { migrationTableSchema: await ensureSchema(db) }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const what = failed ? `database migration ${failed} failed` : 'could not prepare the database';
    throw new MigrationError(`${what}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

/**
 * The schema the connection writes to (its search_path), created when it does not exist yet.
 * Kysely must be told it: otherwise it looks for its migration tables in every schema of the
 * database and, finding another deployment's (or another application's), never creates its own.
 */
async function ensureSchema(db: Kysely<Database>): Promise<string> {
  const current = async () =>
    (await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db)).rows[0]?.schema ??
    null;
  const existing = await current();
  if (existing !== null) return existing;
  const { rows } = await sql<{ path: string }>`select current_setting('search_path') as path`.execute(db);
  const wanted = firstSchema(rows[0]?.path ?? '');
  if (wanted === undefined) {
    throw new MigrationError(
      'the database connection has no schema to write to (its search_path is empty): name one, e.g. ?options=-c%20search_path%3Dswitchyard',
    );
  }
  try {
    await sql`create schema if not exists ${sql.id(wanted)}`.execute(db);
  } catch (error) {
    throw new MigrationError(
      `schema "${wanted}" (the connection's search_path) does not exist and could not be created: ${(error as Error).message}. Create it (CREATE SCHEMA "${wanted}") or grant CREATE on the database to this user`,
      { cause: error },
    );
  }
  // Connections opened before the schema existed keep a search_path that resolved to nothing.
  return (await current()) ?? wanted;
}

/** The first schema a search_path names (`"$user"` is skipped: it names a per-user schema). */
function firstSchema(path: string): string | undefined {
  for (const part of path.split(',')) {
    const name = part.trim().replace(/^"(.*)"$/, '$1');
    if (name !== '' && name !== '$user') return name;
  }
  return undefined;
}

/** Used by readiness checks: the storage answers a trivial query. */
export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}
