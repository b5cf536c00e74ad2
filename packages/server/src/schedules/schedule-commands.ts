import { type Static, Type } from '@sinclair/typebox';
import type { Command, IssuePaths } from '../commands/command.js';
import { targetFields } from '../commands/command.js';
import type { CommandContext, PreparationContext } from '../commands/command-definition.js';
import { defineCommand } from '../commands/command-definition.js';
import type { CommandExecutor } from '../commands/command-executor.js';
import { CommandSchema } from '../commands/command-routes.js';
import type { Plan } from '../commands/plan.js';
import type { Actor } from '../kernel/actor.js';
import { AppError, conflict, forbidden, notFound, validationFailed } from '../kernel/errors.js';
import type { DialectName, Queryable } from '../storage/database.js';
import { resolveRunAt } from './run-at.js';
import type { Schedule, ScheduleStore } from './schedule-store.js';
import { scheduleView } from './schedule-view.js';

export const CreateSchedulePayload = Type.Object(
  {
    command: CommandSchema,
    at: Type.String({
      minLength: 1,
      maxLength: 64,
      description:
        'A wall time in timeZone ("2026-12-01T09:00") or an instant with its offset ("2026-12-01T09:00:00+01:00", "…Z")',
    }),
    timeZone: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: 'IANA zone ("Europe/Paris"); needed for a wall time, UTC by default for an instant',
      }),
    ),
  },
  { additionalProperties: false },
);

export interface ScheduleCommandDeps {
  dialect: DialectName;
  schedules: (db: Queryable, dialect: DialectName) => ScheduleStore;
  /** The executor, bound once it exists: a schedule plans, and a cancel authorises, the command it holds. */
  commands: () => Pick<CommandExecutor, 'plan' | 'authorise'>;
  /** The environments whose approval policies would hold the command (planned as `plan`). */
  heldEnvironments?: (command: Command, plan: Plan) => Promise<string[]>;
  now?: () => Date;
}

const tokenActorPrefix = 'admin-token:';

/** Issue paths for a command held at `root` of another command's payload (`/body/command/…`). */
function nestedPaths(root: string): IssuePaths {
  return {
    action: `${root}/action`,
    payload: `${root}/payload`,
    target: Object.fromEntries(
      targetFields.map((field) => [field, `${root}/target/${field}`]),
    ) as IssuePaths['target'],
    expectedVersion: `${root}/expectedVersion`,
  };
}

function resolveOrThrow(
  payload: Static<typeof CreateSchedulePayload>,
  now: Date,
  payloadPath: (p: string) => string,
) {
  const time = resolveRunAt(payload, now, { at: payloadPath('/at'), timeZone: payloadPath('/timeZone') });
  if (Array.isArray(time)) throw validationFailed(time);
  return time;
}

function auditScope(schedule: Schedule) {
  const { target } = schedule.command;
  return {
    ...(target.project !== undefined && { projectKey: target.project }),
    ...(target.environment !== undefined && { environmentKey: target.environment }),
    ...(target.flag !== undefined && { flagKey: target.flag }),
  };
}

/**
 * `schedule.create` checks the command it holds as a plan, now, as the actor (so a command that
 * would be refused now is refused when scheduled), then stores it; `schedule.cancel` stops a
 * pending one. Both are audited. The schedule runs later as its actor, re-authorised then.
 */
export function scheduleCommands(deps: ScheduleCommandDeps) {
  const store = (ctx: CommandContext) => deps.schedules(ctx.tx, deps.dialect);
  const clock = deps.now ?? (() => new Date());
  // Anyone may ask; what they may schedule or cancel is decided by the command each schedule holds.
  const common = { permission: 'read', scope: 'server', unit: 'server' } as const;

  const prepareCreate = async (ctx: PreparationContext, payload: Static<typeof CreateSchedulePayload>) => {
    const inner = payload.command as Command;
    const root = ctx.payloadPath('/command');
    if (!ctx.actor.id.startsWith(tokenActorPrefix)) {
      throw forbidden('a schedule runs later as the admin token that made it; only admin tokens schedule');
    }
    if (inner.action.startsWith('schedule.')) {
      throw validationFailed([
        { path: `${root}/action`, message: `${inner.action} cannot be scheduled: a schedule holds a change` },
      ]);
    }
    const time = resolveRunAt(payload, clock(), {
      at: ctx.payloadPath('/at'),
      timeZone: ctx.payloadPath('/timeZone'),
    });
    const timeIssues = Array.isArray(time) ? time : [];
    let plan: Plan;
    try {
      plan = await deps.commands().plan({
        command: inner,
        actor: ctx.actor,
        requestId: ctx.requestId,
        paths: nestedPaths(root),
      });
    } catch (error) {
      if (error instanceof AppError && error.code === 'VALIDATION_FAILED' && timeIssues.length > 0) {
        throw validationFailed([...error.issues, ...timeIssues]);
      }
      throw error;
    }
    if (timeIssues.length > 0) throw validationFailed(timeIssues);
    // A schedule runs unattended and could only fail then: a held change waits as a change request.
    const held = (await deps.heldEnvironments?.(inner, plan)) ?? [];
    if (held.length > 0) {
      throw forbidden(
        `changes to ${held.map((e) => `environment "${e}"`).join(', ')} need approval, which a schedule cannot wait for: make the change (it opens a change request) and apply it at the time once approved`,
      );
    }
  };

  return [
    defineCommand({
      ...common,
      action: 'schedule.create',
      summary:
        'Schedule a command to run once at a time, as the token that schedules it (needs the right to run it now and then)',
      target: [],
      payload: CreateSchedulePayload,
      versioned: false,
      prepare: prepareCreate,
      async run(ctx, payload: Static<typeof CreateSchedulePayload>) {
        const time = resolveOrThrow(payload, new Date(ctx.now), ctx.payloadPath);
        const created = await store(ctx).insert({
          command: payload.command as Command,
          runAt: time.runAt,
          timeZone: time.timeZone,
          reason: ctx.command.reason ?? null,
          createdBy: actorRef(ctx.actor),
          createdAt: ctx.now,
        });
        ctx.audit({
          action: 'schedule.create',
          resourceType: 'schedule',
          resource: `schedules/${created.id}`,
          ...auditScope(created),
          before: null,
          after: scheduleView(created),
        });
        return scheduleView(created);
      },
    }),
    defineCommand({
      ...common,
      action: 'schedule.cancel',
      summary:
        'Cancel a pending schedule (its maker, or anyone who may run its command); a schedule that ran or runs cannot be',
      target: ['id'],
      payload: Type.Object({}, { additionalProperties: false }),
      versioned: true,
      async run(ctx) {
        const id = ctx.command.target.id!;
        const current = await store(ctx).findForUpdate(id);
        if (!current) throw notFound(`schedule "${id}" does not exist`);
        // Its maker may cancel it, and so may whoever may run its command now.
        if (current.createdBy.id !== ctx.actor.id) deps.commands().authorise(ctx.actor, current.command);
        ctx.checkVersion(`schedule "${id}"`, current.version);
        if (current.status !== 'pending') {
          throw conflict(
            `schedule "${id}" is ${current.status}${current.status === 'running' ? ' now' : ''}: only a pending schedule can be cancelled`,
          );
        }
        const cancelled = await store(ctx).cancel(id, actorRef(ctx.actor), ctx.now);
        if (!cancelled)
          throw conflict(`schedule "${id}" started running meanwhile: it can no longer be cancelled`);
        ctx.audit({
          action: 'schedule.cancel',
          resourceType: 'schedule',
          resource: `schedules/${id}`,
          ...auditScope(cancelled),
          before: scheduleView(current),
          after: scheduleView(cancelled),
        });
        return scheduleView(cancelled);
      },
    }),
  ];
}

function actorRef(actor: Actor) {
  return { id: actor.id, name: actor.name };
}
