import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AdminContext } from '../http/admin-context.js';
import { EnvironmentParams, errorResponses } from '../http/common-schemas.js';
import { conflict, notFound } from '../http/errors.js';
import { requireEnvironment, requireProject } from '../http/lookups.js';
import { writeRequest } from '../http/request-context.js';
import { CreatedSdkKeySchema, SdkKeyListSchema, SdkKeySchema } from './sdk-key-response-schemas.js';
import { findSdkKey, insertSdkKey, listSdkKeys, revokeSdkKey, type SdkKey } from './sdk-key-store.js';

const CreateSdkKeyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    /** `server`: may sync the whole flag set; `client`: OFREP evaluation only. */
    kind: Type.Union([Type.Literal('server'), Type.Literal('client')]),
  },
  { additionalProperties: false },
);
const SdkKeyParams = Type.Object(
  {
    project: EnvironmentParams.properties.project,
    env: EnvironmentParams.properties.env,
    id: Type.String({ minLength: 1, maxLength: 100 }),
  },
  { additionalProperties: false },
);

const tags = ['sdk keys'];
const base = '/projects/:project/environments/:env/sdk-keys';
const config = { access: 'manage-keys' as const };

export function keyView(key: SdkKey, project: string, environment: string) {
  return {
    id: key.id,
    name: key.name,
    kind: key.kind,
    prefix: key.prefix,
    project,
    environment,
    createdAt: key.createdAt,
    revokedAt: key.revokedAt,
  };
}

export function registerSdkKeyRoutes(app: FastifyInstance, ctx: AdminContext): void {
  app.get<{ Params: Static<typeof EnvironmentParams> }>(
    base,
    {
      config,
      schema: {
        summary: "List an environment's SDK keys (never the keys themselves)",
        tags,
        params: EnvironmentParams,
        response: { 200: SdkKeyListSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const project = await requireProject(ctx.db, request.params.project);
      const environment = await requireEnvironment(ctx.db, project, request.params.env);
      const keys = await listSdkKeys(ctx.db, environment.id);
      return { sdkKeys: keys.map((k) => keyView(k, project.key, environment.key)) };
    },
  );

  app.post<{ Params: Static<typeof EnvironmentParams>; Body: Static<typeof CreateSdkKeyBody> }>(
    base,
    {
      config,
      schema: {
        summary: 'Create an SDK key; the answer is the only time the key is shown',
        tags,
        params: EnvironmentParams,
        body: CreateSdkKeyBody,
        response: { 201: CreatedSdkKeySchema, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const project = await requireProject(ctx.db, request.params.project);
      const { environment, key, secret } = await ctx.writes.commit(
        writeRequest(request),
        project,
        async (scope) => {
          const environment = await requireEnvironment(scope.tx, project, request.params.env);
          const created = await insertSdkKey(scope.tx, environment.id, request.body, scope.now);
          scope.audit({
            action: 'sdk-key.create',
            resourceType: 'sdk-key',
            resource: `projects/${project.key}/environments/${environment.key}/sdk-keys/${created.key.id}`,
            projectKey: project.key,
            environmentKey: environment.key,
            before: null,
            after: keyView(created.key, project.key, environment.key),
          });
          return { environment, ...created };
        },
      );
      ctx.sdkKeys.add(key);
      reply.status(201);
      return { ...keyView(key, project.key, environment.key), key: secret };
    },
  );

  app.delete<{ Params: Static<typeof SdkKeyParams> }>(
    `${base}/:id`,
    {
      config,
      schema: {
        summary: 'Revoke an SDK key (effective immediately)',
        tags,
        params: SdkKeyParams,
        response: { 200: SdkKeySchema, ...errorResponses(404, 409) },
      },
    },
    async (request) => {
      const project = await requireProject(ctx.db, request.params.project);
      const { environment, revoked } = await ctx.writes.commit(
        writeRequest(request),
        project,
        async (scope) => {
          const environment = await requireEnvironment(scope.tx, project, request.params.env);
          const current = await findSdkKey(scope.tx, environment.id, request.params.id);
          if (!current)
            throw notFound(
              `SDK key "${request.params.id}" does not exist in environment "${environment.key}"`,
            );
          if (current.revokedAt !== null) throw conflict(`SDK key "${current.id}" is already revoked`);
          const revoked = await revokeSdkKey(scope.tx, current.id, scope.now);
          scope.audit({
            action: 'sdk-key.revoke',
            resourceType: 'sdk-key',
            resource: `projects/${project.key}/environments/${environment.key}/sdk-keys/${current.id}`,
            projectKey: project.key,
            environmentKey: environment.key,
            before: keyView(current, project.key, environment.key),
            after: keyView(revoked, project.key, environment.key),
          });
          return { environment, revoked };
        },
      );
      ctx.sdkKeys.revoke(revoked);
      return keyView(revoked, project.key, environment.key);
    },
  );
}
