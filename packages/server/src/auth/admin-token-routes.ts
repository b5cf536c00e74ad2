import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AdminContext } from '../http/admin-context.js';
import { errorResponses } from '../http/common-schemas.js';
import { conflict, notFound } from '../http/errors.js';
import { writeRequest } from '../http/request-context.js';
import {
  AdminTokenListSchema,
  AdminTokenSchema,
  CreatedAdminTokenSchema,
} from './admin-token-response-schemas.js';
import {
  type AdminToken,
  countActiveAdmins,
  findAdminTokenById,
  insertAdminToken,
  listAdminTokens,
  revokeAdminToken,
} from './admin-token-store.js';
import { roles } from './roles.js';

const CreateTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    role: Type.Union(roles.map((r) => Type.Literal(r))),
  },
  { additionalProperties: false },
);
const TokenParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);

const tags = ['admin tokens'];
const config = { access: 'manage-keys' as const };

export function tokenView(token: AdminToken) {
  return token;
}

export function registerAdminTokenRoutes(app: FastifyInstance, ctx: AdminContext): void {
  app.get(
    '/admin-tokens',
    {
      config,
      schema: {
        summary: 'List admin tokens (never the tokens themselves)',
        tags,
        response: { 200: AdminTokenListSchema, ...errorResponses() },
      },
    },
    async () => ({
      adminTokens: (await listAdminTokens(ctx.db)).map(tokenView),
    }),
  );

  app.post<{ Body: Static<typeof CreateTokenBody> }>(
    '/admin-tokens',
    {
      config,
      schema: {
        summary: 'Create an admin token; the answer is the only time it is shown',
        tags,
        body: CreateTokenBody,
        response: { 201: CreatedAdminTokenSchema, ...errorResponses() },
      },
    },
    async (request, reply) => {
      const created = await ctx.writes.commitOutsideFlagSets(writeRequest(request), async (scope) => {
        const created = await insertAdminToken(scope.tx, request.body, scope.now);
        scope.audit({
          action: 'admin-token.create',
          resourceType: 'admin-token',
          resource: `admin-tokens/${created.token.id}`,
          before: null,
          after: tokenView(created.token),
        });
        return created;
      });
      reply.status(201);
      return { ...tokenView(created.token), token: created.secret };
    },
  );

  app.delete<{ Params: Static<typeof TokenParams> }>(
    '/admin-tokens/:id',
    {
      config,
      schema: {
        summary: 'Revoke an admin token (the last admin token cannot be revoked)',
        tags,
        params: TokenParams,
        response: { 200: AdminTokenSchema, ...errorResponses(404, 409) },
      },
    },
    async (request) => {
      return ctx.writes.commitOutsideFlagSets(writeRequest(request), async (scope) => {
        const current = await findAdminTokenById(scope.tx, request.params.id);
        if (!current) throw notFound(`admin token "${request.params.id}" does not exist`);
        if (current.revokedAt !== null) throw conflict(`admin token "${current.id}" is already revoked`);
        if (current.role === 'admin' && (await countActiveAdmins(scope.tx)) <= 1) {
          throw conflict('the last admin token cannot be revoked: create another admin token first');
        }
        await revokeAdminToken(scope.tx, current.id, scope.now);
        const revoked = { ...current, revokedAt: scope.now };
        scope.audit({
          action: 'admin-token.revoke',
          resourceType: 'admin-token',
          resource: `admin-tokens/${current.id}`,
          before: tokenView(current),
          after: tokenView(revoked),
        });
        return tokenView(revoked);
      });
    },
  );
}
