import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { CommandExecutor } from '../commands/command-executor.js';
import { commandRequest } from '../commands/command-request.js';
import { EnvironmentParams, errorResponses } from '../http/common-schemas.js';
import { versionEtag } from '../http/etag.js';
import { requestActor } from '../http/request-actor.js';
import { FlagSetDocumentSchema, FlagSetImportResultSchema } from './flag-set-response-schemas.js';
import type { FlagSetQueries } from './flag-set-service.js';
import { FlagSetPayload, type ImportOutcome } from './import-flag-set.js';

const tags = ['flag sets'];
const path = '/projects/:project/environments/:env/flagset';

export function registerFlagSetRoutes(
  app: FastifyInstance,
  deps: { queries: FlagSetQueries; commands: CommandExecutor },
): void {
  app.get<{ Params: Static<typeof EnvironmentParams> }>(
    path,
    {
      schema: {
        summary: "The environment's flag set as a flagd document (ETag: the environment version)",
        tags,
        params: EnvironmentParams,
        response: { 200: FlagSetDocumentSchema, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const { project, env } = request.params;
      const { environment, document } = await deps.queries.get(requestActor(request), project, env);
      reply.header('etag', versionEtag(environment.version));
      return document;
    },
  );

  app.put<{ Params: Static<typeof EnvironmentParams>; Body: Static<typeof FlagSetPayload> }>(
    path,
    {
      schema: {
        command: 'flagset.import',
        summary: "Replace the environment's flag set from a flagd document (all or nothing)",
        tags,
        params: EnvironmentParams,
        body: FlagSetPayload,
        response: { 200: FlagSetImportResultSchema, ...errorResponses(404, 412) },
      },
    },
    async (request, reply) => {
      const { project, env } = request.params;
      const command = {
        action: 'flagset.import',
        target: { project, environment: env },
        payload: request.body,
      };
      const outcome = (await deps.commands.execute(commandRequest(request, command))) as ImportOutcome & {
        segments: ImportOutcome;
      };
      // The version the import committed (read after it: the commit bumps it).
      const { environment } = await deps.queries.get(requestActor(request), project, env);
      reply.header('etag', versionEtag(environment.version));
      return { version: environment.version, ...outcome };
    },
  );
}
