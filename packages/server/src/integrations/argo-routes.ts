import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses, ResourceKey, SlugKey } from '../http/common-schemas.js';
import { requestActor } from '../http/request-actor.js';
import type { IntegrationTargets } from './integration-targets.js';
import { type RolloutHealthDeps, rolloutHealth } from './rollout-health.js';
import { RolloutHealthSchema } from './rollout-health-schemas.js';

const AnalysisQuery = Type.Object(
  {
    project: Type.Optional(SlugKey),
    environment: Type.Optional(SlugKey),
    flag: ResourceKey,
  },
  { additionalProperties: false },
);

/**
 * Argo Rollouts' `web` metric provider: a 2xx answer with `verdict` whatever the rollout's state,
 * so that Argo's success and failure conditions decide; an error status only for bad credentials,
 * a bad query, a project, environment or flag that does not exist, or a server failure.
 */
export function registerArgoRoutes(
  app: FastifyInstance,
  deps: RolloutHealthDeps & { targets: IntegrationTargets },
): void {
  app.get<{ Querystring: Static<typeof AnalysisQuery> }>(
    '/integrations/argo/analysis',
    {
      schema: {
        summary:
          'Argo Rollouts web metric: { verdict: pass | fail | inconclusive, … } for the latest rollout of the flag, with its status, weight and latest guardrail evidence',
        tags: ['integrations'],
        querystring: AnalysisQuery,
        response: { 200: RolloutHealthSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const { project, environment, flag } = request.query;
      const target = await deps.targets.resolve(
        requestActor(request),
        {
          project: { value: project, path: '/query/project' },
          environment: { value: environment, path: '/query/environment' },
          flag: { value: flag, path: '/query/flag' },
        },
        { permission: 'read' },
      );
      return rolloutHealth(deps, target);
    },
  );
}
