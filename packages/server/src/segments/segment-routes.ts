import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { CommandExecutor } from '../commands/command-executor.js';
import { commandRequest } from '../commands/command-request.js';
import { EnvironmentParams, errorResponses, NoContent } from '../http/common-schemas.js';
import { versionEtag } from '../http/etag.js';
import { requestActor } from '../http/request-actor.js';
import { SegmentListSchema, SegmentSchema } from './segment-response-schemas.js';
import {
  CreateSegmentPayload,
  SegmentKey,
  type SegmentQueries,
  type SegmentView,
  segmentView,
  UpdateSegmentPayload,
} from './segment-service.js';

const SegmentParams = Type.Object(
  {
    project: EnvironmentParams.properties.project,
    env: EnvironmentParams.properties.env,
    segment: SegmentKey,
  },
  { additionalProperties: false },
);

type Params = Static<typeof SegmentParams>;
const tags = ['segments'];
const base = '/projects/:project/environments/:env/segments';
const target = (params: { project: string; env: string; segment?: string }) => ({
  project: params.project,
  environment: params.env,
  ...(params.segment !== undefined && { segment: params.segment }),
});

export function registerSegmentRoutes(
  app: FastifyInstance,
  deps: { queries: SegmentQueries; commands: CommandExecutor },
): void {
  app.get<{ Params: Static<typeof EnvironmentParams> }>(
    base,
    {
      schema: {
        summary: "List an environment's segments",
        tags,
        params: EnvironmentParams,
        response: { 200: SegmentListSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const { project, env } = request.params;
      return { segments: (await deps.queries.list(requestActor(request), project, env)).map(segmentView) };
    },
  );

  app.get<{ Params: Params }>(
    `${base}/:segment`,
    {
      schema: {
        summary: 'Get a segment',
        tags,
        params: SegmentParams,
        response: { 200: SegmentSchema, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const { project, env, segment: key } = request.params;
      const segment = await deps.queries.get(requestActor(request), project, env, key);
      reply.header('etag', versionEtag(segment.version));
      return segmentView(segment);
    },
  );

  app.post<{ Params: Static<typeof EnvironmentParams>; Body: Static<typeof CreateSegmentPayload> }>(
    base,
    {
      schema: {
        command: 'segment.create',
        summary: 'Create a segment (published as $evaluators)',
        tags,
        params: EnvironmentParams,
        body: CreateSegmentPayload,
        response: { 201: SegmentSchema, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      const command = { action: 'segment.create', target: target(request.params), payload: request.body };
      const segment = (await deps.commands.execute(commandRequest(request, command))) as SegmentView;
      reply.status(201).header('etag', versionEtag(segment.version));
      return segment;
    },
  );

  app.patch<{ Params: Params; Body: Static<typeof UpdateSegmentPayload> }>(
    `${base}/:segment`,
    {
      schema: {
        command: 'segment.update',
        summary: 'Change a segment (If-Match: its ETag)',
        tags,
        params: SegmentParams,
        body: UpdateSegmentPayload,
        response: { 200: SegmentSchema, ...errorResponses(404, 412) },
      },
    },
    async (request, reply) => {
      const command = { action: 'segment.update', target: target(request.params), payload: request.body };
      const segment = (await deps.commands.execute(commandRequest(request, command))) as SegmentView;
      reply.header('etag', versionEtag(segment.version));
      return segment;
    },
  );

  app.delete<{ Params: Params }>(
    `${base}/:segment`,
    {
      schema: {
        command: 'segment.delete',
        summary: 'Delete a segment (refused while targeting refers to it)',
        tags,
        params: SegmentParams,
        response: { 204: NoContent, ...errorResponses(404, 412) },
      },
    },
    async (request, reply) => {
      await deps.commands.execute(
        commandRequest(request, { action: 'segment.delete', target: target(request.params) }),
      );
      return reply.status(204).send();
    },
  );
}
