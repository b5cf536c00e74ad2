import { randomUUID } from 'node:crypto';
import type { JsonValue } from '@switchyard/core';
import type { Db, SegmentTable } from '../storage/database.js';
import { fromJsonColumn, toJsonColumn } from '../storage/json-column.js';
import type { Tx } from '../storage/transaction.js';

/** A named reusable condition of one environment, published as `$evaluators[key]`. */
export interface Segment {
  id: string;
  environmentId: string;
  key: string;
  name: string;
  description: string;
  rule: JsonValue;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type SegmentFields = Pick<Segment, 'name' | 'description' | 'rule'>;

export function toSegment(row: SegmentTable): Segment {
  return {
    id: row.id,
    environmentId: row.environment_id,
    key: row.key,
    name: row.name,
    description: row.description,
    rule: fromJsonColumn<JsonValue>(row.rule),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function listSegments(db: Db | Tx, environmentIds: string[]): Promise<Segment[]> {
  if (environmentIds.length === 0) return [];
  const rows = await db
    .selectFrom('segments')
    .selectAll()
    .where('environment_id', 'in', environmentIds)
    .orderBy('key')
    .execute();
  return rows.map(toSegment);
}

export async function findSegment(
  db: Db | Tx,
  environmentId: string,
  key: string,
): Promise<Segment | undefined> {
  const row = await db
    .selectFrom('segments')
    .selectAll()
    .where('environment_id', '=', environmentId)
    .where('key', '=', key)
    .executeTakeFirst();
  return row && toSegment(row);
}

export async function insertSegment(
  tx: Tx,
  environmentId: string,
  key: string,
  fields: SegmentFields,
  now: string,
): Promise<Segment> {
  const row: SegmentTable = {
    id: randomUUID(),
    environment_id: environmentId,
    key,
    name: fields.name,
    description: fields.description,
    rule: toJsonColumn(fields.rule),
    version: 1,
    created_at: now,
    updated_at: now,
  };
  await tx.insertInto('segments').values(row).execute();
  return toSegment(row);
}

export async function updateSegment(
  tx: Tx,
  segment: Segment,
  fields: SegmentFields,
  now: string,
): Promise<Segment> {
  const row = await tx
    .updateTable('segments')
    .set({
      name: fields.name,
      description: fields.description,
      rule: toJsonColumn(fields.rule),
      version: segment.version + 1,
      updated_at: now,
    })
    .where('id', '=', segment.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSegment(row);
}

export async function deleteSegment(tx: Tx, segmentId: string): Promise<void> {
  await tx.deleteFrom('segments').where('id', '=', segmentId).execute();
}
