import { randomUUID } from 'node:crypto';
import type { JsonValue } from '@switchyard/core';
import type { Queryable, SegmentTable } from '../storage/database.js';
import { fromJsonColumn, toJsonColumn } from '../storage/json-column.js';

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

export interface SegmentStore {
  /** In key order. */
  list(environmentIds: readonly string[]): Promise<Segment[]>;
  find(environmentId: string, key: string): Promise<Segment | undefined>;
  insert(environmentId: string, key: string, fields: SegmentFields, now: string): Promise<Segment>;
  /** Writes the fields and bumps the version. */
  update(segment: Segment, fields: SegmentFields, now: string): Promise<Segment>;
  delete(segmentId: string): Promise<void>;
}

function toSegment(row: SegmentTable): Segment {
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

export function segmentStore(db: Queryable): SegmentStore {
  return {
    async list(environmentIds) {
      if (environmentIds.length === 0) return [];
      const rows = await db
        .selectFrom('segments')
        .selectAll()
        .where('environment_id', 'in', [...environmentIds])
        .orderBy('key')
        .execute();
      return rows.map(toSegment);
    },
    async find(environmentId, key) {
      const row = await db
        .selectFrom('segments')
        .selectAll()
        .where('environment_id', '=', environmentId)
        .where('key', '=', key)
        .executeTakeFirst();
      return row && toSegment(row);
    },
    async insert(environmentId, key, fields, now) {
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
      await db.insertInto('segments').values(row).execute();
      return toSegment(row);
    },
    async update(segment, fields, now) {
      const row = await db
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
    },
    async delete(segmentId) {
      await db.deleteFrom('segments').where('id', '=', segmentId).execute();
    },
  };
}
