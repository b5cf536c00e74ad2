import type { KillRule } from '@switchyard/rollout';
import type { KillRuleTable, Queryable } from '../storage/database.js';
import { fromJsonColumn, toJsonColumn } from '../storage/json-column.js';

export interface StoredKillRule {
  flagId: string;
  environmentId: string;
  rule: KillRule;
  breachingSince: number | null;
  /** Epoch second up to which telemetry has been judged (exclusive). */
  evaluatedThrough: number;
  updatedAt: string;
}

/** A kill rule with the keys the controller needs to act on it. */
export interface WatchedKillRule extends StoredKillRule {
  projectKey: string;
  environmentKey: string;
  flagKey: string;
}

export interface KillRuleStore {
  find(flagId: string, environmentId: string): Promise<StoredKillRule | undefined>;
  /** Sets the rule; its evaluation starts afresh from `fromSecond`. */
  put(
    flagId: string,
    environmentId: string,
    rule: KillRule,
    fromSecond: number,
    now: string,
  ): Promise<StoredKillRule>;
  delete(flagId: string, environmentId: string): Promise<void>;
  listAll(): Promise<WatchedKillRule[]>;
  /** Where the evaluation stands (the controller's bookkeeping, not a change of the rule). */
  advance(
    flagId: string,
    environmentId: string,
    breachingSince: number | null,
    evaluatedThrough: number,
  ): Promise<void>;
}

function toRule(row: KillRuleTable): StoredKillRule {
  return {
    flagId: row.flag_id,
    environmentId: row.environment_id,
    rule: fromJsonColumn<KillRule>(row.rule),
    breachingSince: row.breaching_since === null ? null : Number(row.breaching_since),
    evaluatedThrough: Number(row.evaluated_through),
    updatedAt: row.updated_at,
  };
}

export function killRuleStore(db: Queryable): KillRuleStore {
  const byKey = (flagId: string, environmentId: string) =>
    db
      .selectFrom('kill_rules')
      .selectAll()
      .where('flag_id', '=', flagId)
      .where('environment_id', '=', environmentId);
  return {
    async find(flagId, environmentId) {
      const row = await byKey(flagId, environmentId).executeTakeFirst();
      return row && toRule(row);
    },
    async put(flagId, environmentId, rule, fromSecond, now) {
      await db
        .deleteFrom('kill_rules')
        .where('flag_id', '=', flagId)
        .where('environment_id', '=', environmentId)
        .execute();
      const row: KillRuleTable = {
        flag_id: flagId,
        environment_id: environmentId,
        rule: toJsonColumn(rule),
        breaching_since: null,
        evaluated_through: fromSecond,
        updated_at: now,
      };
      await db.insertInto('kill_rules').values(row).execute();
      return toRule(row);
    },
    async delete(flagId, environmentId) {
      await db
        .deleteFrom('kill_rules')
        .where('flag_id', '=', flagId)
        .where('environment_id', '=', environmentId)
        .execute();
    },
    async listAll() {
      const rows = await db
        .selectFrom('kill_rules')
        .innerJoin('flags', 'flags.id', 'kill_rules.flag_id')
        .innerJoin('environments', 'environments.id', 'kill_rules.environment_id')
        .innerJoin('projects', 'projects.id', 'environments.project_id')
        .selectAll('kill_rules')
        .select([
          'flags.key as flag_key',
          'environments.key as environment_key',
          'projects.key as project_key',
        ])
        .orderBy('kill_rules.flag_id')
        .execute();
      return rows.map((row) => ({
        ...toRule(row),
        projectKey: row.project_key,
        environmentKey: row.environment_key,
        flagKey: row.flag_key,
      }));
    },
    async advance(flagId, environmentId, breachingSince, evaluatedThrough) {
      await db
        .updateTable('kill_rules')
        .set({ breaching_since: breachingSince, evaluated_through: evaluatedThrough })
        .where('flag_id', '=', flagId)
        .where('environment_id', '=', environmentId)
        .execute();
    },
  };
}
