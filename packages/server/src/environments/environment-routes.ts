import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { CommandExecutor } from '../commands/command-executor.js';
import { commandRequest } from '../commands/command-request.js';
import { EnvironmentParams, errorResponses, NoContent, ProjectParams } from '../http/common-schemas.js';
import { versionEtag } from '../http/etag.js';
import { requestActor } from '../http/request-actor.js';
import { EnvironmentListSchema, EnvironmentSchema } from './environment-response-schemas.js';
import { CreateEnvironmentPayload, type EnvironmentQueries, environmentView } from './environment-service.js';

const tags = ['environments'];

export function registerEnvironmentRoutes(
  app: FastifyInstance,
  deps: { queries: EnvironmentQueries; commands: CommandExecutor },
): void {
  app.get<{ Params: Static<typeof ProjectParams> }>(
    '/projects/:project/environments',
    {
      schema: {
        summary: 'List environments',
        tags,
        params: ProjectParams,
        response: { 200: EnvironmentListSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const { project, environments } = await deps.queries.list(
        requestActor(request),
        request.params.project,
      );
      return { environments: environments.map((e) => environmentView(e, project.key)) };
    },
  );

  app.get<{ Params: Static<typeof EnvironmentParams> }>(
    '/projects/:project/environments/:env',
    {
      schema: {
        summary: 'Get an environment',
        tags,
        params: EnvironmentParams,
        response: { 200: EnvironmentSchema, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const { project, env } = request.params;
      const environment = await deps.queries.get(requestActor(request), project, env);
      reply.header('etag', versionEtag(environment.version));
      return environmentView(environment, project);
    },
  );

  app.post<{ Params: Static<typeof ProjectParams>; Body: Static<typeof CreateEnvironmentPayload> }>(
    '/projects/:project/environments',
    {
      schema: {
        command: 'environment.create',
        summary: 'Create an environment (every flag starts DISABLED in it)',
        tags,
        params: ProjectParams,
        body: CreateEnvironmentPayload,
        response: { 201: EnvironmentSchema, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      const command = { action: 'environment.create', target: request.params, payload: request.body };
      await deps.commands.execute(commandRequest(request, command));
      // Read after the commit: the environment's version is that of its first flag set.
      const { project } = request.params;
      const created = await deps.queries.get(requestActor(request), project, request.body.key);
      reply.status(201).header('etag', versionEtag(created.version));
      return environmentView(created, project);
    },
  );

  app.delete<{ Params: Static<typeof EnvironmentParams> }>(
    '/projects/:project/environments/:env',
    {
      schema: {
        command: 'environment.delete',
        summary:
          'Delete an environment with its flag configurations, segments and SDK keys (If-Match: its ETag)',
        tags,
        params: EnvironmentParams,
        response: { 204: NoContent, ...errorResponses(404, 412) },
      },
    },
    async (request, reply) => {
      const { project, env } = request.params;
      const command = { action: 'environment.delete', target: { project, environment: env } };
      await deps.commands.execute(commandRequest(request, command));
      return reply.status(204).send();
    },
  );
}
