import { type Static, Type } from '@sinclair/typebox';
import type { FlagSetDocument } from '@switchyard/core';
import type { Command } from '../commands/command.js';
import type { CommandContext } from '../commands/command-definition.js';
import { defineCommand } from '../commands/command-definition.js';
import type { CommandExecutor } from '../commands/command-executor.js';
import { CommandSchema } from '../commands/command-routes.js';
import type { Plan } from '../commands/plan.js';
import type { EnvironmentDocument } from '../commands/validate-documents.js';
import { reaches } from '../kernel/access.js';
import type { Actor } from '../kernel/actor.js';
import { conflict, forbidden, notFound, preconditionFailed, validationFailed } from '../kernel/errors.js';
import type { Queryable } from '../storage/database.js';
import type { Tx } from '../storage/transaction.js';
import {
  approvers,
  conflictsWithPlan,
  environmentsOf,
  mayBeHeld,
  requiredApprovals,
  reviewerRefusal,
} from './change-request-rules.js';
import type {
  ApprovalPolicy,
  ChangeRequestStore,
  ReviewKind,
  StoredChangeRequest,
} from './change-request-store.js';
import { type ChangeRequestView, changeRequestView } from './change-request-view.js';

export interface ChangeRequestCommandDeps {
  changeRequests: (db: Queryable) => ChangeRequestStore;
  loadDocuments(tx: Tx, projectId: string): Promise<EnvironmentDocument[]>;
  /** The requester as they are now (a revoked token's request is not applied). */
  actors: { current(db: Queryable, actorId: string): Promise<Actor | { refused: string }> };
  /** Bound once the executor exists: an edit plans the new command. */
  commands: () => Pick<CommandExecutor, 'plan'>;
}

const Comment = Type.String({ minLength: 1, maxLength: 5000 });
const ReviewPayload = Type.Object({ comment: Type.Optional(Comment) }, { additionalProperties: false });
const CommentPayload = Type.Object({ text: Comment }, { additionalProperties: false });
const EditPayload = Type.Object({ command: CommandSchema }, { additionalProperties: false });
export const ApplyPayload = Type.Object(
  {
    applyAt: Type.Optional(
      Type.Union([
        Type.String({
          pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})$',
          description:
            'Apply at this instant, with its offset ("2026-12-01T09:00:00Z"), once approved, instead of now',
        }),
        Type.Null({ description: 'Clear the scheduled instant: the request waits to be applied by hand' }),
      ]),
    ),
  },
  { additionalProperties: false },
);
const Empty = Type.Object({}, { additionalProperties: false });

const common = {
  target: ['project', 'id'],
  // Reading the project lets one ask; each action's own rule (reviewer, requester, writer) decides.
  permission: 'read',
  scope: 'project',
  unit: 'project',
  versioned: true,
} as const;

/**
 * What people do with a change request: review it (approve, reject, comment), edit it (a new
 * command, re-planned, its approvals void), cancel it, and apply it (now, or at a set time once
 * approved), which runs the held command in the same change as its requester.
 */
export function changeRequestCommands(deps: ChangeRequestCommandDeps) {
  const store = (ctx: CommandContext) => deps.changeRequests(ctx.tx);
  // An edit plans its command before the transaction opens; its run picks the plan up here.
  const editPlans = new WeakMap<object, Plan>();

  const load = async (ctx: CommandContext) => {
    const project = ctx.project!;
    const id = ctx.command.target.id!;
    const request = await store(ctx).find(project.id, id);
    if (!request) throw notFound(`change request "${id}" of project "${project.key}" does not exist`);
    ctx.checkVersion(`change request "${id}"`, request.version);
    const policies = await store(ctx).policies(project.id);
    return { request, policies };
  };
  const requireStatus = (request: StoredChangeRequest, ...allowed: StoredChangeRequest['status'][]) => {
    if (!allowed.includes(request.status)) {
      throw conflict(
        `change request "${request.id}" is ${request.status}; this needs a ${allowed.join(' or ')} one`,
      );
    }
  };
  const save = async (
    ctx: CommandContext,
    before: StoredChangeRequest,
    after: StoredChangeRequest,
    action: string,
    policies: Parameters<typeof changeRequestView>[2],
  ): Promise<ChangeRequestView> => {
    const saved = await store(ctx).update({ ...after, updatedAt: ctx.now });
    const project = ctx.project!.key;
    const summary = (r: StoredChangeRequest) => ({
      status: r.status,
      revision: r.revision,
      approvals: approvers(r).map((a) => a.id),
      applyAt: r.applyAt,
    });
    ctx.audit({
      action,
      resourceType: 'change-request',
      resource: `projects/${project}/change-requests/${saved.id}`,
      projectKey: project,
      ...(saved.environments.length === 1 && { environmentKey: saved.environments[0] }),
      ...(saved.command.target.flag !== undefined && { flagKey: saved.command.target.flag }),
      before: summary(before),
      after: summary(saved),
    });
    return changeRequestView(project, saved, policies);
  };
  const review = (ctx: CommandContext, request: StoredChangeRequest, kind: ReviewKind, extra = {}) => ({
    ...request,
    reviews: [
      ...request.reviews,
      {
        kind,
        actor: { id: ctx.actor.id, name: ctx.actor.name },
        at: ctx.now,
        revision: request.revision,
        ...extra,
      },
    ],
  });
  const mayWriteAll = (ctx: CommandContext, request: StoredChangeRequest, permission: 'write' | 'admin') =>
    request.environments.every((environment) =>
      reaches(ctx.actor.access, permission, { project: ctx.project!.key, environment }),
    );

  const reviewer = async (ctx: CommandContext, verb: string) => {
    const { request, policies } = await load(ctx);
    requireStatus(request, 'pending', 'approved');
    const decision = reviewerRefusal(ctx.actor, ctx.project!.key, request, policies);
    if ('refused' in decision) throw forbidden(decision.refused.replace('cannot approve', `cannot ${verb}`));
    return { request, policies, role: decision.role };
  };

  const applyNow = async (ctx: CommandContext, request: StoredChangeRequest, policies: ApprovalPolicy[]) => {
    const project = ctx.project!;
    const needed = requiredApprovals(request.environments, policies);
    const approvedBy = approvers(request);
    if (approvedBy.length < needed) {
      throw conflict(
        `change request "${request.id}" has ${approvedBy.length} of the ${needed} approvals it needs`,
      );
    }
    const documents = await deps.loadDocuments(ctx.tx, project.id);
    const current = new Map<string, FlagSetDocument | null>(
      documents.map((d) => [d.environment.key, d.document]),
    );
    const conflicts = conflictsWithPlan(request.plan, current);
    if (conflicts.length > 0) {
      throw preconditionFailed(
        `change request "${request.id}" conflicts with changes made since it was planned: ${conflicts.join('; ')}; edit it to re-plan`,
      );
    }
    const requester = await deps.actors.current(ctx.tx, request.requestedBy.id);
    if ('refused' in requester) throw forbidden(`${requester.refused}: its change request cannot be applied`);
    const appliedBy = { id: ctx.actor.id, name: ctx.actor.name };
    const result = await ctx.runHeld(request.command, requester, {
      changeRequest: request.id,
      approvers: approvedBy,
      appliedBy,
    });
    return { ...request, status: 'applied' as const, appliedAt: ctx.now, appliedBy, result: result ?? null };
  };

  return [
    defineCommand({
      ...common,
      action: 'change-request.approve',
      summary: 'Approve a change request (not your own; a role its policy counts)',
      payload: ReviewPayload,
      async run(ctx, payload) {
        const { request, policies, role } = await reviewer(ctx, 'approve');
        if (approvers(request).some((a) => a.id === ctx.actor.id)) {
          throw conflict(`${ctx.actor.name} already approved change request "${request.id}"`);
        }
        const next = review(ctx, request, 'approve', { role, ...payload });
        const enough = approvers(next).length >= requiredApprovals(request.environments, policies);
        const status = enough ? 'approved' : request.status;
        return save(ctx, request, { ...next, status }, 'change-request.approve', policies);
      },
    }),
    defineCommand({
      ...common,
      action: 'change-request.reject',
      summary: 'Reject a change request: it can no longer be applied',
      payload: ReviewPayload,
      async run(ctx, payload) {
        const { request, policies, role } = await reviewer(ctx, 'reject');
        const next = review(ctx, request, 'reject', { role, ...payload });
        return save(ctx, request, { ...next, status: 'rejected' }, 'change-request.reject', policies);
      },
    }),
    defineCommand({
      ...common,
      action: 'change-request.comment',
      summary: 'Comment on a change request',
      payload: CommentPayload,
      async run(ctx, payload) {
        const { request, policies } = await load(ctx);
        const readsOne = request.environments.some((environment) =>
          reaches(ctx.actor.access, 'read', { project: ctx.project!.key, environment }),
        );
        if (!readsOne) throw forbidden(`${ctx.actor.name} cannot read the environments this request changes`);
        const next = review(ctx, request, 'comment', { comment: payload.text });
        return save(ctx, request, next, 'change-request.comment', policies);
      },
    }),
    defineCommand({
      ...common,
      action: 'change-request.edit',
      summary: 'Replace the command of your own change request: it is re-planned and its approvals reset',
      payload: EditPayload,
      async prepare(ctx, payload) {
        const command = payload.command as Command;
        const root = ctx.payloadPath('/command');
        if (!mayBeHeld(command.action)) {
          throw validationFailed([
            { path: `${root}/action`, message: `${command.action} cannot be held by a change request` },
          ]);
        }
        if (command.target.project !== ctx.command.target.project) {
          throw validationFailed([
            { path: `${root}/target/project`, message: `must be "${ctx.command.target.project}"` },
          ]);
        }
        const plan = await deps.commands().plan({
          command,
          actor: ctx.actor,
          requestId: ctx.requestId,
          paths: {
            action: `${root}/action`,
            payload: `${root}/payload`,
            target: {
              project: `${root}/target/project`,
              environment: `${root}/target/environment`,
              flag: `${root}/target/flag`,
              segment: `${root}/target/segment`,
              id: `${root}/target/id`,
            },
            expectedVersion: `${root}/expectedVersion`,
          },
        });
        editPlans.set(payload, plan);
      },
      async run(ctx, payload) {
        const { request, policies } = await load(ctx);
        if (ctx.actor.id !== request.requestedBy.id) {
          throw forbidden(`${ctx.actor.name} cannot edit a change request of ${request.requestedBy.name}`);
        }
        requireStatus(request, 'pending', 'approved');
        const plan = editPlans.get(payload);
        if (!plan) throw new Error('an edit is planned before it runs');
        const command = payload.command as Command;
        const touched = environmentsOf(command.target, plan);
        const held = touched.filter((e) => policies.some((p) => p.environment === e));
        const next = review(
          ctx,
          { ...request, command, plan, environments: held.length > 0 ? held : touched },
          'edit',
        );
        // A new revision: approvals given to the old command no longer count.
        const edited = { ...next, revision: request.revision + 1, status: 'pending' as const };
        return save(ctx, request, edited, 'change-request.edit', policies);
      },
    }),
    defineCommand({
      ...common,
      action: 'change-request.cancel',
      summary: 'Withdraw a change request (its requester, or an admin of its environments)',
      payload: Empty,
      async run(ctx) {
        const { request, policies } = await load(ctx);
        if (ctx.actor.id !== request.requestedBy.id && !mayWriteAll(ctx, request, 'admin')) {
          throw forbidden(`${ctx.actor.name} cannot cancel a change request of ${request.requestedBy.name}`);
        }
        requireStatus(request, 'pending', 'approved');
        const next = { ...request, status: 'cancelled' as const, applyAt: null, applyBy: null };
        return save(ctx, request, next, 'change-request.cancel', policies);
      },
    }),
    defineCommand({
      ...common,
      action: 'change-request.apply',
      summary:
        'Apply an approved change request now (re-checked against the current state: 412 on a conflict), set when to apply it, or clear that time (`applyAt: null`)',
      payload: ApplyPayload,
      async run(ctx, payload) {
        const { request, policies } = await load(ctx);
        if (!mayWriteAll(ctx, request, 'write')) {
          throw forbidden(
            `${ctx.actor.name} cannot apply changes to ${request.environments.map((e) => `environment "${e}"`).join(', ')} of project "${ctx.project!.key}"`,
          );
        }
        if (payload.applyAt === null) {
          requireStatus(request, 'pending', 'approved');
          if (request.applyAt === null) throw conflict(`change request ${request.id} is not scheduled`);
          const next = { ...request, applyAt: null, applyBy: null };
          return save(ctx, request, next, 'change-request.unschedule', policies);
        }
        if (payload.applyAt !== undefined && Number.isNaN(Date.parse(payload.applyAt))) {
          throw validationFailed([{ path: ctx.payloadPath('/applyAt'), message: 'is not a valid instant' }]);
        }
        if (payload.applyAt !== undefined && Date.parse(payload.applyAt) > Date.parse(ctx.now)) {
          requireStatus(request, 'pending', 'approved');
          const at = new Date(payload.applyAt).toISOString();
          const next = { ...request, applyAt: at, applyBy: ctx.actor.id };
          return save(ctx, request, next, 'change-request.apply', policies);
        }
        requireStatus(request, 'approved');
        const applied = await applyNow(ctx, request, policies);
        return save(ctx, request, applied, 'change-request.apply', policies);
      },
    }),
  ];
}

export type ApplyBody = Static<typeof ApplyPayload>;
