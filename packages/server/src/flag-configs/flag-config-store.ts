import type { JsonObject } from '@switchyard/core';
import type { Db, FlagConfigTable } from '../storage/database.js';
import { fromJsonColumn, toJsonColumn } from '../storage/json-column.js';
import type { Tx } from '../storage/transaction.js';

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

export type FlagConfigFields = Pick<FlagConfig, 'state' | 'defaultVariant' | 'targeting'>;

export function toFlagConfig(row: FlagConfigTable): FlagConfig {
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

export async function listConfigsOfEnvironments(
  db: Db | Tx,
  environmentIds: string[],
): Promise<FlagConfig[]> {
  if (environmentIds.length === 0) return [];
  const rows = await db
    .selectFrom('flag_configs')
    .selectAll()
    .where('environment_id', 'in', environmentIds)
    .execute();
  return rows.map(toFlagConfig);
}

export async function listConfigsOfFlag(db: Db | Tx, flagId: string): Promise<FlagConfig[]> {
  const rows = await db.selectFrom('flag_configs').selectAll().where('flag_id', '=', flagId).execute();
  return rows.map(toFlagConfig);
}

export async function findFlagConfig(
  db: Db | Tx,
  flagId: string,
  environmentId: string,
): Promise<FlagConfig | undefined> {
  const row = await db
    .selectFrom('flag_configs')
    .selectAll()
    .where('flag_id', '=', flagId)
    .where('environment_id', '=', environmentId)
    .executeTakeFirst();
  return row && toFlagConfig(row);
}

/** Inserts or replaces the configuration; `previous` (if any) gives the version to bump. */
export async function saveFlagConfig(
  tx: Tx,
  flagId: string,
  environmentId: string,
  fields: FlagConfigFields,
  previous: FlagConfig | undefined,
  now: string,
): Promise<FlagConfig> {
  const columns = {
    state: fields.state,
    default_variant: fields.defaultVariant,
    targeting: fields.targeting === null ? null : toJsonColumn(fields.targeting),
    version: (previous?.version ?? 0) + 1,
    updated_at: now,
  };
  if (previous) {
    await tx
      .updateTable('flag_configs')
      .set(columns)
      .where('flag_id', '=', flagId)
      .where('environment_id', '=', environmentId)
      .execute();
  } else {
    await tx
      .insertInto('flag_configs')
      .values({ flag_id: flagId, environment_id: environmentId, ...columns })
      .execute();
  }
  return { flagId, environmentId, ...fields, version: columns.version, updatedAt: now };
}

export async function deleteFlagConfig(tx: Tx, flagId: string, environmentId: string): Promise<void> {
  await tx
    .deleteFrom('flag_configs')
    .where('flag_id', '=', flagId)
    .where('environment_id', '=', environmentId)
    .execute();
}
