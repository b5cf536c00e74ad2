import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { CommandExecutor } from '../commands/command-executor.js';
import { commandRequest } from '../commands/command-request.js';
import { EnvironmentParams, errorResponses } from '../http/common-schemas.js';
import { versionEtag } from '../http/etag.js';
import { emptyBodyAsObject } from '../http/optional-body.js';
import { requestActor } from '../http/request-actor.js';
import { ResourceId } from '../kernel/field-schemas.js';
import { ReasonPayload, StartRolloutPayload } from './rollout-commands.js';
import { RolloutDetailSchema, RolloutListSchema, RolloutSchema } from './rollout-response-schemas.js';
import type { RolloutQueries } from './rollout-service.js';
import type { RolloutView } from './rollout-view.js';

const RolloutParams = Type.Object(
  { project: EnvironmentParams.properties.project, env: EnvironmentParams.properties.env, id: ResourceId },
  { additionalProperties: false },
);
type Params = Static<typeof RolloutParams>;

const tags = ['rollouts'];
const base = '/projects/:project/environments/:env/rollouts';
const actions = {
  pause: 'Pause a running rollout: it holds its weight until resumed',
  resume: 'Resume a paused rollout; the step starts again, judged on fresh data',
  promote: 'Promote: serve the rolled-out variant to everyone now, ending the rollout',
  rollback: 'Roll back: serve the safe variant to the whole rollout audience, ending the rollout',
} as const;

export function registerRolloutRoutes(
  app: FastifyInstance,
  deps: { queries: RolloutQueries; commands: CommandExecutor },
): void {
  app.get<{ Params: Static<typeof EnvironmentParams> }>(
    base,
    {
      schema: {
        summary: "List an environment's rollouts, newest first",
        tags,
        params: EnvironmentParams,
        response: { 200: RolloutListSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const { project, env } = request.params;
      return { rollouts: await deps.queries.list(requestActor(request), project, env) };
    },
  );

  app.get<{ Params: Params }>(
    `${base}/:id`,
    {
      schema: {
        summary:
          'A rollout: its status, weight, planned steps and the timeline of every decision with its evidence',
        tags,
        params: RolloutParams,
        response: { 200: RolloutDetailSchema, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const { project, env, id } = request.params;
      const rollout = await deps.queries.get(requestActor(request), project, env, id);
      reply.header('etag', versionEtag(rollout.version));
      return rollout;
    },
  );

  app.post<{ Params: Static<typeof EnvironmentParams>; Body: Static<typeof StartRolloutPayload> }>(
    base,
    {
      schema: {
        command: 'rollout.start',
        summary: 'Start a rollout of a flag variant against its control, gated by guardrails',
        tags,
        params: EnvironmentParams,
        body: StartRolloutPayload,
        response: { 201: RolloutSchema, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      const { project, env } = request.params;
      const command = {
        action: 'rollout.start',
        target: { project, environment: env },
        payload: request.body,
      };
      const rollout = (await deps.commands.execute(commandRequest(request, command))) as RolloutView;
      reply.status(201).header('etag', versionEtag(rollout.version));
      return rollout;
    },
  );

  for (const [action, summary] of Object.entries(actions)) {
    app.post<{ Params: Params; Body: Static<typeof ReasonPayload> }>(
      `${base}/:id/${action}`,
      {
        preValidation: emptyBodyAsObject,
        schema: {
          command: `rollout.${action}`,
          summary,
          tags,
          params: RolloutParams,
          body: ReasonPayload,
          response: { 200: RolloutSchema, ...errorResponses(404, 409) },
        },
      },
      async (request, reply) => {
        const { project, env, id } = request.params;
        const command = {
          action: `rollout.${action}`,
          target: { project, environment: env, id },
          payload: request.body,
        };
        const rollout = (await deps.commands.execute(commandRequest(request, command))) as RolloutView;
        reply.header('etag', versionEtag(rollout.version));
        return rollout;
      },
    );
  }
}
