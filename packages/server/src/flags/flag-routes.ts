import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { listEnvironments } from '../environments/environment-store.js';
import {
  listConfigsOfEnvironments,
  listConfigsOfFlag,
  saveFlagConfig,
} from '../flag-configs/flag-config-store.js';
import type { AdminContext } from '../http/admin-context.js';
import { errorResponses, FlagParams, NoContent, ProjectParams } from '../http/common-schemas.js';
import { conflict, type Issue, validationFailed } from '../http/errors.js';
import { assertVersion, expectedVersion, versionEtag } from '../http/etag.js';
import { requireFlag, requireProject } from '../http/lookups.js';
import { writeRequest } from '../http/request-context.js';
import type { Project } from '../projects/project-store.js';
import type { Db } from '../storage/database.js';
import { isUniqueViolation } from '../storage/unique-violation.js';
import { flagKeyIssues } from './flag-key-rule.js';
import { FlagListSchema, FlagSchema } from './flag-response-schemas.js';
import { createFlagBody, ListFlagsQuery, PatchFlagBody } from './flag-schemas.js';
import { deleteFlag, type Flag, findFlag, insertFlag, listFlags, updateFlag } from './flag-store.js';
import { flagAuditView, flagView } from './flag-view.js';

type CreateBody = Static<ReturnType<typeof createFlagBody>>;
type PatchBody = Static<typeof PatchFlagBody>;
const tags = ['flags'];

export function registerFlagRoutes(app: FastifyInstance, ctx: AdminContext): void {
  const CreateFlagBody = createFlagBody(ctx.flagKeyRule.source);
  app.get<{ Params: Static<typeof ProjectParams>; Querystring: Static<typeof ListFlagsQuery> }>(
    '/projects/:project/flags',
    {
      schema: {
        summary: 'List flags',
        tags,
        params: ProjectParams,
        querystring: ListFlagsQuery,
        response: { 200: FlagListSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const project = await requireProject(ctx.db, request.params.project);
      const { kind, tag } = request.query;
      const environments = await listEnvironments(ctx.db, project.id);
      const configs = await listConfigsOfEnvironments(
        ctx.db,
        environments.map((e) => e.id),
      );
      const flags = (await listFlags(ctx.db, project.id)).filter(
        (f) => (kind === undefined || f.kind === kind) && (tag === undefined || f.tags.includes(tag)),
      );
      return { flags: flags.map((f) => flagView(f, configs, environments)) };
    },
  );

  app.get<{ Params: Static<typeof FlagParams> }>(
    '/projects/:project/flags/:flag',
    {
      schema: {
        summary: 'Get a flag with its configuration per environment',
        tags,
        params: FlagParams,
        response: { 200: FlagSchema, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const project = await requireProject(ctx.db, request.params.project);
      const flag = await requireFlag(ctx.db, project, request.params.flag);
      reply.header('etag', versionEtag(flag.version));
      return fullView(ctx.db, project, flag);
    },
  );

  app.post<{ Params: Static<typeof ProjectParams>; Body: CreateBody }>(
    '/projects/:project/flags',
    {
      schema: {
        summary: 'Create a flag (DISABLED in every environment)',
        tags,
        params: ProjectParams,
        body: CreateFlagBody,
        response: { 201: FlagSchema, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const issues = [
        ...flagKeyIssues(body.key, ctx.flagKeyRule, '/body/key'),
        ...defaultVariantIssues(body),
      ];
      if (issues.length > 0) throw validationFailed(issues);
      const project = await requireProject(ctx.db, request.params.project);
      const alreadyExists = () => conflict(`flag "${body.key}" already exists in project "${project.key}"`);
      let flag: Flag;
      try {
        flag = await ctx.writes.commit(writeRequest(request), project, async (scope) => {
          if (await findFlag(scope.tx, project.id, body.key)) throw alreadyExists();
          const flag = await insertFlag(
            scope.tx,
            project.id,
            body.key,
            {
              name: body.name ?? body.key,
              description: body.description ?? '',
              kind: body.kind ?? 'release',
              owner: body.owner ?? '',
              tags: body.tags ?? [],
              variants: body.variants as Flag['variants'],
              metadata: body.metadata ?? null,
            },
            scope.now,
          );
          const defaultVariant = body.defaultVariant ?? Object.keys(body.variants)[0]!;
          for (const environment of await listEnvironments(scope.tx, project.id)) {
            const fields = { state: 'DISABLED' as const, defaultVariant, targeting: null };
            await saveFlagConfig(scope.tx, flag.id, environment.id, fields, undefined, scope.now);
          }
          scope.audit({
            action: 'flag.create',
            resourceType: 'flag',
            resource: `projects/${project.key}/flags/${flag.key}`,
            projectKey: project.key,
            flagKey: flag.key,
            before: null,
            after: flagAuditView(flag),
          });
          return flag;
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw alreadyExists();
        throw error;
      }
      reply.status(201).header('etag', versionEtag(flag.version));
      return fullView(ctx.db, project, flag);
    },
  );

  app.patch<{ Params: Static<typeof FlagParams>; Body: PatchBody }>(
    '/projects/:project/flags/:flag',
    {
      schema: {
        summary: 'Change a flag (If-Match: its ETag)',
        tags,
        params: FlagParams,
        body: PatchFlagBody,
        response: { 200: FlagSchema, ...errorResponses(404, 412) },
      },
    },
    async (request, reply) => {
      const expected = expectedVersion(request.headers['if-match']);
      const project = await requireProject(ctx.db, request.params.project);
      const body = request.body;
      const flag = await ctx.writes.commit(writeRequest(request), project, async (scope) => {
        const current = await requireFlag(scope.tx, project, request.params.flag);
        assertVersion(`flag "${current.key}"`, current.version, expected);
        if (body.variants) await assertVariantsStillServed(scope.tx, current, body.variants, project);
        const updated = await updateFlag(
          scope.tx,
          current,
          {
            name: body.name ?? current.name,
            description: body.description ?? current.description,
            kind: body.kind ?? current.kind,
            owner: body.owner ?? current.owner,
            tags: body.tags ?? current.tags,
            variants: (body.variants as Flag['variants'] | undefined) ?? current.variants,
            metadata: body.metadata === undefined ? current.metadata : body.metadata,
          },
          scope.now,
        );
        scope.audit({
          action: 'flag.update',
          resourceType: 'flag',
          resource: `projects/${project.key}/flags/${current.key}`,
          projectKey: project.key,
          flagKey: current.key,
          before: flagAuditView(current),
          after: flagAuditView(updated),
        });
        return updated;
      });
      reply.header('etag', versionEtag(flag.version));
      return fullView(ctx.db, project, flag);
    },
  );

  app.delete<{ Params: Static<typeof FlagParams> }>(
    '/projects/:project/flags/:flag',
    {
      schema: {
        summary: 'Delete a flag from every environment (If-Match: its ETag)',
        tags,
        params: FlagParams,
        response: { 204: NoContent, ...errorResponses(404, 412) },
      },
    },
    async (request, reply) => {
      const expected = expectedVersion(request.headers['if-match']);
      const project = await requireProject(ctx.db, request.params.project);
      await ctx.writes.commit(writeRequest(request), project, async (scope) => {
        const current = await requireFlag(scope.tx, project, request.params.flag);
        assertVersion(`flag "${current.key}"`, current.version, expected);
        await deleteFlag(scope.tx, current.id);
        scope.audit({
          action: 'flag.delete',
          resourceType: 'flag',
          resource: `projects/${project.key}/flags/${current.key}`,
          projectKey: project.key,
          flagKey: current.key,
          before: flagAuditView(current),
          after: null,
        });
      });
      return reply.status(204).send();
    },
  );
}

async function fullView(db: Db, project: Project, flag: Flag) {
  const environments = await listEnvironments(db, project.id);
  return flagView(flag, await listConfigsOfFlag(db, flag.id), environments);
}

function defaultVariantIssues(body: CreateBody): Issue[] {
  if (body.defaultVariant === undefined || Object.hasOwn(body.variants, body.defaultVariant)) return [];
  return [
    {
      path: '/body/defaultVariant',
      message: `"${body.defaultVariant}" is not one of the variants (${Object.keys(body.variants).join(', ')})`,
    },
  ];
}

/** Refuses to drop a variant that an environment serves by default, naming each such environment. */
async function assertVariantsStillServed(
  db: Parameters<typeof listConfigsOfFlag>[0],
  flag: Flag,
  variants: Record<string, unknown>,
  project: Project,
): Promise<void> {
  const environments = new Map((await listEnvironments(db, project.id)).map((e) => [e.id, e.key]));
  const issues: Issue[] = [];
  for (const config of await listConfigsOfFlag(db, flag.id)) {
    if (config.defaultVariant !== null && !Object.hasOwn(variants, config.defaultVariant)) {
      issues.push({
        path: '/body/variants',
        message: `variant "${config.defaultVariant}" is the default variant in environment "${environments.get(config.environmentId)}"; change that first`,
      });
    }
  }
  if (issues.length > 0) throw validationFailed(issues);
}
