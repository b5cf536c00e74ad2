import { randomUUID } from 'node:crypto';
import type { JsonValue } from '@switchyard/core';
import type { Db, FlagTable } from '../storage/database.js';
import { fromJsonColumn, toJsonColumn } from '../storage/json-column.js';
import type { Tx } from '../storage/transaction.js';

export const flagKinds = ['release', 'experiment', 'operational', 'permission'] as const;
export type FlagKind = (typeof flagKinds)[number];
export type FlagMetadata = Record<string, string | number | boolean>;

export interface Flag {
  id: string;
  projectId: string;
  key: string;
  name: string;
  description: string;
  kind: FlagKind;
  owner: string;
  tags: string[];
  variants: Record<string, JsonValue>;
  metadata: FlagMetadata | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type FlagFields = Pick<
  Flag,
  'name' | 'description' | 'kind' | 'owner' | 'tags' | 'variants' | 'metadata'
>;

export function toFlag(row: FlagTable): Flag {
  return {
    id: row.id,
    projectId: row.project_id,
    key: row.key,
    name: row.name,
    description: row.description,
    kind: row.kind as FlagKind,
    owner: row.owner,
    tags: fromJsonColumn<string[]>(row.tags),
    variants: fromJsonColumn<Record<string, JsonValue>>(row.variants),
    metadata: fromJsonColumn<FlagMetadata>(row.metadata),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function listFlags(db: Db | Tx, projectId: string): Promise<Flag[]> {
  const rows = await db
    .selectFrom('flags')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('key')
    .execute();
  return rows.map(toFlag);
}

export async function findFlag(db: Db | Tx, projectId: string, key: string): Promise<Flag | undefined> {
  const row = await db
    .selectFrom('flags')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('key', '=', key)
    .executeTakeFirst();
  return row && toFlag(row);
}

export async function insertFlag(
  tx: Tx,
  projectId: string,
  key: string,
  fields: FlagFields,
  now: string,
): Promise<Flag> {
  const row: FlagTable = {
    id: randomUUID(),
    project_id: projectId,
    key,
    ...fieldColumns(fields),
    version: 1,
    created_at: now,
    updated_at: now,
  };
  await tx.insertInto('flags').values(row).execute();
  return toFlag(row);
}

/** Writes the new fields and bumps the version; the caller already holds the project lock. */
export async function updateFlag(tx: Tx, flag: Flag, fields: FlagFields, now: string): Promise<Flag> {
  const row = await tx
    .updateTable('flags')
    .set({ ...fieldColumns(fields), version: flag.version + 1, updated_at: now })
    .where('id', '=', flag.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toFlag(row);
}

export async function deleteFlag(tx: Tx, flagId: string): Promise<void> {
  await tx.deleteFrom('flag_configs').where('flag_id', '=', flagId).execute();
  await tx.deleteFrom('flags').where('id', '=', flagId).execute();
}

function fieldColumns(fields: FlagFields) {
  return {
    name: fields.name,
    description: fields.description,
    kind: fields.kind,
    owner: fields.owner,
    tags: toJsonColumn(fields.tags),
    variants: toJsonColumn(fields.variants),
    metadata: fields.metadata === null ? null : toJsonColumn(fields.metadata),
  };
}
