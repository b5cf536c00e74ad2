import { randomUUID } from 'node:crypto';
import type { JsonValue } from '@switchyard/core';
import type { FlagTable, Queryable } from '../storage/database.js';
import { fromJsonColumn, toJsonColumn } from '../storage/json-column.js';

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
  /** The variant a new environment's configuration starts with (null: none, the code default). */
  defaultVariant: string | null;
  /** The variant a kill switch or a rollback serves (null: the off variant, see `safeVariantOf`). */
  safeVariant: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** When it was archived (served nowhere until restored); null while it is live. */
  archivedAt: string | null;
}

export type FlagFields = Pick<
  Flag,
  | 'name'
  | 'description'
  | 'kind'
  | 'owner'
  | 'tags'
  | 'variants'
  | 'metadata'
  | 'defaultVariant'
  | 'safeVariant'
>;

/** What the flag list's summary needs of a flag: no variants or metadata to read and parse. */
export type FlagSummaryFields = Pick<
  Flag,
  'id' | 'key' | 'name' | 'description' | 'kind' | 'owner' | 'tags' | 'version' | 'createdAt' | 'archivedAt'
>;

export interface FlagStore {
  /** In key order. */
  list(projectId: string): Promise<Flag[]>;
  /** The live (or the archived) flags of a project, of one kind if given, in key order; one query. */
  listSummaries(
    projectId: string,
    filter: { archived: boolean; kind?: FlagKind },
  ): Promise<FlagSummaryFields[]>;
  find(projectId: string, key: string): Promise<Flag | undefined>;
  insert(projectId: string, key: string, fields: FlagFields, now: string): Promise<Flag>;
  /** Writes the fields and bumps the version. */
  update(flag: Flag, fields: FlagFields, now: string): Promise<Flag>;
  /** Archives (`at` an instant) or restores (`at` null) the flag, bumping its version. */
  setArchived(flag: Flag, at: string | null, now: string): Promise<Flag>;
  /** Deletes the flag with its configuration in every environment. */
  delete(flagId: string): Promise<void>;
}

function toFlag(row: FlagTable): Flag {
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
    defaultVariant: row.default_variant,
    safeVariant: row.safe_variant,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    archivedAt: row.archived_at ?? null,
  };
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
    default_variant: fields.defaultVariant,
    safe_variant: fields.safeVariant,
  };
}

export function flagStore(db: Queryable): FlagStore {
  return {
    async list(projectId) {
      const rows = await db
        .selectFrom('flags')
        .selectAll()
        .where('project_id', '=', projectId)
        .orderBy('key')
        .execute();
      return rows.map(toFlag);
    },
    async listSummaries(projectId, filter) {
      let query = db
        .selectFrom('flags')
        .select([
          'id',
          'key',
          'name',
          'description',
          'kind',
          'owner',
          'tags',
          'version',
          'created_at',
          'archived_at',
        ])
        .where('project_id', '=', projectId)
        .where('archived_at', filter.archived ? 'is not' : 'is', null);
      if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
      const rows = await query.orderBy('key').execute();
      return rows.map((row) => ({
        id: row.id,
        key: row.key,
        name: row.name,
        description: row.description,
        kind: row.kind as FlagKind,
        owner: row.owner,
        tags: fromJsonColumn<string[]>(row.tags),
        version: row.version,
        createdAt: row.created_at,
        archivedAt: row.archived_at ?? null,
      }));
    },
    async find(projectId, key) {
      const row = await db
        .selectFrom('flags')
        .selectAll()
        .where('project_id', '=', projectId)
        .where('key', '=', key)
        .executeTakeFirst();
      return row && toFlag(row);
    },
    async insert(projectId, key, fields, now) {
      const row: FlagTable = {
        id: randomUUID(),
        project_id: projectId,
        key,
        ...fieldColumns(fields),
        version: 1,
        created_at: now,
        updated_at: now,
        archived_at: null,
      };
      await db.insertInto('flags').values(row).execute();
      return toFlag(row);
    },
    async update(flag, fields, now) {
      const row = await db
        .updateTable('flags')
        .set({ ...fieldColumns(fields), version: flag.version + 1, updated_at: now })
        .where('id', '=', flag.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toFlag(row);
    },
    async setArchived(flag, at, now) {
      const row = await db
        .updateTable('flags')
        .set({ archived_at: at, version: flag.version + 1, updated_at: now })
        .where('id', '=', flag.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toFlag(row);
    },
    async delete(flagId) {
      await db.deleteFrom('flag_configs').where('flag_id', '=', flagId).execute();
      await db.deleteFrom('flags').where('id', '=', flagId).execute();
    },
  };
}
