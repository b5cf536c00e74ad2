import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { createEnvironment } from '../environments/create-environment.js';
import { deleteEnvironment, listEnvironments } from '../environments/environment-store.js';
import type { AdminContext } from '../http/admin-context.js';
import {
  errorResponses,
  LongText,
  NoContent,
  ProjectParams,
  ShortText,
  SlugKey,
} from '../http/common-schemas.js';
import { conflict } from '../http/errors.js';
import { assertVersion, expectedVersion, versionEtag } from '../http/etag.js';
import { requireProject } from '../http/lookups.js';
import { writeRequest } from '../http/request-context.js';
import { isUniqueViolation } from '../storage/unique-violation.js';
import { ProjectListSchema, ProjectSchema } from './project-response-schemas.js';
import {
  deleteProjectRow,
  findProject,
  insertProject,
  listProjects,
  type Project,
  updateProject,
} from './project-store.js';

const CreateProjectBody = Type.Object(
  {
    key: SlugKey,
    name: Type.Optional(ShortText),
    description: Type.Optional(LongText),
    environments: Type.Optional(
      Type.Array(
        Type.Object({ key: SlugKey, name: Type.Optional(ShortText) }, { additionalProperties: false }),
        { maxItems: 50, uniqueItems: true },
      ),
    ),
  },
  { additionalProperties: false },
);

const PatchProjectBody = Type.Object(
  { name: Type.Optional(ShortText), description: Type.Optional(LongText) },
  { additionalProperties: false, minProperties: 1 },
);

export function projectView(project: Project) {
  const { id: _id, ...view } = project;
  return view;
}

export function registerProjectRoutes(app: FastifyInstance, ctx: AdminContext): void {
  app.get(
    '/projects',
    {
      schema: {
        summary: 'List projects',
        tags: ['projects'],
        response: { 200: ProjectListSchema, ...errorResponses() },
      },
    },
    async () => ({ projects: (await listProjects(ctx.db)).map(projectView) }),
  );

  app.get<{ Params: Static<typeof ProjectParams> }>(
    '/projects/:project',
    {
      schema: {
        summary: 'Get a project',
        tags: ['projects'],
        params: ProjectParams,
        response: { 200: ProjectSchema, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const project = await requireProject(ctx.db, request.params.project);
      reply.header('etag', versionEtag(project.version));
      return projectView(project);
    },
  );

  app.post<{ Body: Static<typeof CreateProjectBody> }>(
    '/projects',
    {
      schema: {
        summary: 'Create a project (optionally with environments)',
        tags: ['projects'],
        body: CreateProjectBody,
        response: { 201: ProjectSchema, ...errorResponses(409) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      try {
        const project = await ctx.writes.commitNewProject(writeRequest(request), async (scope) => {
          const project = await insertProject(
            scope.tx,
            { key: body.key, name: body.name ?? body.key, description: body.description ?? '' },
            scope.now,
          );
          scope.audit({
            action: 'project.create',
            resourceType: 'project',
            resource: `projects/${project.key}`,
            projectKey: project.key,
            before: null,
            after: projectView(project),
          });
          for (const env of body.environments ?? []) await createEnvironment(scope, project, env);
          return { project, result: project };
        });
        reply.status(201).header('etag', versionEtag(project.version));
        return projectView(project);
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict(`project "${body.key}" already exists`);
        throw error;
      }
    },
  );

  app.patch<{ Params: Static<typeof ProjectParams>; Body: Static<typeof PatchProjectBody> }>(
    '/projects/:project',
    {
      schema: {
        summary: "Change a project's name or description (If-Match: its ETag)",
        tags: ['projects'],
        params: ProjectParams,
        body: PatchProjectBody,
        response: { 200: ProjectSchema, ...errorResponses(404, 412) },
      },
    },
    async (request, reply) => {
      const expected = expectedVersion(request.headers['if-match']);
      const project = await requireProject(ctx.db, request.params.project);
      const updated = await ctx.writes.commit(writeRequest(request), project, async (scope) => {
        const current = (await findProject(scope.tx, project.key)) ?? project;
        assertVersion(`project "${project.key}"`, current.version, expected);
        const next = await updateProject(
          scope.tx,
          current,
          {
            name: request.body.name ?? current.name,
            description: request.body.description ?? current.description,
          },
          scope.now,
        );
        scope.audit({
          action: 'project.update',
          resourceType: 'project',
          resource: `projects/${project.key}`,
          projectKey: project.key,
          before: projectView(current),
          after: projectView(next),
        });
        return next;
      });
      reply.header('etag', versionEtag(updated.version));
      return projectView(updated);
    },
  );

  app.delete<{ Params: Static<typeof ProjectParams> }>(
    '/projects/:project',
    {
      schema: {
        summary:
          'Delete a project with all its environments, flags, segments and SDK keys (If-Match: its ETag)',
        tags: ['projects'],
        params: ProjectParams,
        response: { 204: NoContent, ...errorResponses(404, 412) },
      },
    },
    async (request, reply) => {
      const expected = expectedVersion(request.headers['if-match']);
      const project = await requireProject(ctx.db, request.params.project);
      await ctx.writes.commit(writeRequest(request), project, async (scope) => {
        const current = (await findProject(scope.tx, project.key)) ?? project;
        assertVersion(`project "${project.key}"`, current.version, expected);
        for (const environment of await listEnvironments(scope.tx, project.id)) {
          await deleteEnvironment(scope.tx, environment.id);
        }
        await deleteProjectRow(scope.tx, project.id);
        scope.audit({
          action: 'project.delete',
          resourceType: 'project',
          resource: `projects/${project.key}`,
          projectKey: project.key,
          before: projectView(current),
          after: null,
        });
      });
      return reply.status(204).send();
    },
  );
}
