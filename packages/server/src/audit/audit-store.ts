import type { AuditEntryTable, Queryable } from '../storage/database.js';
import { fromJsonColumn, toJsonColumn } from '../storage/json-column.js';
import { type AuditChange, diffJson } from './audit-diff.js';

/** What a change reports about itself; the executor adds actor, request id, time and reason. */
export interface AuditRecord {
  action: string;
  resourceType: string;
  /** Human-readable resource path, e.g. `projects/default/flags/new-checkout`. */
  resource: string;
  projectKey?: string;
  environmentKey?: string;
  flagKey?: string;
  before: unknown;
  after: unknown;
  /** Who the change is by when not the actor running it (an applied change request: its requester). */
  author?: { id: string; name: string };
  /** How the change passed its environment's approval policy. */
  approval?: AuditApproval;
}

/** A change request's approvers, or an emergency change that bypassed approval. */
export type AuditApproval =
  | {
      changeRequest: string;
      approvers: { id: string; name: string }[];
      appliedBy: { id: string; name: string };
    }
  | { bypassedApproval: true };

export interface AuditMeta {
  at: string;
  actorId: string;
  actorName: string;
  requestId: string;
  reason: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: { id: string; name: string };
  requestId: string;
  action: string;
  resourceType: string;
  resource: string;
  project: string | null;
  environment: string | null;
  flag: string | null;
  before: unknown;
  after: unknown;
  changes: AuditChange[];
  reason: string | null;
  approval: AuditApproval | null;
}

export interface AuditFilter {
  project?: string;
  environment?: string;
  flag?: string;
  actor?: string;
  since?: string;
  until?: string;
  /** Entries with an id below this one (pagination cursor). */
  before?: number;
  /** Only entries of these projects (a token limited to some projects); absent: every entry. */
  projects?: readonly string[];
  limit: number;
}

export interface AuditStore {
  insert(record: AuditRecord, meta: AuditMeta): Promise<void>;
  /** Newest first. */
  query(filter: AuditFilter): Promise<AuditEntry[]>;
}

/** The difference an audit record describes, as stored and as shown in a plan. */
export function auditChanges(record: AuditRecord): AuditChange[] {
  return diffJson(record.before ?? null, record.after ?? null);
}

export function auditStore(db: Queryable): AuditStore {
  return {
    async insert(record, meta) {
      await db
        .insertInto('audit_entries')
        .values({
          at: meta.at,
          actor: record.author?.id ?? meta.actorId,
          actor_name: record.author?.name ?? meta.actorName,
          request_id: meta.requestId,
          action: record.action,
          resource_type: record.resourceType,
          resource: record.resource,
          project_key: record.projectKey ?? null,
          environment_key: record.environmentKey ?? null,
          flag_key: record.flagKey ?? null,
          before: record.before === undefined || record.before === null ? null : toJsonColumn(record.before),
          after: record.after === undefined || record.after === null ? null : toJsonColumn(record.after),
          changes: toJsonColumn(auditChanges(record)),
          reason: meta.reason,
          approval: record.approval ? toJsonColumn(record.approval) : null,
        })
        .execute();
    },
    async query(filter) {
      let query = db.selectFrom('audit_entries').selectAll();
      if (filter.project !== undefined) query = query.where('project_key', '=', filter.project);
      if (filter.environment !== undefined) query = query.where('environment_key', '=', filter.environment);
      if (filter.flag !== undefined) query = query.where('flag_key', '=', filter.flag);
      if (filter.actor !== undefined) {
        const actor = filter.actor;
        query = query.where((eb) => eb.or([eb('actor', '=', actor), eb('actor_name', '=', actor)]));
      }
      if (filter.since !== undefined) query = query.where('at', '>=', filter.since);
      if (filter.until !== undefined) query = query.where('at', '<', filter.until);
      if (filter.before !== undefined) query = query.where('id', '<', filter.before);
      if (filter.projects !== undefined) {
        if (filter.projects.length === 0) return [];
        query = query.where('project_key', 'in', [...filter.projects]);
      }
      const rows = await query.orderBy('id', 'desc').limit(filter.limit).execute();
      return rows.map(toAuditEntry);
    },
  };
}

function toAuditEntry(row: Omit<AuditEntryTable, 'id'> & { id: number }): AuditEntry {
  return {
    id: Number(row.id),
    at: row.at,
    actor: { id: row.actor, name: row.actor_name },
    requestId: row.request_id,
    action: row.action,
    resourceType: row.resource_type,
    resource: row.resource,
    project: row.project_key,
    environment: row.environment_key,
    flag: row.flag_key,
    before: fromJsonColumn(row.before),
    after: fromJsonColumn(row.after),
    changes: fromJsonColumn<AuditChange[]>(row.changes),
    reason: row.reason,
    approval: fromJsonColumn<AuditApproval>(row.approval),
  };
}
