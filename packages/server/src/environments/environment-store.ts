import { randomUUID } from 'node:crypto';
import type { EnvironmentTable, Queryable } from '../storage/database.js';
import { fromJsonColumn, toJsonColumn } from '../storage/json-column.js';

export type FlagSetMetadata = Record<string, string | number | boolean>;

export interface Environment {
  id: string;
  projectId: string;
  key: string;
  name: string;
  /** Flag-set version of the environment. */
  version: number;
  metadata: FlagSetMetadata | null;
  createdAt: string;
  updatedAt: string;
}

export interface EnvironmentStore {
  /** In creation order. */
  list(projectId: string): Promise<Environment[]>;
  find(projectId: string, key: string): Promise<Environment | undefined>;
  /** A new environment starts at version 0; the commit of its first document bumps it to 1. */
  insert(projectId: string, input: { key: string; name: string }, now: string): Promise<Environment>;
  setMetadata(environmentId: string, metadata: FlagSetMetadata | null): Promise<void>;
  /** +1 on the flag-set version; returns the new version. */
  bumpVersion(environmentId: string, now: string): Promise<number>;
  /** Deletes the environment with everything that belongs to it: configurations, segments, SDK keys. */
  delete(environmentId: string): Promise<void>;
}

function toEnvironment(row: EnvironmentTable): Environment {
  return {
    id: row.id,
    projectId: row.project_id,
    key: row.key,
    name: row.name,
    version: row.version,
    metadata: fromJsonColumn(row.metadata),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function environmentStore(db: Queryable): EnvironmentStore {
  return {
    async list(projectId) {
      const rows = await db
        .selectFrom('environments')
        .selectAll()
        .where('project_id', '=', projectId)
        .orderBy('created_at')
        .orderBy('key')
        .execute();
      return rows.map(toEnvironment);
    },
    async find(projectId, key) {
      const row = await db
        .selectFrom('environments')
        .selectAll()
        .where('project_id', '=', projectId)
        .where('key', '=', key)
        .executeTakeFirst();
      return row && toEnvironment(row);
    },
    async insert(projectId, input, now) {
      const row: EnvironmentTable = {
        id: randomUUID(),
        project_id: projectId,
        key: input.key,
        name: input.name,
        version: 0,
        metadata: null,
        created_at: now,
        updated_at: now,
      };
      await db.insertInto('environments').values(row).execute();
      return toEnvironment(row);
    },
    async setMetadata(environmentId, metadata) {
      await db
        .updateTable('environments')
        .set({ metadata: metadata === null ? null : toJsonColumn(metadata) })
        .where('id', '=', environmentId)
        .execute();
    },
    async bumpVersion(environmentId, now) {
      const row = await db
        .updateTable('environments')
        .set((eb) => ({ version: eb('version', '+', 1), updated_at: now }))
        .where('id', '=', environmentId)
        .returning('version')
        .executeTakeFirstOrThrow();
      return row.version;
    },
    async delete(environmentId) {
      await db.deleteFrom('flag_configs').where('environment_id', '=', environmentId).execute();
      await db.deleteFrom('segments').where('environment_id', '=', environmentId).execute();
      await db.deleteFrom('sdk_keys').where('environment_id', '=', environmentId).execute();
      await db.deleteFrom('flag_evaluations').where('environment_id', '=', environmentId).execute();
      await db.deleteFrom('environments').where('id', '=', environmentId).execute();
    },
  };
}
