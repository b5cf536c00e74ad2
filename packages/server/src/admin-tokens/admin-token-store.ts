import { randomUUID } from 'node:crypto';
import type { Grant, Role } from '../kernel/access.js';
import { adminTokenPrefix, displayPrefix, generateSecret, hashSecret } from '../kernel/secrets.js';
import type { AdminTokenTable, DialectName, Queryable } from '../storage/database.js';
import { fromJsonColumn, toJsonColumn } from '../storage/json-column.js';

export interface AdminToken {
  id: string;
  name: string;
  role: Role;
  /** null: every project. */
  projects: string[] | null;
  grants: Grant[];
  /** null: every action the role allows; a list: only these command actions (see `Access`). */
  actions: string[] | null;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

export type AdminTokenFields = Pick<AdminToken, 'name' | 'role' | 'projects' | 'grants'> & {
  /** Absent: null (not limited to actions). */
  actions?: string[] | null;
};

export interface AdminTokenStore {
  /** The active token with this secret (compared by hash). */
  findActive(secret: string): Promise<AdminToken | undefined>;
  list(): Promise<AdminToken[]>;
  findById(id: string): Promise<AdminToken | undefined>;
  /** Stores only the hash; `secret` defaults to a fresh random token. Returns the secret once. */
  insert(
    fields: AdminTokenFields & { secret?: string },
    now: string,
  ): Promise<{ token: AdminToken; secret: string }>;
  update(id: string, fields: AdminTokenFields): Promise<AdminToken>;
  revoke(id: string, now: string): Promise<void>;
  /**
   * The ids of the active admins that reach every project and every action, locked until the transaction ends
   * (PostgreSQL), so that two concurrent demotions cannot both see another admin left.
   */
  lockUnrestrictedAdmins(): Promise<string[]>;
  hashExists(secret: string): Promise<boolean>;
}

function toAdminToken(row: AdminTokenTable): AdminToken {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    projects: fromJsonColumn<string[]>(row.projects),
    grants: fromJsonColumn<Grant[]>(row.grants),
    actions: fromJsonColumn<string[]>(row.actions),
    prefix: row.prefix,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

function fieldColumns(fields: AdminTokenFields) {
  return {
    name: fields.name,
    role: fields.role,
    projects: fields.projects === null ? null : toJsonColumn(fields.projects),
    grants: toJsonColumn(fields.grants),
    actions: fields.actions === undefined || fields.actions === null ? null : toJsonColumn(fields.actions),
  };
}

export function adminTokenStore(db: Queryable, dialect: DialectName): AdminTokenStore {
  return {
    async findActive(secret) {
      const row = await db
        .selectFrom('admin_tokens')
        .selectAll()
        .where('token_hash', '=', hashSecret(secret))
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return row && toAdminToken(row);
    },
    async list() {
      const rows = await db
        .selectFrom('admin_tokens')
        .selectAll()
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toAdminToken);
    },
    async findById(id) {
      const row = await db.selectFrom('admin_tokens').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toAdminToken(row);
    },
    async insert(fields, now) {
      const secret = fields.secret ?? generateSecret(adminTokenPrefix);
      const row: AdminTokenTable = {
        id: randomUUID(),
        ...fieldColumns(fields),
        token_hash: hashSecret(secret),
        prefix: displayPrefix(secret),
        created_at: now,
        revoked_at: null,
      };
      await db.insertInto('admin_tokens').values(row).execute();
      return { token: toAdminToken(row), secret };
    },
    async update(id, fields) {
      const row = await db
        .updateTable('admin_tokens')
        .set(fieldColumns(fields))
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toAdminToken(row);
    },
    async revoke(id, now) {
      await db.updateTable('admin_tokens').set({ revoked_at: now }).where('id', '=', id).execute();
    },
    async lockUnrestrictedAdmins() {
      const query = db
        .selectFrom('admin_tokens')
        .select('id')
        .where('role', '=', 'admin')
        .where('projects', 'is', null)
        .where('actions', 'is', null)
        .where('revoked_at', 'is', null)
        .orderBy('id');
      // SQLite runs one write transaction at a time: nothing to lock there.
      const rows = await (dialect === 'postgres' ? query.forUpdate() : query).execute();
      return rows.map((row) => row.id);
    },
    async hashExists(secret) {
      const row = await db
        .selectFrom('admin_tokens')
        .select('id')
        .where('token_hash', '=', hashSecret(secret))
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
