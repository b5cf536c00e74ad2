import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses, JsonValueSchema, MapOf, Nullable } from '../http/common-schemas.js';
import { requestActor } from '../http/request-actor.js';
import { ResourceId, ResourceKey, SlugKey } from '../kernel/field-schemas.js';
import type { Command } from './command.js';
import type { CommandExecutor } from './command-executor.js';

export const CommandSchema = Type.Object(
  {
    action: Type.String({ minLength: 1, maxLength: 100, description: 'See GET /api/v1/commands/actions' }),
    target: Type.Object(
      {
        project: Type.Optional(SlugKey),
        environment: Type.Optional(SlugKey),
        flag: Type.Optional(ResourceKey),
        segment: Type.Optional(ResourceKey),
        id: Type.Optional(ResourceId),
      },
      { additionalProperties: false },
    ),
    payload: Type.Optional(
      Type.Unknown({ description: "The action's input; see the action's payload schema" }),
    ),
    expectedVersion: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'Refused with 412 when the target is no longer at this version',
      }),
    ),
    reason: Type.Optional(Type.String({ maxLength: 1000, description: 'Recorded in the audit trail' })),
    force: Type.Optional(Type.Boolean({ description: 'Overrides refusals that say they can be forced' })),
  },
  { additionalProperties: false, title: 'Command' },
);

const AuditChange = Type.Object({
  path: Type.String(),
  before: Type.Optional(Type.Unknown()),
  after: Type.Optional(Type.Unknown()),
});
const EntryChange = Type.Object({
  before: Type.Unknown(),
  after: Type.Unknown(),
  changes: Type.Array(AuditChange),
});

export const PlanSchema = Type.Object(
  {
    action: Type.String(),
    changes: Type.Array(
      Type.Object({
        action: Type.String(),
        resourceType: Type.String(),
        resource: Type.String(),
        projectKey: Type.Optional(Type.String()),
        environmentKey: Type.Optional(Type.String()),
        flagKey: Type.Optional(Type.String()),
        before: Type.Unknown(),
        after: Type.Unknown(),
        changes: Type.Array(AuditChange),
      }),
      { description: 'The audit entries the command would write' },
    ),
    flagSets: Type.Array(
      Type.Object({
        project: Type.String(),
        environment: Type.String(),
        change: Type.Union([Type.Literal('created'), Type.Literal('changed'), Type.Literal('removed')]),
        version: Type.Integer(),
        nextVersion: Nullable(Type.Integer()),
        flags: MapOf(EntryChange),
        evaluators: MapOf(EntryChange),
        metadata: Type.Optional(EntryChange),
      }),
      { description: 'How each environment flag set (what SDKs receive) would change' },
    ),
  },
  { title: 'Plan' },
);

const ActionListSchema = Type.Object(
  {
    actions: Type.Array(
      Type.Object({
        action: Type.String(),
        summary: Type.String(),
        target: Type.Array(Type.String()),
        permission: Type.String(),
        scope: Type.String(),
        versioned: Type.Boolean(),
        payload: JsonValueSchema,
      }),
    ),
  },
  { title: 'ActionList' },
);

/**
 * Commands as values: run one (`/commands`), see what it would do without committing it
 * (`/commands/plan`), and the actions there are (`/commands/actions`). A stored command runs
 * against the state at the time it runs; its `expectedVersion` guards against what changed since.
 */
export function registerCommandRoutes(app: FastifyInstance, deps: { commands: CommandExecutor }): void {
  const tags = ['commands'];
  app.get(
    '/commands/actions',
    {
      schema: {
        summary: 'Every action a command can name, with its target fields, permission and payload schema',
        tags,
        response: { 200: ActionListSchema, ...errorResponses() },
      },
    },
    async () => ({
      actions: deps.commands.definitions().map((d) => ({
        action: d.action,
        summary: d.summary,
        target: [...d.target],
        permission: d.permission,
        scope: d.scope,
        versioned: d.versioned,
        payload: d.payload,
      })),
    }),
  );

  app.post<{ Body: Static<typeof CommandSchema> }>(
    '/commands',
    {
      schema: {
        command: '*',
        summary: 'Execute a command (the same rules and audit trail as the resource routes)',
        tags,
        body: CommandSchema,
        response: {
          200: Type.Object({ action: Type.String(), result: JsonValueSchema }, { title: 'CommandResult' }),
          ...errorResponses(404, 409, 412),
        },
      },
    },
    async (request) => {
      const command = request.body as Command;
      const result = await deps.commands.execute({
        command,
        actor: requestActor(request),
        requestId: String(request.id),
      });
      return { action: command.action, result: result ?? null };
    },
  );

  app.post<{ Body: Static<typeof CommandSchema> }>(
    '/commands/plan',
    {
      schema: {
        summary: 'Plan a command: what it would change (audit entries and flag sets), committing nothing',
        tags,
        body: CommandSchema,
        response: { 200: PlanSchema, ...errorResponses(404, 409, 412) },
      },
    },
    async (request) =>
      deps.commands.plan({
        command: request.body as Command,
        actor: requestActor(request),
        requestId: String(request.id),
      }),
  );
}
