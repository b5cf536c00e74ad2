import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import {
  type Assert,
  EnvironmentFlagParams,
  errorResponses,
  MapOf,
  type SameShape,
  Timestamp,
} from '../http/common-schemas.js';
import { requestActor } from '../http/request-actor.js';
import type { FlagUsageQueries, FlagUsageView } from './flag-usage-service.js';

const UsageQuery = Type.Object(
  {
    range: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 20,
        description: 'How far back from now: 90s, 15m, 24h, 7d (default 24h, at most 7d)',
      }),
    ),
    step: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 20,
        description: 'Bucket length (default: at most 60 buckets)',
      }),
    ),
  },
  { additionalProperties: false },
);

const Counts = MapOf(Type.Integer({ minimum: 0 }), { description: 'By variant' });

export const FlagUsageSchema = Type.Object(
  {
    project: Type.String(),
    environment: Type.String(),
    flag: Type.String(),
    from: Timestamp,
    to: Timestamp,
    stepSeconds: Type.Integer(),
    variants: Type.Array(Type.String()),
    series: Type.Array(
      Type.Object({
        at: Timestamp,
        evaluations: Counts,
        errors: Counts,
      }),
      { description: 'One point per bucket, oldest first, every variant in each (0 when none)' },
    ),
    totals: Type.Object({ evaluations: Counts, errors: Counts }),
    served: Type.Object(
      { evaluations: Counts, errors: Type.Integer({ minimum: 0 }) },
      {
        description:
          'Remote evaluations (OFREP, flagd) this server process answered since it started (switchyard_flag_evaluations_total); each replica counts its own',
      },
    ),
  },
  { title: 'FlagUsage' },
);

export type FlagUsageViewMatches = Assert<SameShape<FlagUsageView, typeof FlagUsageSchema>>;

export function registerFlagUsageRoutes(app: FastifyInstance, deps: { queries: FlagUsageQueries }): void {
  app.get<{ Params: Static<typeof EnvironmentFlagParams>; Querystring: Static<typeof UsageQuery> }>(
    '/projects/:project/environments/:env/flags/:flag/usage',
    {
      schema: {
        summary: "A flag's evaluations per variant over time in an environment (from SDK telemetry)",
        tags: ['flags'],
        params: EnvironmentFlagParams,
        querystring: UsageQuery,
        response: { 200: FlagUsageSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const { project, env, flag } = request.params;
      return deps.queries.get(requestActor(request), { project, environment: env, flag }, request.query);
    },
  );
}
