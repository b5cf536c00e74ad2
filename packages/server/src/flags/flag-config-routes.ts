import type { Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CommandExecutor } from '../commands/command-executor.js';
import { commandRequest } from '../commands/command-request.js';
import { EnvironmentFlagParams, errorResponses } from '../http/common-schemas.js';
import { versionEtag } from '../http/etag.js';
import { requestActor } from '../http/request-actor.js';
import { EnvironmentFlagConfigSchema } from './flag-config-response-schemas.js';
import type { FlagConfigQueries, FlagConfigView } from './flag-config-service.js';
import { ReplaceFlagConfigPayload, UpdateFlagConfigPayload } from './flag-schemas.js';

type Params = Static<typeof EnvironmentFlagParams>;
const tags = ['flag configuration'];
const path = '/projects/:project/environments/:env/flags/:flag';

export function registerFlagConfigRoutes(
  app: FastifyInstance,
  deps: { queries: FlagConfigQueries; commands: CommandExecutor },
): void {
  const write =
    (action: 'flag-config.replace' | 'flag-config.update') =>
    async (request: FastifyRequest<{ Params: Params; Body: unknown }>, reply: FastifyReply) => {
      const { project, env, flag } = request.params;
      const command = { action, target: { project, environment: env, flag }, payload: request.body };
      const config = (await deps.commands.execute(commandRequest(request, command))) as FlagConfigView;
      reply.header('etag', versionEtag(config.version));
      return config;
    };

  app.get<{ Params: Params }>(
    path,
    {
      schema: {
        summary: "Get a flag's configuration in an environment",
        tags,
        params: EnvironmentFlagParams,
        response: { 200: EnvironmentFlagConfigSchema, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const { project, env, flag } = request.params;
      const config = await deps.queries.get(requestActor(request), project, env, flag);
      reply.header('etag', versionEtag(config.version));
      return config;
    },
  );

  app.put<{ Params: Params; Body: Static<typeof ReplaceFlagConfigPayload> }>(
    path,
    {
      schema: {
        command: 'flag-config.replace',
        summary: "Replace a flag's configuration in an environment (If-Match: its ETag)",
        tags,
        params: EnvironmentFlagParams,
        body: ReplaceFlagConfigPayload,
        response: { 200: EnvironmentFlagConfigSchema, ...errorResponses(404, 412) },
      },
    },
    write('flag-config.replace'),
  );

  app.patch<{ Params: Params; Body: Static<typeof UpdateFlagConfigPayload> }>(
    path,
    {
      schema: {
        command: 'flag-config.update',
        summary: "Change part of a flag's configuration in an environment (If-Match: its ETag)",
        tags,
        params: EnvironmentFlagParams,
        body: UpdateFlagConfigPayload,
        response: { 200: EnvironmentFlagConfigSchema, ...errorResponses(404, 412) },
      },
    },
    write('flag-config.update'),
  );
}
