import type { JsonObject } from '@switchyard/core';
import type { FlagConfigTable, Queryable } from '../storage/database.js';
import { fromJsonColumn, toJsonColumn } from '../storage/json-column.js';

export type FlagState = 'ENABLED' | 'DISABLED';

/** A flag's configuration in one environment. A flag without one is absent from that environment's flag set. */
export interface FlagConfig {
  flagId: string;
  environmentId: string;
  state: FlagState;
  defaultVariant: string | null;
  targeting: JsonObject | null;
  version: number;
  updatedAt: string;
}

/**
 * A configuration as the flag list's summary needs it: its targeting is the stored text, unparsed
 * (whether there is one is all the lifecycle rules ask).
 */
export type FlagConfigState = Pick<
  FlagConfig,
  'flagId' | 'environmentId' | 'state' | 'defaultVariant' | 'updatedAt'
> & { targeting: string | null };

export type FlagConfigFields = Pick<FlagConfig, 'state' | 'defaultVariant' | 'targeting'>;

export interface FlagConfigStore {
  listOfEnvironments(environmentIds: readonly string[]): Promise<FlagConfig[]>;
  /** The configurations of these environments without parsing their targeting; one query. */
  listStatesOfEnvironments(environmentIds: readonly string[]): Promise<FlagConfigState[]>;
  listOfFlag(flagId: string): Promise<FlagConfig[]>;
  find(flagId: string, environmentId: string): Promise<FlagConfig | undefined>;
  /** Inserts or replaces the configuration; `previous` (if any) gives the version to bump. */
  save(
    flagId: string,
    environmentId: string,
    fields: FlagConfigFields,
    previous: FlagConfig | undefined,
    now: string,
  ): Promise<FlagConfig>;
  delete(flagId: string, environmentId: string): Promise<void>;
}

function toFlagConfig(row: FlagConfigTable): FlagConfig {
  return {
    flagId: row.flag_id,
    environmentId: row.environment_id,
    state: row.state as FlagState,
    defaultVariant: row.default_variant,
    targeting: fromJsonColumn<JsonObject>(row.targeting),
    version: row.version,
    updatedAt: row.updated_at,
  };
}

export function flagConfigStore(db: Queryable): FlagConfigStore {
  return {
    async listOfEnvironments(environmentIds) {
      if (environmentIds.length === 0) return [];
      const rows = await db
        .selectFrom('flag_configs')
        .selectAll()
        .where('environment_id', 'in', [...environmentIds])
        .execute();
      return rows.map(toFlagConfig);
    },
    async listStatesOfEnvironments(environmentIds) {
      if (environmentIds.length === 0) return [];
      const rows = await db
        .selectFrom('flag_configs')
        .select(['flag_id', 'environment_id', 'state', 'default_variant', 'targeting', 'updated_at'])
        .where('environment_id', 'in', [...environmentIds])
        .execute();
      return rows.map((row) => ({
        flagId: row.flag_id,
        environmentId: row.environment_id,
        state: row.state as FlagState,
        defaultVariant: row.default_variant,
        targeting: row.targeting,
        updatedAt: row.updated_at,
      }));
    },
    async listOfFlag(flagId) {
      const rows = await db.selectFrom('flag_configs').selectAll().where('flag_id', '=', flagId).execute();
      return rows.map(toFlagConfig);
    },
    async find(flagId, environmentId) {
      const row = await db
        .selectFrom('flag_configs')
        .selectAll()
        .where('flag_id', '=', flagId)
        .where('environment_id', '=', environmentId)
        .executeTakeFirst();
      return row && toFlagConfig(row);
    },
    async save(flagId, environmentId, fields, previous, now) {
      const columns = {
        state: fields.state,
        default_variant: fields.defaultVariant,
        targeting: fields.targeting === null ? null : toJsonColumn(fields.targeting),
        version: (previous?.version ?? 0) + 1,
        updated_at: now,
      };
      if (previous) {
        await db
          .updateTable('flag_configs')
          .set(columns)
          .where('flag_id', '=', flagId)
          .where('environment_id', '=', environmentId)
          .execute();
      } else {
        await db
          .insertInto('flag_configs')
          .values({ flag_id: flagId, environment_id: environmentId, ...columns })
          .execute();
      }
      return { flagId, environmentId, ...fields, version: columns.version, updatedAt: now };
    },
    async delete(flagId, environmentId) {
      await db
        .deleteFrom('flag_configs')
        .where('flag_id', '=', flagId)
        .where('environment_id', '=', environmentId)
        .execute();
    },
  };
}
