import { randomUUID } from 'node:crypto';
import type { Db, EnvironmentTable } from '../storage/database.js';
import { fromJsonColumn } from '../storage/json-column.js';
import type { Tx } from '../storage/transaction.js';

export interface Environment {
  id: string;
  projectId: string;
  key: string;
  name: string;
  /** Flag-set version of the environment. */
  version: number;
  metadata: Record<string, string | number | boolean> | null;
  createdAt: string;
  updatedAt: string;
}

export function toEnvironment(row: EnvironmentTable): Environment {
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

export async function listEnvironments(db: Db | Tx, projectId: string): Promise<Environment[]> {
  const rows = await db
    .selectFrom('environments')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('created_at')
    .orderBy('key')
    .execute();
  return rows.map(toEnvironment);
}

export async function findEnvironment(
  db: Db | Tx,
  projectId: string,
  key: string,
): Promise<Environment | undefined> {
  const row = await db
    .selectFrom('environments')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('key', '=', key)
    .executeTakeFirst();
  return row && toEnvironment(row);
}

/** A new environment starts at version 0; the write path bumps it to 1 when its first document commits. */
export async function insertEnvironment(
  tx: Tx,
  projectId: string,
  input: { key: string; name: string },
  now: string,
): Promise<Environment> {
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
  await tx.insertInto('environments').values(row).execute();
  return toEnvironment(row);
}

export async function setEnvironmentMetadata(
  tx: Tx,
  environmentId: string,
  metadata: Record<string, unknown> | null,
): Promise<void> {
  await tx
    .updateTable('environments')
    .set({ metadata: metadata === null ? null : JSON.stringify(metadata) })
    .where('id', '=', environmentId)
    .execute();
}

export async function bumpEnvironmentVersion(tx: Tx, environmentId: string, now: string): Promise<number> {
  const row = await tx
    .updateTable('environments')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: now }))
    .where('id', '=', environmentId)
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

/** Deletes the environment with everything that belongs to it: configurations, segments, SDK keys. */
export async function deleteEnvironment(tx: Tx, environmentId: string): Promise<void> {
  await tx.deleteFrom('flag_configs').where('environment_id', '=', environmentId).execute();
  await tx.deleteFrom('segments').where('environment_id', '=', environmentId).execute();
  await tx.deleteFrom('sdk_keys').where('environment_id', '=', environmentId).execute();
  await tx.deleteFrom('environments').where('id', '=', environmentId).execute();
}
