import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { CommandExecutor } from '../commands/command-executor.js';
import { commandRequest } from '../commands/command-request.js';
import { errorResponses, FlagParams, NoContent, ProjectParams } from '../http/common-schemas.js';
import { versionEtag } from '../http/etag.js';
import { requestActor } from '../http/request-actor.js';
import { FlagListSchema, FlagSchema, FlagSummaryListSchema } from './flag-response-schemas.js';
import { createFlagPayload, ListFlagsQuery, UpdateFlagPayload } from './flag-schemas.js';
import type { FlagQueries, FlagView } from './flag-service.js';

const tags = ['flags'];
const ForceQuery = Type.Object(
  {
    /** Overrides a refusal that says it can be forced (changing the type of an enabled flag's variants). */
    force: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export function registerFlagRoutes(
  app: FastifyInstance,
  deps: { queries: FlagQueries; commands: CommandExecutor; flagKeyRule: RegExp },
): void {
  const CreateFlagBody = createFlagPayload(deps.flagKeyRule.source);
  app.get<{ Params: Static<typeof ProjectParams>; Querystring: Static<typeof ListFlagsQuery> }>(
    '/projects/:project/flags',
    {
      schema: {
        summary: 'List flags (view=summary: only what a list of flags shows)',
        tags,
        params: ProjectParams,
        querystring: ListFlagsQuery,
        response: { 200: Type.Union([FlagListSchema, FlagSummaryListSchema]), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const { view, ...filter } = request.query;
      const actor = requestActor(request);
      // Each view has its own compiled serializer: the documented union would make the
      // serializer try every branch against thousands of flags.
      const schema = view === 'summary' ? FlagSummaryListSchema : FlagListSchema;
      const flags =
        view === 'summary'
          ? await deps.queries.summaries(actor, request.params.project, filter)
          : await deps.queries.list(actor, request.params.project, filter);
      return reply
        .type('application/json; charset=utf-8')
        .serializer(reply.compileSerializationSchema(schema))
        .send({ flags });
    },
  );

  app.get<{ Params: Static<typeof FlagParams> }>(
    '/projects/:project/flags/:flag',
    {
      schema: {
        summary: 'Get a flag with its configuration per environment',
        tags,
        params: FlagParams,
        response: { 200: FlagSchema, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const flag = await deps.queries.get(requestActor(request), request.params.project, request.params.flag);
      reply.header('etag', versionEtag(flag.version));
      return flag;
    },
  );

  app.post<{ Params: Static<typeof ProjectParams>; Body: Static<typeof CreateFlagBody> }>(
    '/projects/:project/flags',
    {
      schema: {
        command: 'flag.create',
        summary: 'Create a flag (DISABLED in every environment)',
        tags,
        params: ProjectParams,
        body: CreateFlagBody,
        response: { 201: FlagSchema, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      const command = { action: 'flag.create', target: request.params, payload: request.body };
      const flag = (await deps.commands.execute(commandRequest(request, command))) as FlagView;
      reply.status(201).header('etag', versionEtag(flag.version));
      return flag;
    },
  );

  app.patch<{
    Params: Static<typeof FlagParams>;
    Body: Static<typeof UpdateFlagPayload>;
    Querystring: Static<typeof ForceQuery>;
  }>(
    '/projects/:project/flags/:flag',
    {
      schema: {
        command: 'flag.update',
        summary: 'Change a flag (If-Match: its ETag)',
        tags,
        params: FlagParams,
        querystring: ForceQuery,
        body: UpdateFlagPayload,
        response: { 200: FlagSchema, ...errorResponses(404, 409, 412) },
      },
    },
    async (request, reply) => {
      const command = { action: 'flag.update', target: request.params, payload: request.body };
      const flag = (await deps.commands.execute(commandRequest(request, command))) as FlagView;
      reply.header('etag', versionEtag(flag.version));
      return flag;
    },
  );

  app.delete<{ Params: Static<typeof FlagParams> }>(
    '/projects/:project/flags/:flag',
    {
      schema: {
        command: 'flag.delete',
        summary: 'Delete a flag from every environment (If-Match: its ETag)',
        tags,
        params: FlagParams,
        response: { 204: NoContent, ...errorResponses(404, 412) },
      },
    },
    async (request, reply) => {
      await deps.commands.execute(commandRequest(request, { action: 'flag.delete', target: request.params }));
      return reply.status(204).send();
    },
  );
}
