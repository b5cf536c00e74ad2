import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { CommandExecutor } from '../commands/command-executor.js';
import { commandRequest } from '../commands/command-request.js';
import { EnvironmentParams, errorResponses } from '../http/common-schemas.js';
import { requestActor } from '../http/request-actor.js';
import { ResourceId } from '../kernel/field-schemas.js';
import { CreatedSdkKeySchema, SdkKeyListSchema, SdkKeySchema } from './sdk-key-response-schemas.js';
import { CreateSdkKeyPayload, type SdkKeyQueries } from './sdk-key-service.js';

const SdkKeyParams = Type.Object(
  {
    project: EnvironmentParams.properties.project,
    env: EnvironmentParams.properties.env,
    id: ResourceId,
  },
  { additionalProperties: false },
);

const tags = ['sdk keys'];
const base = '/projects/:project/environments/:env/sdk-keys';

export function registerSdkKeyRoutes(
  app: FastifyInstance,
  deps: { queries: SdkKeyQueries; commands: CommandExecutor },
): void {
  app.get<{ Params: Static<typeof EnvironmentParams> }>(
    base,
    {
      schema: {
        summary: "List an environment's SDK keys (never the keys themselves)",
        tags,
        params: EnvironmentParams,
        response: { 200: SdkKeyListSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const { project, env } = request.params;
      return { sdkKeys: await deps.queries.list(requestActor(request), project, env) };
    },
  );

  app.post<{ Params: Static<typeof EnvironmentParams>; Body: Static<typeof CreateSdkKeyPayload> }>(
    base,
    {
      schema: {
        command: 'sdk-key.create',
        summary: 'Create an SDK key; the answer is the only time the key is shown',
        tags,
        params: EnvironmentParams,
        body: CreateSdkKeyPayload,
        response: { 201: CreatedSdkKeySchema, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const { project, env } = request.params;
      const command = {
        action: 'sdk-key.create',
        target: { project, environment: env },
        payload: request.body,
      };
      const created = await deps.commands.execute(commandRequest(request, command));
      reply.status(201);
      return created;
    },
  );

  app.delete<{ Params: Static<typeof SdkKeyParams> }>(
    `${base}/:id`,
    {
      schema: {
        command: 'sdk-key.revoke',
        summary: 'Revoke an SDK key (effective immediately, open streams included)',
        tags,
        params: SdkKeyParams,
        response: { 200: SdkKeySchema, ...errorResponses(404, 409) },
      },
    },
    async (request) => {
      const { project, env, id } = request.params;
      const command = { action: 'sdk-key.revoke', target: { project, environment: env, id } };
      return deps.commands.execute(commandRequest(request, command));
    },
  );
}
