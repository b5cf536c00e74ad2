import type { JsonObject } from '@switchyard/core';
import type { WrittenConfig } from '../flags/managed-slot.js';
import type { DialectName, ExperimentTable, Queryable } from '../storage/database.js';
import { fromJsonColumn, toJsonColumn } from '../storage/json-column.js';
import type { ExperimentDesign } from './experiment-design.js';

export type ExperimentStatus = 'draft' | 'running' | 'stopped';

/** How an experiment ended: what everyone is served since, and why. */
export interface ExperimentOutcome {
  /** null when the flag had been changed outside the experiment and was left as it was. */
  served: string | null;
  reason: string;
}

export interface Experiment {
  id: number;
  projectId: string;
  environmentId: string;
  flagId: string;
  flagKey: string;
  key: string;
  design: ExperimentDesign;
  status: ExperimentStatus;
  baseTargeting: JsonObject | null;
  written: WrittenConfig | null;
  startedAt: string | null;
  stoppedAt: string | null;
  outcome: ExperimentOutcome | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** An experiment taking events, with the keys its environment's events arrive under. */
export interface CollectingExperiment extends Experiment {
  startedAtMs: number;
  stoppedAtMs: number | null;
}

type Changes = Partial<
  Pick<Experiment, 'design' | 'status' | 'baseTargeting' | 'written' | 'startedAt' | 'stoppedAt' | 'outcome'>
> &
  Pick<Experiment, 'updatedAt'>;

export interface ExperimentStore {
  insert(experiment: Omit<Experiment, 'id' | 'version'>): Promise<Experiment>;
  /** Writes the changed fields and bumps the version. */
  update(experiment: Experiment, changes: Changes): Promise<Experiment>;
  find(environmentId: string, key: string): Promise<Experiment | undefined>;
  /** The same, locked until the transaction ends (PostgreSQL). */
  findForUpdate(environmentId: string, key: string): Promise<Experiment | undefined>;
  /** The running experiment of a flag in an environment, if any. */
  findRunning(environmentId: string, flagId: string): Promise<Experiment | undefined>;
  /** An environment's experiments, newest first. */
  list(environmentId: string): Promise<Experiment[]>;
  /** Those that take events: running, or stopped since `stoppedSince` (late events still count). */
  listCollecting(stoppedSince: string): Promise<CollectingExperiment[]>;
  delete(id: number): Promise<void>;
}

function toExperiment(row: Omit<ExperimentTable, 'id'> & { id: number }): Experiment {
  return {
    id: Number(row.id),
    projectId: row.project_id,
    environmentId: row.environment_id,
    flagId: row.flag_id,
    flagKey: row.flag_key,
    key: row.key,
    design: fromJsonColumn<ExperimentDesign>(row.design),
    status: row.status as ExperimentStatus,
    baseTargeting: fromJsonColumn<JsonObject>(row.base_targeting),
    written: fromJsonColumn<WrittenConfig>(row.written_targeting),
    startedAt: row.started_at,
    stoppedAt: row.stopped_at,
    outcome: fromJsonColumn<ExperimentOutcome>(row.outcome),
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

const json = <T>(value: T | null) => (value === null ? null : toJsonColumn(value));

export function experimentStore(db: Queryable, dialect: DialectName): ExperimentStore {
  const byKey = (environmentId: string, key: string) =>
    db
      .selectFrom('experiments')
      .selectAll()
      .where('environment_id', '=', environmentId)
      .where('key', '=', key);
  return {
    async insert(input) {
      const row = await db
        .insertInto('experiments')
        .values({
          project_id: input.projectId,
          environment_id: input.environmentId,
          flag_id: input.flagId,
          flag_key: input.flagKey,
          key: input.key,
          design: toJsonColumn(input.design),
          status: input.status,
          base_targeting: json(input.baseTargeting),
          written_targeting: json(input.written),
          started_at: input.startedAt,
          stopped_at: input.stoppedAt,
          outcome: json(input.outcome),
          created_by: input.createdBy,
          created_at: input.createdAt,
          updated_at: input.updatedAt,
          version: 1,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toExperiment(row);
    },
    async update(experiment, changes) {
      const next = { ...experiment, ...changes };
      const row = await db
        .updateTable('experiments')
        .set({
          design: toJsonColumn(next.design),
          status: next.status,
          base_targeting: json(next.baseTargeting),
          written_targeting: json(next.written),
          started_at: next.startedAt,
          stopped_at: next.stoppedAt,
          outcome: json(next.outcome),
          updated_at: next.updatedAt,
          version: experiment.version + 1,
        })
        .where('id', '=', experiment.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toExperiment(row);
    },
    async find(environmentId, key) {
      const row = await byKey(environmentId, key).executeTakeFirst();
      return row && toExperiment(row);
    },
    async findForUpdate(environmentId, key) {
      const query = byKey(environmentId, key);
      const row = await (dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
      return row && toExperiment(row);
    },
    async findRunning(environmentId, flagId) {
      const row = await db
        .selectFrom('experiments')
        .selectAll()
        .where('environment_id', '=', environmentId)
        .where('flag_id', '=', flagId)
        .where('status', '=', 'running')
        .executeTakeFirst();
      return row && toExperiment(row);
    },
    async list(environmentId) {
      const rows = await db
        .selectFrom('experiments')
        .selectAll()
        .where('environment_id', '=', environmentId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return rows.map(toExperiment);
    },
    async listCollecting(stoppedSince) {
      const rows = await db
        .selectFrom('experiments')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb('status', '=', 'running'),
            eb.and([eb('status', '=', 'stopped'), eb('stopped_at', '>=', stoppedSince)]),
          ]),
        )
        .orderBy('id')
        .execute();
      return rows.map((row) => {
        const experiment = toExperiment(row);
        return {
          ...experiment,
          startedAtMs: Date.parse(experiment.startedAt!),
          stoppedAtMs: experiment.stoppedAt === null ? null : Date.parse(experiment.stoppedAt),
        };
      });
    },
    async delete(id) {
      // The per-unit rows first: SQLite cascades row by row, and so can PostgreSQL; explicit is clearer.
      for (const table of [
        'experiment_variant_sums',
        'experiment_variants',
        'experiment_unit_events',
        'experiment_units',
      ] as const) {
        await db.deleteFrom(table).where('experiment_id', '=', id).execute();
      }
      await db.deleteFrom('experiments').where('id', '=', id).execute();
    },
  };
}
