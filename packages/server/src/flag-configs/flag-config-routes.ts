import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { flagConfigView } from '../flags/flag-view.js';
import type { AdminContext } from '../http/admin-context.js';
import { EnvironmentFlagParams, errorResponses, JsonObjectSchema } from '../http/common-schemas.js';
import { notFound, validationFailed } from '../http/errors.js';
import { assertVersion, expectedVersion, versionEtag } from '../http/etag.js';
import { requireEnvironment, requireFlag, requireProject } from '../http/lookups.js';
import { writeRequest } from '../http/request-context.js';
import { EnvironmentFlagConfigSchema } from './flag-config-response-schemas.js';
import {
  type FlagConfig,
  type FlagConfigFields,
  findFlagConfig,
  saveFlagConfig,
} from './flag-config-store.js';

const StateSchema = Type.Union([Type.Literal('ENABLED'), Type.Literal('DISABLED')]);
const DefaultVariantSchema = Type.Union([Type.String({ minLength: 1 }), Type.Null()]);
const TargetingSchema = Type.Union([JsonObjectSchema, Type.Null()]);

const PutConfigBody = Type.Object(
  { state: StateSchema, defaultVariant: DefaultVariantSchema, targeting: Type.Optional(TargetingSchema) },
  { additionalProperties: false },
);
const PatchConfigBody = Type.Object(
  {
    state: Type.Optional(StateSchema),
    defaultVariant: Type.Optional(DefaultVariantSchema),
    targeting: Type.Optional(TargetingSchema),
  },
  { additionalProperties: false, minProperties: 1 },
);

type Params = Static<typeof EnvironmentFlagParams>;
const tags = ['flag configuration'];
const path = '/projects/:project/environments/:env/flags/:flag';

export function registerFlagConfigRoutes(app: FastifyInstance, ctx: AdminContext): void {
  app.get<{ Params: Params }>(
    path,
    {
      schema: {
        summary: "Get a flag's configuration in an environment",
        tags,
        params: EnvironmentFlagParams,
        response: { 200: EnvironmentFlagConfigSchema, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const { project, environment, flag } = await resolve(ctx, request.params);
      const config = await findFlagConfig(ctx.db, flag.id, environment.id);
      if (!config) throw notConfigured(flag.key, environment.key);
      reply.header('etag', versionEtag(config.version));
      return configView(project.key, environment.key, flag.key, config);
    },
  );

  const write =
    (mode: 'put' | 'patch') =>
    async (
      request: FastifyRequest<{ Params: Params; Body: Partial<FlagConfigFields> }>,
      reply: FastifyReply,
    ) => {
      const expected = expectedVersion(request.headers['if-match']);
      const project = await requireProject(ctx.db, request.params.project);
      const body = request.body;
      const { environment, flag, config } = await ctx.writes.commit(
        writeRequest(request),
        project,
        async (scope) => {
          // Looked up under the project lock: a deletion that committed first answers 404.
          const environment = await requireEnvironment(scope.tx, project, request.params.env);
          const flag = await requireFlag(scope.tx, project, request.params.flag);
          const current = await findFlagConfig(scope.tx, flag.id, environment.id);
          if (mode === 'patch' && !current) throw notConfigured(flag.key, environment.key);
          const resource = `configuration of flag "${flag.key}" in "${environment.key}"`;
          assertVersion(resource, current?.version ?? 0, expected);
          const fields: FlagConfigFields = {
            state: body.state ?? current?.state ?? 'DISABLED',
            defaultVariant:
              body.defaultVariant !== undefined ? body.defaultVariant : (current?.defaultVariant ?? null),
            targeting:
              body.targeting !== undefined
                ? body.targeting
                : mode === 'put'
                  ? null
                  : (current?.targeting ?? null),
          };
          if (fields.defaultVariant !== null && !Object.hasOwn(flag.variants, fields.defaultVariant)) {
            throw validationFailed([
              {
                path: '/body/defaultVariant',
                message: `"${fields.defaultVariant}" is not a variant of flag "${flag.key}" (${Object.keys(flag.variants).join(', ')})`,
              },
            ]);
          }
          const saved = await saveFlagConfig(scope.tx, flag.id, environment.id, fields, current, scope.now);
          scope.audit({
            action: current ? 'flag-config.update' : 'flag-config.create',
            resourceType: 'flag-config',
            resource: `projects/${project.key}/environments/${environment.key}/flags/${flag.key}`,
            projectKey: project.key,
            environmentKey: environment.key,
            flagKey: flag.key,
            before: current ? auditView(current) : null,
            after: auditView(saved),
          });
          return { environment, flag, config: saved };
        },
      );
      reply.header('etag', versionEtag(config.version));
      return configView(project.key, environment.key, flag.key, config);
    };

  app.put<{ Params: Params; Body: Partial<FlagConfigFields> }>(
    path,
    {
      schema: {
        summary: "Replace a flag's configuration in an environment (If-Match: its ETag)",
        tags,
        params: EnvironmentFlagParams,
        body: PutConfigBody,
        response: { 200: EnvironmentFlagConfigSchema, ...errorResponses(404, 412) },
      },
    },
    write('put'),
  );

  app.patch<{ Params: Params; Body: Partial<FlagConfigFields> }>(
    path,
    {
      schema: {
        summary: "Change part of a flag's configuration in an environment (If-Match: its ETag)",
        tags,
        params: EnvironmentFlagParams,
        body: PatchConfigBody,
        response: { 200: EnvironmentFlagConfigSchema, ...errorResponses(404, 412) },
      },
    },
    write('patch'),
  );
}

async function resolve(ctx: AdminContext, params: Params) {
  const project = await requireProject(ctx.db, params.project);
  const environment = await requireEnvironment(ctx.db, project, params.env);
  const flag = await requireFlag(ctx.db, project, params.flag);
  return { project, environment, flag };
}

function notConfigured(flag: string, environment: string) {
  return notFound(
    `flag "${flag}" is not configured in environment "${environment}" (PUT a configuration to add it)`,
  );
}

function configView(project: string, environment: string, flag: string, config: FlagConfig) {
  return { project, environment, flag, ...flagConfigView(config) };
}

function auditView(config: FlagConfig) {
  return { state: config.state, defaultVariant: config.defaultVariant, targeting: config.targeting };
}
