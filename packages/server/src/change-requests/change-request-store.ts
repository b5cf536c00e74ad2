import { randomUUID } from 'node:crypto';
import type { Command } from '../commands/command.js';
import type { Plan } from '../commands/plan.js';
import type { Role } from '../kernel/access.js';
import type { ChangeRequestTable, Queryable } from '../storage/database.js';
import { fromJsonColumn, toJsonColumn } from '../storage/json-column.js';

export const changeRequestStatuses = ['pending', 'approved', 'rejected', 'applied', 'cancelled'] as const;
export type ChangeRequestStatus = (typeof changeRequestStatuses)[number];

export interface ActorRef {
  id: string;
  name: string;
}

export interface ApprovalPolicy {
  environmentId: string;
  environment: string;
  requiredApprovals: number;
  approverRoles: Role[];
  allowEmergencyBypass: boolean;
  updatedAt: string;
}

export type ReviewKind = 'approve' | 'reject' | 'comment' | 'edit';

/** One thing someone did on a request, in order: approvals count only for the current revision. */
export interface Review {
  kind: ReviewKind;
  actor: ActorRef;
  /** The approver's role where the change applies (approvals and rejections). */
  role?: Role;
  comment?: string;
  at: string;
  revision: number;
}

export interface StoredChangeRequest {
  id: string;
  projectId: string;
  environments: string[];
  status: ChangeRequestStatus;
  command: Command;
  plan: Plan;
  reviews: Review[];
  revision: number;
  requestedBy: ActorRef;
  applyAt: string | null;
  /** Who scheduled the apply (it runs as them, re-read then). */
  applyBy: string | null;
  appliedAt: string | null;
  appliedBy: ActorRef | null;
  result: unknown;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export type NewChangeRequest = Pick<
  StoredChangeRequest,
  'projectId' | 'environments' | 'command' | 'plan' | 'requestedBy' | 'createdAt'
>;

export interface ChangeRequestStore {
  policies(projectId: string): Promise<ApprovalPolicy[]>;
  setPolicy(projectId: string, policy: Omit<ApprovalPolicy, 'environment'>): Promise<void>;
  removePolicy(environmentId: string): Promise<boolean>;
  insert(request: NewChangeRequest): Promise<StoredChangeRequest>;
  find(projectId: string, id: string): Promise<StoredChangeRequest | undefined>;
  list(
    projectId: string,
    filter: { status?: ChangeRequestStatus | undefined; environment?: string | undefined },
  ): Promise<StoredChangeRequest[]>;
  /** Writes the changed fields and bumps the version. */
  update(request: StoredChangeRequest): Promise<StoredChangeRequest>;
  /** Approved requests whose apply time has come, oldest first. */
  due(now: string, limit: number): Promise<{ id: string; project: string; applyBy: string | null }[]>;
  /** A scheduled apply that was refused: it is not tried again, and its reviews say why. */
  applyFailed(id: string, note: Review): Promise<void>;
}

export function changeRequestStore(db: Queryable): ChangeRequestStore {
  return {
    async policies(projectId) {
      const rows = await db
        .selectFrom('approval_policies as p')
        .innerJoin('environments as e', 'e.id', 'p.environment_id')
        .select([
          'p.environment_id',
          'e.key',
          'p.required_approvals',
          'p.approver_roles',
          'p.emergency_bypass',
          'p.updated_at',
        ])
        .where('p.project_id', '=', projectId)
        .orderBy('e.key')
        .execute();
      return rows.map((row) => ({
        environmentId: row.environment_id,
        environment: row.key,
        requiredApprovals: Number(row.required_approvals),
        approverRoles: fromJsonColumn<Role[]>(row.approver_roles),
        allowEmergencyBypass: Number(row.emergency_bypass) === 1,
        updatedAt: row.updated_at,
      }));
    },
    async setPolicy(projectId, policy) {
      const values = {
        required_approvals: policy.requiredApprovals,
        approver_roles: toJsonColumn(policy.approverRoles),
        emergency_bypass: policy.allowEmergencyBypass ? 1 : 0,
        updated_at: policy.updatedAt,
      };
      await db
        .insertInto('approval_policies')
        .values({ environment_id: policy.environmentId, project_id: projectId, ...values })
        .onConflict((oc) => oc.column('environment_id').doUpdateSet(values))
        .execute();
    },
    async removePolicy(environmentId) {
      const result = await db
        .deleteFrom('approval_policies')
        .where('environment_id', '=', environmentId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async insert(request) {
      const stored: StoredChangeRequest = {
        ...request,
        id: randomUUID(),
        status: 'pending',
        reviews: [],
        revision: 1,
        applyAt: null,
        applyBy: null,
        appliedAt: null,
        appliedBy: null,
        result: null,
        updatedAt: request.createdAt,
        version: 1,
      };
      await db.insertInto('change_requests').values(toRow(stored)).execute();
      return stored;
    },
    async find(projectId, id) {
      const row = await db
        .selectFrom('change_requests')
        .selectAll()
        .where('project_id', '=', projectId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && fromRow(row);
    },
    async list(projectId, filter) {
      let query = db.selectFrom('change_requests').selectAll().where('project_id', '=', projectId);
      if (filter.status !== undefined) query = query.where('status', '=', filter.status);
      const rows = await query.orderBy('created_at', 'desc').orderBy('id').execute();
      const requests = rows.map(fromRow);
      const environment = filter.environment;
      return environment === undefined
        ? requests
        : requests.filter((r) => r.environments.includes(environment));
    },
    async update(request) {
      const next = { ...request, version: request.version + 1 };
      const { id, ...row } = toRow(next);
      await db.updateTable('change_requests').set(row).where('id', '=', id).execute();
      return next;
    },
    async due(now, limit) {
      const rows = await db
        .selectFrom('change_requests as c')
        .innerJoin('projects as p', 'p.id', 'c.project_id')
        .select(['c.id', 'p.key', 'c.apply_by'])
        .where('c.status', '=', 'approved')
        .where('c.apply_at', 'is not', null)
        .where('c.apply_at', '<=', now)
        .orderBy('c.apply_at')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ id: r.id, project: r.key, applyBy: r.apply_by }));
    },
    async applyFailed(id, note) {
      const row = await db
        .selectFrom('change_requests')
        .select(['reviews'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) return;
      const reviews = [...fromJsonColumn<Review[]>(row.reviews), note];
      await db
        .updateTable('change_requests')
        .set((eb) => ({
          apply_at: null,
          apply_by: null,
          reviews: toJsonColumn(reviews),
          updated_at: note.at,
          version: eb('version', '+', 1),
        }))
        .where('id', '=', id)
        // Applied meanwhile (by another replica): nothing failed.
        .where('status', '=', 'approved')
        .execute();
    },
  };
}

function toRow(r: StoredChangeRequest): ChangeRequestTable {
  return {
    id: r.id,
    project_id: r.projectId,
    environments: toJsonColumn(r.environments),
    status: r.status,
    command: toJsonColumn(r.command),
    plan: toJsonColumn(r.plan),
    reviews: toJsonColumn(r.reviews),
    revision: r.revision,
    requested_by: r.requestedBy.id,
    requested_by_name: r.requestedBy.name,
    apply_at: r.applyAt,
    apply_by: r.applyBy,
    applied_at: r.appliedAt,
    applied_by: r.appliedBy ? toJsonColumn(r.appliedBy) : null,
    result: r.result === null || r.result === undefined ? null : toJsonColumn(r.result),
    created_at: r.createdAt,
    updated_at: r.updatedAt,
    version: r.version,
  };
}

function fromRow(row: ChangeRequestTable): StoredChangeRequest {
  return {
    id: row.id,
    projectId: row.project_id,
    environments: fromJsonColumn<string[]>(row.environments),
    status: row.status as ChangeRequestStatus,
    command: fromJsonColumn<Command>(row.command),
    plan: fromJsonColumn<Plan>(row.plan),
    reviews: fromJsonColumn<Review[]>(row.reviews),
    revision: Number(row.revision),
    requestedBy: { id: row.requested_by, name: row.requested_by_name },
    applyAt: row.apply_at,
    applyBy: row.apply_by,
    appliedAt: row.applied_at,
    appliedBy: fromJsonColumn<ActorRef>(row.applied_by),
    result: fromJsonColumn(row.result),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
  };
}
