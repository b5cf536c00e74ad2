import { randomUUID } from 'node:crypto';
import type { JsonObject } from '@switchyard/core';
import type { RolloutPlan, RolloutState, RolloutStatus } from '@switchyard/rollout';
import type { WrittenConfig } from '../flags/managed-slot.js';
import type { DialectName, Queryable, RolloutEventTable, RolloutTable } from '../storage/database.js';
import { fromJsonColumn, toJsonColumn } from '../storage/json-column.js';

export interface Rollout {
  id: string;
  projectId: string;
  environmentId: string;
  flagId: string;
  flagKey: string;
  plan: RolloutPlan;
  state: RolloutState;
  status: RolloutStatus;
  /** The flag's targeting with the rollout's slot empty. */
  baseTargeting: JsonObject | null;
  written: WrittenConfig | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface RolloutEvent {
  id: number;
  rolloutId: string;
  at: string;
  action: string;
  reason: string;
  stepIndex: number;
  basisPoints: number;
  rings: string[];
  evidence: unknown;
  actor: string;
}

export type NewRolloutEvent = Omit<RolloutEvent, 'id'>;

/** A running or paused rollout with the keys of its project and environment (what the controller needs). */
export interface ActiveRollout extends Rollout {
  projectKey: string;
  environmentKey: string;
}

export interface RolloutStore {
  insert(rollout: Omit<Rollout, 'id' | 'version'>): Promise<Rollout>;
  /** Writes the changed fields and bumps the version. */
  update(
    rollout: Rollout,
    changes: Pick<Rollout, 'state' | 'written' | 'updatedAt'> & Partial<Pick<Rollout, 'baseTargeting'>>,
  ): Promise<Rollout>;
  find(id: string): Promise<Rollout | undefined>;
  /** The same, locked until the transaction ends (PostgreSQL): one decision at a time per rollout. */
  findForUpdate(id: string): Promise<Rollout | undefined>;
  /** The running or paused rollout of a flag in an environment, if any. */
  findActive(environmentId: string, flagId: string): Promise<Rollout | undefined>;
  /** An environment's rollouts, newest first. */
  list(environmentId: string): Promise<Rollout[]>;
  /** Every running or paused rollout (what the controller looks after). */
  listActive(): Promise<ActiveRollout[]>;
  addEvent(event: NewRolloutEvent): Promise<void>;
  /** Oldest first. */
  events(rolloutId: string, limit?: number): Promise<RolloutEvent[]>;
  lastEvent(rolloutId: string): Promise<RolloutEvent | undefined>;
}

function toRollout(row: RolloutTable): Rollout {
  return {
    id: row.id,
    projectId: row.project_id,
    environmentId: row.environment_id,
    flagId: row.flag_id,
    flagKey: row.flag_key,
    plan: fromJsonColumn<RolloutPlan>(row.plan),
    state: fromJsonColumn<RolloutState>(row.state),
    status: row.status as RolloutStatus,
    baseTargeting: fromJsonColumn<JsonObject>(row.base_targeting),
    written: fromJsonColumn<WrittenConfig>(row.written_targeting),
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

function toEvent(row: Omit<RolloutEventTable, 'id'> & { id: number }): RolloutEvent {
  return {
    id: Number(row.id),
    rolloutId: row.rollout_id,
    at: row.at,
    action: row.action,
    reason: row.reason,
    stepIndex: row.step_index,
    basisPoints: row.basis_points,
    rings: fromJsonColumn<string[]>(row.rings),
    evidence: fromJsonColumn(row.evidence),
    actor: row.actor,
  };
}

const active = ['running', 'paused'];

export function rolloutStore(db: Queryable, dialect: DialectName): RolloutStore {
  const byId = (id: string) => db.selectFrom('rollouts').selectAll().where('id', '=', id);
  return {
    async insert(input) {
      const row: RolloutTable = {
        id: randomUUID(),
        project_id: input.projectId,
        environment_id: input.environmentId,
        flag_id: input.flagId,
        flag_key: input.flagKey,
        plan: toJsonColumn(input.plan),
        state: toJsonColumn(input.state),
        status: input.state.status,
        base_targeting: input.baseTargeting === null ? null : toJsonColumn(input.baseTargeting),
        written_targeting: input.written === null ? null : toJsonColumn(input.written),
        created_by: input.createdBy,
        created_at: input.createdAt,
        updated_at: input.updatedAt,
        version: 1,
      };
      await db.insertInto('rollouts').values(row).execute();
      return toRollout(row);
    },
    async update(rollout, changes) {
      const base = changes.baseTargeting === undefined ? rollout.baseTargeting : changes.baseTargeting;
      const row = await db
        .updateTable('rollouts')
        .set({
          state: toJsonColumn(changes.state),
          status: changes.state.status,
          base_targeting: base === null ? null : toJsonColumn(base),
          written_targeting: changes.written === null ? null : toJsonColumn(changes.written),
          updated_at: changes.updatedAt,
          version: rollout.version + 1,
        })
        .where('id', '=', rollout.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRollout(row);
    },
    async find(id) {
      const row = await byId(id).executeTakeFirst();
      return row && toRollout(row);
    },
    async findForUpdate(id) {
      const query = byId(id);
      const row = await (dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
      return row && toRollout(row);
    },
    async findActive(environmentId, flagId) {
      const row = await db
        .selectFrom('rollouts')
        .selectAll()
        .where('environment_id', '=', environmentId)
        .where('flag_id', '=', flagId)
        .where('status', 'in', active)
        .executeTakeFirst();
      return row && toRollout(row);
    },
    async list(environmentId) {
      const rows = await db
        .selectFrom('rollouts')
        .selectAll()
        .where('environment_id', '=', environmentId)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute();
      return rows.map(toRollout);
    },
    async listActive() {
      const rows = await db
        .selectFrom('rollouts')
        .innerJoin('projects', 'projects.id', 'rollouts.project_id')
        .innerJoin('environments', 'environments.id', 'rollouts.environment_id')
        .selectAll('rollouts')
        .select(['projects.key as project_key', 'environments.key as environment_key'])
        .where('rollouts.status', 'in', active)
        .orderBy('rollouts.id')
        .execute();
      return rows.map((row) => ({
        ...toRollout(row),
        projectKey: row.project_key,
        environmentKey: row.environment_key,
      }));
    },
    async addEvent(event) {
      await db
        .insertInto('rollout_events')
        .values({
          rollout_id: event.rolloutId,
          at: event.at,
          action: event.action,
          reason: event.reason,
          step_index: event.stepIndex,
          basis_points: event.basisPoints,
          rings: toJsonColumn(event.rings),
          evidence:
            event.evidence === null || event.evidence === undefined ? null : toJsonColumn(event.evidence),
          actor: event.actor,
        })
        .execute();
    },
    async events(rolloutId, limit = 1000) {
      const rows = await db
        .selectFrom('rollout_events')
        .selectAll()
        .where('rollout_id', '=', rolloutId)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toEvent).reverse();
    },
    async lastEvent(rolloutId) {
      const row = await db
        .selectFrom('rollout_events')
        .selectAll()
        .where('rollout_id', '=', rolloutId)
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && toEvent(row);
    },
  };
}
