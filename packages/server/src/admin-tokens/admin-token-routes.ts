import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { CommandExecutor } from '../commands/command-executor.js';
import { commandRequest } from '../commands/command-request.js';
import { errorResponses } from '../http/common-schemas.js';
import { requestActor } from '../http/request-actor.js';
import { ResourceId } from '../kernel/field-schemas.js';
import {
  AdminTokenListSchema,
  AdminTokenSchema,
  CreatedAdminTokenSchema,
} from './admin-token-response-schemas.js';
import { CreateAdminTokenPayload, UpdateAdminTokenPayload } from './admin-token-schemas.js';
import { type AdminTokenQueries, tokenView } from './admin-token-service.js';

const TokenParams = Type.Object({ id: ResourceId }, { additionalProperties: false });
const tags = ['admin tokens'];

export function registerAdminTokenRoutes(
  app: FastifyInstance,
  deps: { queries: AdminTokenQueries; commands: CommandExecutor },
): void {
  app.get(
    '/admin-tokens',
    {
      schema: {
        summary: 'List admin tokens (never the tokens themselves)',
        tags,
        response: { 200: AdminTokenListSchema, ...errorResponses() },
      },
    },
    async (request) => ({ adminTokens: (await deps.queries.list(requestActor(request))).map(tokenView) }),
  );

  app.post<{ Body: Static<typeof CreateAdminTokenPayload> }>(
    '/admin-tokens',
    {
      schema: {
        command: 'admin-token.create',
        summary:
          'Create an admin token (optionally limited to projects, or with grants per environment); shown once',
        tags,
        body: CreateAdminTokenPayload,
        response: { 201: CreatedAdminTokenSchema, ...errorResponses() },
      },
    },
    async (request, reply) => {
      const command = { action: 'admin-token.create', target: {}, payload: request.body };
      const created = await deps.commands.execute(commandRequest(request, command));
      reply.status(201);
      return created;
    },
  );

  app.patch<{ Params: Static<typeof TokenParams>; Body: Static<typeof UpdateAdminTokenPayload> }>(
    '/admin-tokens/:id',
    {
      schema: {
        command: 'admin-token.update',
        summary: "Change an admin token's name, role or reach (the last admin token cannot be demoted)",
        tags,
        params: TokenParams,
        body: UpdateAdminTokenPayload,
        response: { 200: AdminTokenSchema, ...errorResponses(404, 409) },
      },
    },
    async (request) => {
      const command = { action: 'admin-token.update', target: request.params, payload: request.body };
      return deps.commands.execute(commandRequest(request, command));
    },
  );

  app.delete<{ Params: Static<typeof TokenParams> }>(
    '/admin-tokens/:id',
    {
      schema: {
        command: 'admin-token.revoke',
        summary: 'Revoke an admin token (the last admin token cannot be revoked)',
        tags,
        params: TokenParams,
        response: { 200: AdminTokenSchema, ...errorResponses(404, 409) },
      },
    },
    async (request) => {
      return deps.commands.execute(
        commandRequest(request, { action: 'admin-token.revoke', target: request.params }),
      );
    },
  );
}
