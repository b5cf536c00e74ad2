import { type Static, Type } from '@sinclair/typebox';
import { type CommandContext, defineCommand } from '../commands/command-definition.js';
import { type FlagServiceDeps, fullFlagView, requireFlag } from '../flags/flag-service.js';
import type { Flag } from '../flags/flag-store.js';
import { flagAuditView } from '../flags/flag-view.js';
import { conflict, validationFailed } from '../kernel/errors.js';
import type { Queryable } from '../storage/database.js';
import { applyUpdate, digestSchedules, UpdateLifecyclePayload } from './lifecycle-settings.js';
import type { LifecycleStore } from './lifecycle-store.js';
import { lifecycleAuditView, lifecycleView } from './lifecycle-view.js';

export interface LifecycleCommandDeps {
  flagDeps: FlagServiceDeps;
  lifecycle: (db: Queryable) => LifecycleStore;
  /** Why the flag cannot be archived now (a running rollout or experiment), if so. */
  busy(db: Queryable, flag: Flag): Promise<string | undefined>;
}

const NoPayload = Type.Object({}, { additionalProperties: false });

export function lifecycleCommands(deps: LifecycleCommandDeps) {
  const auditFlag = (ctx: CommandContext, action: string, before: Flag, after: Flag) => {
    const project = ctx.project!.key;
    ctx.audit({
      action,
      resourceType: 'flag',
      resource: `projects/${project}/flags/${after.key}`,
      projectKey: project,
      flagKey: after.key,
      before: flagAuditView(before),
      after: flagAuditView(after),
    });
  };
  return [
    defineCommand({
      action: 'lifecycle.update',
      summary: "Change a project's flag lifetimes, stale-flag rules, naming policy or digest webhook",
      target: ['project'],
      payload: UpdateLifecyclePayload,
      permission: 'admin',
      scope: 'project',
      unit: 'project',
      versioned: true,
      async run(ctx, payload: Static<typeof UpdateLifecyclePayload>) {
        const store = deps.lifecycle(ctx.tx);
        const project = ctx.project!;
        const current = await store.get(project.id);
        ctx.checkVersion(`lifecycle settings of project "${project.key}"`, current.version);
        const { settings, issues } = applyUpdate(current.settings, payload, (p) => ctx.payloadPath(p));
        if (issues.length > 0) throw validationFailed(issues);
        const digest = settings.digest;
        // A digest keeps its due time unless its schedule changes (or it is new).
        const sameSchedule = digest && current.settings.digest?.schedule === digest.schedule;
        const dueAt = !digest
          ? null
          : sameSchedule && current.digestDueAt
            ? current.digestDueAt
            : new Date(Date.parse(ctx.now) + digestSchedules[digest.schedule]).toISOString();
        const saved = await store.save(current, settings, dueAt, ctx.now);
        ctx.audit({
          action: 'lifecycle.update',
          resourceType: 'lifecycle',
          resource: `projects/${project.key}/lifecycle`,
          projectKey: project.key,
          before: current.version === 0 ? null : lifecycleAuditView(current),
          after: lifecycleAuditView(saved),
        });
        return lifecycleView(project.key, saved);
      },
    }),
    defineCommand({
      action: 'flag.archive',
      summary:
        'Archive a flag: served nowhere (SDKs get FLAG_NOT_FOUND), kept with its configuration and history',
      target: ['project', 'flag'],
      payload: NoPayload,
      permission: 'write',
      scope: 'project',
      unit: 'project',
      versioned: true,
      async run(ctx) {
        const store = deps.flagDeps.flags(ctx.tx);
        const current = await requireFlag(store, ctx.project!, ctx.command.target.flag!);
        ctx.checkVersion(`flag "${current.key}"`, current.version);
        if (current.archivedAt !== null) {
          throw conflict(`flag "${current.key}" is already archived (since ${current.archivedAt})`);
        }
        const busy = await deps.busy(ctx.tx, current);
        if (busy) throw conflict(`flag "${current.key}" cannot be archived: ${busy}`);
        const archived = await store.setArchived(current, ctx.now, ctx.now);
        auditFlag(ctx, 'flag.archive', current, archived);
        return fullFlagView(deps.flagDeps, ctx.tx, archived);
      },
    }),
    defineCommand({
      action: 'flag.restore',
      summary: 'Restore an archived flag, with the configuration it had in every environment',
      target: ['project', 'flag'],
      payload: NoPayload,
      permission: 'write',
      scope: 'project',
      unit: 'project',
      versioned: true,
      async run(ctx) {
        const store = deps.flagDeps.flags(ctx.tx);
        const current = await requireFlag(store, ctx.project!, ctx.command.target.flag!);
        ctx.checkVersion(`flag "${current.key}"`, current.version);
        if (current.archivedAt === null) throw conflict(`flag "${current.key}" is not archived`);
        const restored = await store.setArchived(current, null, ctx.now);
        auditFlag(ctx, 'flag.restore', current, restored);
        return fullFlagView(deps.flagDeps, ctx.tx, restored);
      },
    }),
  ];
}
