import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { CommandExecutor } from '../commands/command-executor.js';
import { commandRequest } from '../commands/command-request.js';
import { errorResponses, NoContent, ProjectParams } from '../http/common-schemas.js';
import { versionEtag } from '../http/etag.js';
import { requestActor } from '../http/request-actor.js';
import { ProjectListSchema, ProjectSchema } from './project-response-schemas.js';
import {
  CreateProjectPayload,
  type ProjectQueries,
  type ProjectView,
  projectView,
  UpdateProjectPayload,
} from './project-service.js';

const tags = ['projects'];

export function registerProjectRoutes(
  app: FastifyInstance,
  deps: { queries: ProjectQueries; commands: CommandExecutor },
): void {
  app.get(
    '/projects',
    {
      schema: {
        summary: 'List projects (those the token can read)',
        tags,
        response: { 200: ProjectListSchema, ...errorResponses() },
      },
    },
    async (request) => ({ projects: (await deps.queries.list(requestActor(request))).map(projectView) }),
  );

  app.get<{ Params: Static<typeof ProjectParams> }>(
    '/projects/:project',
    {
      schema: {
        summary: 'Get a project',
        tags,
        params: ProjectParams,
        response: { 200: ProjectSchema, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const project = await deps.queries.get(requestActor(request), request.params.project);
      reply.header('etag', versionEtag(project.version));
      return projectView(project);
    },
  );

  app.post<{ Body: Static<typeof CreateProjectPayload> }>(
    '/projects',
    {
      schema: {
        command: 'project.create',
        summary: 'Create a project (optionally with environments)',
        tags,
        body: CreateProjectPayload,
        response: { 201: ProjectSchema, ...errorResponses(409) },
      },
    },
    async (request, reply) => {
      const command = { action: 'project.create', target: {}, payload: request.body };
      const project = (await deps.commands.execute(commandRequest(request, command))) as ProjectView;
      reply.status(201).header('etag', versionEtag(project.version));
      return project;
    },
  );

  app.patch<{ Params: Static<typeof ProjectParams>; Body: Static<typeof UpdateProjectPayload> }>(
    '/projects/:project',
    {
      schema: {
        command: 'project.update',
        summary: "Change a project's name or description (If-Match: its ETag)",
        tags,
        params: ProjectParams,
        body: UpdateProjectPayload,
        response: { 200: ProjectSchema, ...errorResponses(404, 412) },
      },
    },
    async (request, reply) => {
      const command = { action: 'project.update', target: request.params, payload: request.body };
      const project = (await deps.commands.execute(commandRequest(request, command))) as ProjectView;
      reply.header('etag', versionEtag(project.version));
      return project;
    },
  );

  app.delete<{ Params: Static<typeof ProjectParams> }>(
    '/projects/:project',
    {
      schema: {
        command: 'project.delete',
        summary:
          'Delete a project with all its environments, flags, segments and SDK keys (If-Match: its ETag)',
        tags,
        params: ProjectParams,
        response: { 204: NoContent, ...errorResponses(404, 412) },
      },
    },
    async (request, reply) => {
      await deps.commands.execute(
        commandRequest(request, { action: 'project.delete', target: request.params }),
      );
      return reply.status(204).send();
    },
  );
}
