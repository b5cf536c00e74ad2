import type { Queryable } from '../storage/database.js';
import { type LifecycleSettings, withDefaults } from './lifecycle-settings.js';

export interface ProjectLifecycle {
  projectId: string;
  settings: LifecycleSettings;
  /** 0 until the settings are first changed. */
  version: number;
  updatedAt: string | null;
  digestDueAt: string | null;
  digestSentAt: string | null;
  digestError: string | null;
}

export interface LifecycleStore {
  /** The project's settings (the defaults when never set). */
  get(projectId: string): Promise<ProjectLifecycle>;
  /** Writes the settings, bumping the version, and when the next digest is due. */
  save(
    current: ProjectLifecycle,
    settings: LifecycleSettings,
    digestDueAt: string | null,
    now: string,
  ): Promise<ProjectLifecycle>;
  /** Projects whose digest is due at `now`. */
  listDueDigests(now: string): Promise<ProjectLifecycle[]>;
  /**
   * Takes a due digest by moving its due time from `dueAt` to `nextDueAt`, in one statement: of
   * replicas racing for it, exactly one gets true.
   */
  claimDigest(projectId: string, dueAt: string, nextDueAt: string): Promise<boolean>;
  recordDigest(projectId: string, outcome: { sentAt: string | null; error: string | null }): Promise<void>;
  /** The latest evaluation of each flag key of these environments, as written so far. */
  lastEvaluations(environmentIds: readonly string[]): Promise<Map<string, string>>;
  /** Keeps the later of the stored and the given times. */
  recordEvaluations(rows: readonly { environmentId: string; flagKey: string; at: string }[]): Promise<void>;
}

type Row = {
  project_id: string;
  settings: string;
  version: number;
  updated_at: string;
  digest_due_at: string | null;
  digest_sent_at: string | null;
  digest_error: string | null;
};

function toLifecycle(row: Row): ProjectLifecycle {
  return {
    projectId: row.project_id,
    settings: withDefaults(JSON.parse(row.settings) as Partial<LifecycleSettings>),
    version: row.version,
    updatedAt: row.updated_at,
    digestDueAt: row.digest_due_at,
    digestSentAt: row.digest_sent_at,
    digestError: row.digest_error,
  };
}

/** The key of a flag's latest evaluation in an environment. */
export const evaluationKey = (environmentId: string, flagKey: string) => `${environmentId}\u0000${flagKey}`;

export function lifecycleStore(db: Queryable): LifecycleStore {
  return {
    async get(projectId) {
      const row = await db
        .selectFrom('project_lifecycle')
        .selectAll()
        .where('project_id', '=', projectId)
        .executeTakeFirst();
      if (row) return toLifecycle(row);
      return {
        projectId,
        settings: withDefaults({}),
        version: 0,
        updatedAt: null,
        digestDueAt: null,
        digestSentAt: null,
        digestError: null,
      };
    },
    async save(current, settings, digestDueAt, now) {
      const row: Row = {
        project_id: current.projectId,
        settings: JSON.stringify(settings),
        version: current.version + 1,
        updated_at: now,
        digest_due_at: digestDueAt,
        digest_sent_at: current.digestSentAt,
        digest_error: current.digestError,
      };
      if (current.version === 0) await db.insertInto('project_lifecycle').values(row).execute();
      else {
        await db
          .updateTable('project_lifecycle')
          .set({ settings: row.settings, version: row.version, updated_at: now, digest_due_at: digestDueAt })
          .where('project_id', '=', current.projectId)
          .execute();
      }
      return toLifecycle(row);
    },
    async listDueDigests(now) {
      const rows = await db
        .selectFrom('project_lifecycle')
        .selectAll()
        .where('digest_due_at', 'is not', null)
        .where('digest_due_at', '<=', now)
        .execute();
      return rows.map(toLifecycle);
    },
    async claimDigest(projectId, dueAt, nextDueAt) {
      const result = await db
        .updateTable('project_lifecycle')
        .set({ digest_due_at: nextDueAt })
        .where('project_id', '=', projectId)
        .where('digest_due_at', '=', dueAt)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async recordDigest(projectId, outcome) {
      await db
        .updateTable('project_lifecycle')
        .set({
          digest_error: outcome.error,
          ...(outcome.sentAt !== null && { digest_sent_at: outcome.sentAt }),
        })
        .where('project_id', '=', projectId)
        .execute();
    },
    async lastEvaluations(environmentIds) {
      const latest = new Map<string, string>();
      if (environmentIds.length === 0) return latest;
      const rows = await db
        .selectFrom('flag_evaluations')
        .selectAll()
        .where('environment_id', 'in', environmentIds)
        .execute();
      for (const row of rows)
        latest.set(evaluationKey(row.environment_id, row.flag_key), row.last_evaluated_at);
      return latest;
    },
    async recordEvaluations(rows) {
      if (rows.length === 0) return;
      // An environment deleted since its flags were evaluated has nothing left to record.
      const ids = [...new Set(rows.map((r) => r.environmentId))];
      const existing = new Set(
        (await db.selectFrom('environments').select('id').where('id', 'in', ids).execute()).map((r) => r.id),
      );
      for (const row of rows) {
        if (!existing.has(row.environmentId)) continue;
        await db
          .insertInto('flag_evaluations')
          .values({ environment_id: row.environmentId, flag_key: row.flagKey, last_evaluated_at: row.at })
          .onConflict((oc) =>
            oc
              .columns(['environment_id', 'flag_key'])
              .doUpdateSet({ last_evaluated_at: row.at })
              .where('flag_evaluations.last_evaluated_at', '<', row.at),
          )
          .execute();
      }
    },
  };
}
