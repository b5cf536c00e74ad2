import { type Static, Type } from '@sinclair/typebox';
import { didYouMean } from '@switchyard/core';
import { type CommandContext, defineCommand } from '../commands/command-definition.js';
import { type Access, isUnrestrictedAdmin } from '../kernel/access.js';
import type { Actor } from '../kernel/actor.js';
import { authorise } from '../kernel/authorise.js';
import { conflict, notFound, unauthorized, validationFailed } from '../kernel/errors.js';
import type { DialectName, Queryable } from '../storage/database.js';
import { CreateAdminTokenPayload, UpdateAdminTokenPayload } from './admin-token-schemas.js';
import type { AdminToken, AdminTokenFields, AdminTokenStore } from './admin-token-store.js';

export function tokenView(token: AdminToken) {
  return token;
}

/** What a token may do, as authorisation reads it. */
export function accessOf(token: Pick<AdminToken, 'role' | 'projects' | 'grants' | 'actions'>): Access {
  return { role: token.role, projects: token.projects, grants: token.grants, actions: token.actions };
}

export interface AdminTokenServiceDeps {
  db: Queryable;
  dialect: DialectName;
  adminTokens: (db: Queryable, dialect: DialectName) => AdminTokenStore;
  /** The command actions there are (what `actions` may list); read when a token is created or changed. */
  knownActions?: () => readonly string[];
}

export class AdminTokenQueries {
  constructor(private readonly deps: AdminTokenServiceDeps) {}

  async list(actor: Actor): Promise<AdminToken[]> {
    authorise(actor, 'admin', {});
    return this.deps.adminTokens(this.deps.db, this.deps.dialect).list();
  }
}

/** The actor's own token id, when the actor is an admin token. */
function tokenIdOf(actor: Actor): string | undefined {
  return actor.id.startsWith('admin-token:') ? actor.id.slice('admin-token:'.length) : undefined;
}

export function adminTokenCommands(deps: AdminTokenServiceDeps) {
  const store = (ctx: CommandContext) => deps.adminTokens(ctx.tx, deps.dialect);
  const grantIssues = (ctx: CommandContext, fields: Pick<AdminTokenFields, 'grants'>) =>
    fields.grants
      .map((grant, index) =>
        grant.project === undefined && grant.environment === undefined
          ? {
              path: ctx.payloadPath(`/grants/${index}`),
              message: 'a grant names a project, an environment, or both',
            }
          : undefined,
      )
      .filter((issue) => issue !== undefined);
  const actionIssues = (ctx: CommandContext, actions: readonly string[] | null | undefined) => {
    const known = deps.knownActions?.() ?? [];
    return (actions ?? []).flatMap((action, index) => {
      const path = ctx.payloadPath(`/actions/${index}`);
      // A token that may mint tokens could mint one without the limit.
      if (action.startsWith('admin-token.'))
        return [{ path, message: 'a token limited to actions cannot be given the admin-token actions' }];
      if (deps.knownActions && !known.includes(action))
        return [{ path, message: `unknown action "${action}"${didYouMean(action, [...known])}` }];
      return [];
    });
  };
  /**
   * Serialises changes to who is an admin (the unrestricted admins are locked until commit), checks
   * that the actor was not revoked meanwhile, and that at least one unrestricted admin stays.
   */
  const guardAdmins = async (ctx: CommandContext, target: AdminToken, after: AdminToken | null) => {
    const admins = await store(ctx).lockUnrestrictedAdmins();
    const own = tokenIdOf(ctx.actor);
    if (own !== undefined) {
      const self = await store(ctx).findById(own);
      if (!self || self.revokedAt !== null)
        throw unauthorized('the admin token making this change has been revoked');
    }
    const stays = after !== null && after.revokedAt === null && isUnrestrictedAdmin(accessOf(after));
    const remaining = admins.filter((id) => id !== target.id).length + (stays ? 1 : 0);
    if (remaining === 0) {
      throw conflict(
        `the last admin token cannot be ${after === null || after.revokedAt !== null ? 'revoked' : 'demoted'}: create another admin token first`,
      );
    }
  };
  const audit = (ctx: CommandContext, action: string, before: AdminToken | null, after: AdminToken) =>
    ctx.audit({
      action,
      resourceType: 'admin-token',
      resource: `admin-tokens/${after.id}`,
      before: before && tokenView(before),
      after: tokenView(after),
    });
  const requireToken = async (ctx: CommandContext) => {
    const current = await store(ctx).findById(ctx.command.target.id!);
    if (!current) throw notFound(`admin token "${ctx.command.target.id}" does not exist`);
    return current;
  };
  const common = { permission: 'admin', scope: 'server', unit: 'server', versioned: false } as const;

  return [
    defineCommand({
      ...common,
      action: 'admin-token.create',
      summary: 'Create an admin token; the answer is the only time it is shown',
      target: [],
      payload: CreateAdminTokenPayload,
      async run(ctx, payload: Static<typeof CreateAdminTokenPayload>) {
        const fields = {
          name: payload.name,
          role: payload.role,
          projects: payload.projects ?? null,
          grants: payload.grants ?? [],
          actions: payload.actions ?? null,
        };
        const issues = [...grantIssues(ctx, fields), ...actionIssues(ctx, fields.actions)];
        if (issues.length > 0) throw validationFailed(issues);
        const created = await store(ctx).insert(fields, ctx.now);
        audit(ctx, 'admin-token.create', null, created.token);
        return { ...tokenView(created.token), token: created.secret };
      },
    }),
    defineCommand({
      ...common,
      action: 'admin-token.update',
      summary: "Change an admin token's name, role, reach or actions (the last admin cannot be demoted)",
      target: ['id'],
      payload: UpdateAdminTokenPayload,
      async run(ctx, payload: Static<typeof UpdateAdminTokenPayload>) {
        const current = await requireToken(ctx);
        if (current.revokedAt !== null) throw conflict(`admin token "${current.id}" is revoked`);
        const fields: AdminTokenFields = {
          name: payload.name ?? current.name,
          role: payload.role ?? current.role,
          projects: payload.projects === undefined ? current.projects : payload.projects,
          grants: payload.grants ?? current.grants,
          actions: payload.actions === undefined ? current.actions : payload.actions,
        };
        const issues = [...grantIssues(ctx, fields), ...actionIssues(ctx, payload.actions)];
        if (issues.length > 0) throw validationFailed(issues);
        await guardAdmins(ctx, current, { ...current, ...fields });
        const updated = await store(ctx).update(current.id, fields);
        audit(ctx, 'admin-token.update', current, updated);
        return tokenView(updated);
      },
    }),
    defineCommand({
      ...common,
      action: 'admin-token.revoke',
      summary: 'Revoke an admin token (the last admin token cannot be revoked)',
      target: ['id'],
      payload: Type.Object({}, { additionalProperties: false }),
      async run(ctx) {
        const current = await requireToken(ctx);
        if (current.revokedAt !== null) throw conflict(`admin token "${current.id}" is already revoked`);
        const revoked = { ...current, revokedAt: ctx.now };
        await guardAdmins(ctx, current, revoked);
        await store(ctx).revoke(current.id, ctx.now);
        audit(ctx, 'admin-token.revoke', current, revoked);
        return tokenView(revoked);
      },
    }),
  ];
}
