import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { CommandExecutor } from '../commands/command-executor.js';
import { commandRequest } from '../commands/command-request.js';
import { errorResponses, SlugKey } from '../http/common-schemas.js';
import { versionEtag } from '../http/etag.js';
import { requestActor } from '../http/request-actor.js';
import { ResourceId } from '../kernel/field-schemas.js';
import { CreateSchedulePayload } from './schedule-commands.js';
import { ScheduleListSchema, ScheduleSchema, ScheduleStatusSchema } from './schedule-response-schemas.js';
import type { ScheduleQueries } from './schedule-service.js';
import type { ScheduleView } from './schedule-view.js';

const ScheduleBody = Type.Object(
  {
    ...CreateSchedulePayload.properties,
    reason: Type.Optional(
      Type.String({ maxLength: 1000, description: 'Why: recorded on the schedule and in the audit trail' }),
    ),
  },
  { additionalProperties: false },
);
const ScheduleParams = Type.Object({ id: ResourceId }, { additionalProperties: false });
const ScheduleQuery = Type.Object(
  {
    status: Type.Optional(ScheduleStatusSchema),
    project: Type.Optional(SlugKey),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);

const tags = ['schedules'];

/** Commands scheduled for later: schedule one, list them, look at one, cancel one. */
export function registerScheduleRoutes(
  app: FastifyInstance,
  deps: { queries: ScheduleQueries; commands: CommandExecutor },
): void {
  app.post<{ Body: Static<typeof ScheduleBody> }>(
    '/schedules',
    {
      schema: {
        command: 'schedule.create',
        summary:
          'Schedule a command to run once at a time (checked now as a plan; run then as the token that scheduled it)',
        tags,
        body: ScheduleBody,
        response: { 201: ScheduleSchema, ...errorResponses(404, 409, 412) },
      },
    },
    async (request, reply) => {
      const { reason, ...payload } = request.body;
      const command = commandRequest(request, { action: 'schedule.create', target: {}, payload });
      if (reason !== undefined && reason !== '') command.command.reason = reason;
      const schedule = (await deps.commands.execute(command)) as ScheduleView;
      reply.status(201).header('etag', versionEtag(schedule.version));
      return schedule;
    },
  );

  app.get<{ Querystring: Static<typeof ScheduleQuery> }>(
    '/schedules',
    {
      schema: {
        summary: 'List schedules, soonest first (those of the projects the token can read, and its own)',
        tags,
        querystring: ScheduleQuery,
        response: { 200: ScheduleListSchema, ...errorResponses() },
      },
    },
    async (request) => {
      const { status, project, limit = 100 } = request.query;
      return { schedules: await deps.queries.list(requestActor(request), { status, project, limit }) };
    },
  );

  app.get<{ Params: Static<typeof ScheduleParams> }>(
    '/schedules/:id',
    {
      schema: {
        summary: 'A schedule: its command, when it runs, its status and, once run, its result or error',
        tags,
        params: ScheduleParams,
        response: { 200: ScheduleSchema, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const schedule = await deps.queries.get(requestActor(request), request.params.id);
      reply.header('etag', versionEtag(schedule.version));
      return schedule;
    },
  );

  app.delete<{ Params: Static<typeof ScheduleParams> }>(
    '/schedules/:id',
    {
      schema: {
        command: 'schedule.cancel',
        summary: 'Cancel a pending schedule; answers it, cancelled (409 once it runs or has run)',
        tags,
        params: ScheduleParams,
        response: { 200: ScheduleSchema, ...errorResponses(404, 409, 412) },
      },
    },
    async (request, reply) => {
      const schedule = (await deps.commands.execute(
        commandRequest(request, { action: 'schedule.cancel', target: request.params }),
      )) as ScheduleView;
      reply.header('etag', versionEtag(schedule.version));
      return schedule;
    },
  );
}
