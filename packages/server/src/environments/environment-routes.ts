import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AdminContext } from '../http/admin-context.js';
import {
  EnvironmentParams,
  errorResponses,
  NoContent,
  ProjectParams,
  ShortText,
  SlugKey,
} from '../http/common-schemas.js';
import { conflict } from '../http/errors.js';
import { assertVersion, expectedVersion, versionEtag } from '../http/etag.js';
import { requireEnvironment, requireProject } from '../http/lookups.js';
import { writeRequest } from '../http/request-context.js';
import { isUniqueViolation } from '../storage/unique-violation.js';
import { createEnvironment, environmentView } from './create-environment.js';
import { EnvironmentListSchema, EnvironmentSchema } from './environment-response-schemas.js';
import { deleteEnvironment, findEnvironment, listEnvironments } from './environment-store.js';

const CreateEnvironmentBody = Type.Object(
  { key: SlugKey, name: Type.Optional(ShortText) },
  { additionalProperties: false },
);

export function registerEnvironmentRoutes(app: FastifyInstance, ctx: AdminContext): void {
  app.get<{ Params: Static<typeof ProjectParams> }>(
    '/projects/:project/environments',
    {
      schema: {
        summary: 'List environments',
        tags: ['environments'],
        params: ProjectParams,
        response: { 200: EnvironmentListSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const project = await requireProject(ctx.db, request.params.project);
      const environments = await listEnvironments(ctx.db, project.id);
      return { environments: environments.map((e) => environmentView(e, project.key)) };
    },
  );

  app.get<{ Params: Static<typeof EnvironmentParams> }>(
    '/projects/:project/environments/:env',
    {
      schema: {
        summary: 'Get an environment',
        tags: ['environments'],
        params: EnvironmentParams,
        response: { 200: EnvironmentSchema, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const project = await requireProject(ctx.db, request.params.project);
      const environment = await requireEnvironment(ctx.db, project, request.params.env);
      reply.header('etag', versionEtag(environment.version));
      return environmentView(environment, project.key);
    },
  );

  app.post<{ Params: Static<typeof ProjectParams>; Body: Static<typeof CreateEnvironmentBody> }>(
    '/projects/:project/environments',
    {
      schema: {
        summary: 'Create an environment (every flag starts DISABLED in it)',
        tags: ['environments'],
        params: ProjectParams,
        body: CreateEnvironmentBody,
        response: { 201: EnvironmentSchema, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      const project = await requireProject(ctx.db, request.params.project);
      const { key } = request.body;
      try {
        await ctx.writes.commit(writeRequest(request), project, async (scope) => {
          if (await findEnvironment(scope.tx, project.id, key)) {
            throw conflict(`environment "${key}" already exists in project "${project.key}"`);
          }
          return createEnvironment(scope, project, request.body);
        });
      } catch (error) {
        if (isUniqueViolation(error))
          throw conflict(`environment "${key}" already exists in project "${project.key}"`);
        throw error;
      }
      const created = await requireEnvironment(ctx.db, project, key);
      reply.status(201).header('etag', versionEtag(created.version));
      return environmentView(created, project.key);
    },
  );

  app.delete<{ Params: Static<typeof EnvironmentParams> }>(
    '/projects/:project/environments/:env',
    {
      schema: {
        summary:
          'Delete an environment with its flag configurations, segments and SDK keys (If-Match: its ETag)',
        tags: ['environments'],
        params: EnvironmentParams,
        response: { 204: NoContent, ...errorResponses(404, 412) },
      },
    },
    async (request, reply) => {
      const expected = expectedVersion(request.headers['if-match']);
      const project = await requireProject(ctx.db, request.params.project);
      await ctx.writes.commit(writeRequest(request), project, async (scope) => {
        const current = await requireEnvironment(scope.tx, project, request.params.env);
        assertVersion(`environment "${current.key}"`, current.version, expected);
        await deleteEnvironment(scope.tx, current.id);
        scope.audit({
          action: 'environment.delete',
          resourceType: 'environment',
          resource: `projects/${project.key}/environments/${current.key}`,
          projectKey: project.key,
          environmentKey: current.key,
          before: environmentView(current, project.key),
          after: null,
        });
      });
      return reply.status(204).send();
    },
  );
}
