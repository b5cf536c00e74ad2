import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AdminContext } from '../http/admin-context.js';
import {
  EnvironmentParams,
  errorResponses,
  JsonObjectSchema,
  LongText,
  NoContent,
  ShortText,
} from '../http/common-schemas.js';
import { conflict, notFound } from '../http/errors.js';
import { assertVersion, expectedVersion, versionEtag } from '../http/etag.js';
import { requireEnvironment, requireProject } from '../http/lookups.js';
import { writeRequest } from '../http/request-context.js';
import type { Tx } from '../storage/transaction.js';
import { isUniqueViolation } from '../storage/unique-violation.js';
import { SegmentListSchema, SegmentSchema } from './segment-response-schemas.js';
import {
  deleteSegment,
  findSegment,
  insertSegment,
  listSegments,
  type Segment,
  updateSegment,
} from './segment-store.js';

/** Segment keys become `$evaluators` names, referenced from targeting as `{"$ref": "<key>"}`. */
const SegmentKey = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', minLength: 1, maxLength: 200 });
const SegmentParams = Type.Object(
  {
    project: EnvironmentParams.properties.project,
    env: EnvironmentParams.properties.env,
    segment: SegmentKey,
  },
  { additionalProperties: false },
);
const CreateSegmentBody = Type.Object(
  {
    key: SegmentKey,
    name: Type.Optional(ShortText),
    description: Type.Optional(LongText),
    /** A JSON Logic condition. */
    rule: JsonObjectSchema,
  },
  { additionalProperties: false },
);
const PatchSegmentBody = Type.Object(
  {
    name: Type.Optional(ShortText),
    description: Type.Optional(LongText),
    rule: Type.Optional(JsonObjectSchema),
  },
  { additionalProperties: false, minProperties: 1 },
);

type Params = Static<typeof SegmentParams>;
const tags = ['segments'];
const base = '/projects/:project/environments/:env/segments';

export function segmentView(segment: Segment) {
  const { id: _id, environmentId: _env, ...view } = segment;
  return view;
}

export function registerSegmentRoutes(app: FastifyInstance, ctx: AdminContext): void {
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
      const project = await requireProject(ctx.db, request.params.project);
      const environment = await requireEnvironment(ctx.db, project, request.params.env);
      return { segments: (await listSegments(ctx.db, [environment.id])).map(segmentView) };
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
      const project = await requireProject(ctx.db, request.params.project);
      const environment = await requireEnvironment(ctx.db, project, request.params.env);
      const segment = await requireSegment(ctx.db, environment.id, request.params.segment);
      reply.header('etag', versionEtag(segment.version));
      return segmentView(segment);
    },
  );

  app.post<{ Params: Static<typeof EnvironmentParams>; Body: Static<typeof CreateSegmentBody> }>(
    base,
    {
      schema: {
        summary: 'Create a segment (published as $evaluators)',
        tags,
        params: EnvironmentParams,
        body: CreateSegmentBody,
        response: { 201: SegmentSchema, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      const project = await requireProject(ctx.db, request.params.project);
      const body = request.body;
      const exists = () =>
        conflict(`segment "${body.key}" already exists in environment "${request.params.env}"`);
      try {
        const segment = await ctx.writes.commit(writeRequest(request), project, async (scope) => {
          const environment = await requireEnvironment(scope.tx, project, request.params.env);
          if (await findSegment(scope.tx, environment.id, body.key)) throw exists();
          const segment = await insertSegment(
            scope.tx,
            environment.id,
            body.key,
            {
              name: body.name ?? body.key,
              description: body.description ?? '',
              rule: body.rule as Segment['rule'],
            },
            scope.now,
          );
          scope.audit(auditRecord('segment.create', project.key, environment.key, null, segment));
          return segment;
        });
        reply.status(201).header('etag', versionEtag(segment.version));
        return segmentView(segment);
      } catch (error) {
        if (isUniqueViolation(error)) throw exists();
        throw error;
      }
    },
  );

  app.patch<{ Params: Params; Body: Static<typeof PatchSegmentBody> }>(
    `${base}/:segment`,
    {
      schema: {
        summary: 'Change a segment (If-Match: its ETag)',
        tags,
        params: SegmentParams,
        body: PatchSegmentBody,
        response: { 200: SegmentSchema, ...errorResponses(404, 412) },
      },
    },
    async (request, reply) => {
      const expected = expectedVersion(request.headers['if-match']);
      const project = await requireProject(ctx.db, request.params.project);
      const body = request.body;
      const segment = await ctx.writes.commit(writeRequest(request), project, async (scope) => {
        const environment = await requireEnvironment(scope.tx, project, request.params.env);
        const current = await requireSegment(scope.tx, environment.id, request.params.segment);
        assertVersion(`segment "${current.key}"`, current.version, expected);
        const updated = await updateSegment(
          scope.tx,
          current,
          {
            name: body.name ?? current.name,
            description: body.description ?? current.description,
            rule: (body.rule as Segment['rule'] | undefined) ?? current.rule,
          },
          scope.now,
        );
        scope.audit(auditRecord('segment.update', project.key, environment.key, current, updated));
        return updated;
      });
      reply.header('etag', versionEtag(segment.version));
      return segmentView(segment);
    },
  );

  app.delete<{ Params: Params }>(
    `${base}/:segment`,
    {
      schema: {
        summary: 'Delete a segment (refused while targeting refers to it)',
        tags,
        params: SegmentParams,
        response: { 204: NoContent, ...errorResponses(404, 412) },
      },
    },
    async (request, reply) => {
      const expected = expectedVersion(request.headers['if-match']);
      const project = await requireProject(ctx.db, request.params.project);
      await ctx.writes.commit(writeRequest(request), project, async (scope) => {
        const environment = await requireEnvironment(scope.tx, project, request.params.env);
        const current = await requireSegment(scope.tx, environment.id, request.params.segment);
        assertVersion(`segment "${current.key}"`, current.version, expected);
        await deleteSegment(scope.tx, current.id);
        scope.audit(auditRecord('segment.delete', project.key, environment.key, current, null));
      });
      return reply.status(204).send();
    },
  );
}

async function requireSegment(
  db: AdminContext['db'] | Tx,
  environmentId: string,
  key: string,
): Promise<Segment> {
  const segment = await findSegment(db, environmentId, key);
  if (!segment) throw notFound(`segment "${key}" does not exist`);
  return segment;
}

function auditRecord(
  action: string,
  project: string,
  environment: string,
  before: Segment | null,
  after: Segment | null,
) {
  const key = (after ?? before)!.key;
  return {
    action,
    resourceType: 'segment',
    resource: `projects/${project}/environments/${environment}/segments/${key}`,
    projectKey: project,
    environmentKey: environment,
    before: before && segmentView(before),
    after: after && segmentView(after),
  };
}
