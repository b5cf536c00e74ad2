import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { CommandExecutor } from '../commands/command-executor.js';
import { commandRequest } from '../commands/command-request.js';
import { EnvironmentParams, errorResponses, NoContent } from '../http/common-schemas.js';
import { versionEtag } from '../http/etag.js';
import { emptyBodyAsObject } from '../http/optional-body.js';
import { requestActor } from '../http/request-actor.js';
import { ExperimentReasonPayload, StopExperimentPayload } from './experiment-commands.js';
import { CreateExperimentPayload, UpdateExperimentPayload } from './experiment-design.js';
import {
  ExperimentListSchema,
  ExperimentResultsSchema,
  ExperimentSchema,
} from './experiment-response-schemas.js';
import type { ExperimentQueries } from './experiment-service.js';
import type { ExperimentView } from './experiment-view.js';

const ExperimentParams = Type.Object(
  {
    project: EnvironmentParams.properties.project,
    env: EnvironmentParams.properties.env,
    id: Type.String({ minLength: 1, maxLength: 100, description: 'The experiment\u2019s key' }),
  },
  { additionalProperties: false },
);
type Params = Static<typeof ExperimentParams>;

const tags = ['experiments'];
const base = '/projects/:project/environments/:env/experiments';
const target = ({ project, env, id }: Params) => ({ project, environment: env, id });

export function registerExperimentRoutes(
  app: FastifyInstance,
  deps: { queries: ExperimentQueries; commands: CommandExecutor },
): void {
  const run = async (
    request: Parameters<typeof commandRequest>[0],
    command: Parameters<typeof commandRequest>[1],
  ) => (await deps.commands.execute(commandRequest(request, command))) as ExperimentView;

  app.get<{ Params: Static<typeof EnvironmentParams> }>(
    base,
    {
      schema: {
        summary: "List an environment's experiments, newest first",
        tags,
        params: EnvironmentParams,
        response: { 200: ExperimentListSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const { project, env } = request.params;
      return { experiments: await deps.queries.list(requestActor(request), project, env) };
    },
  );

  app.post<{ Params: Static<typeof EnvironmentParams>; Body: Static<typeof CreateExperimentPayload> }>(
    base,
    {
      schema: {
        command: 'experiment.create',
        summary: 'Create an experiment (a draft) on a flag: its split, metrics and statistics',
        tags,
        params: EnvironmentParams,
        body: CreateExperimentPayload,
        response: { 201: ExperimentSchema, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      const { project, env } = request.params;
      const experiment = await run(request, {
        action: 'experiment.create',
        target: { project, environment: env },
        payload: request.body,
      });
      reply.status(201).header('etag', versionEtag(experiment.version));
      return experiment;
    },
  );

  app.get<{ Params: Params }>(
    `${base}/:id`,
    {
      schema: {
        summary: 'An experiment: its design, status and outcome',
        tags,
        params: ExperimentParams,
        response: { 200: ExperimentSchema, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const { project, env, id } = request.params;
      const experiment = await deps.queries.get(requestActor(request), project, env, id);
      reply.header('etag', versionEtag(experiment.version));
      return experiment;
    },
  );

  app.patch<{ Params: Params; Body: Static<typeof UpdateExperimentPayload> }>(
    `${base}/:id`,
    {
      schema: {
        command: 'experiment.update',
        summary:
          "Change a draft's design, or a started experiment's name and hypothesis (If-Match: its ETag)",
        tags,
        params: ExperimentParams,
        body: UpdateExperimentPayload,
        response: { 200: ExperimentSchema, ...errorResponses(404, 409, 412) },
      },
    },
    async (request, reply) => {
      const experiment = await run(request, {
        action: 'experiment.update',
        target: target(request.params),
        payload: request.body,
      });
      reply.header('etag', versionEtag(experiment.version));
      return experiment;
    },
  );

  app.delete<{ Params: Params }>(
    `${base}/:id`,
    {
      schema: {
        command: 'experiment.delete',
        summary: 'Delete a draft or stopped experiment and its data',
        tags,
        params: ExperimentParams,
        response: { 204: NoContent, ...errorResponses(404, 409, 412) },
      },
    },
    async (request, reply) => {
      await deps.commands.execute(
        commandRequest(request, { action: 'experiment.delete', target: target(request.params), payload: {} }),
      );
      return reply.status(204).send();
    },
  );

  const transitions = {
    start: {
      summary: "Start an experiment: its split takes over the flag's fallback and exposures count from now",
      body: ExperimentReasonPayload,
    },
    stop: {
      summary:
        'Stop an experiment: its results freeze, and one variant (default: control) is served in its place',
      body: StopExperimentPayload,
    },
  };
  for (const [action, { summary, body }] of Object.entries(transitions)) {
    app.post<{ Params: Params; Body: Record<string, unknown> }>(
      `${base}/:id/${action}`,
      {
        preValidation: emptyBodyAsObject,
        schema: {
          command: `experiment.${action}`,
          summary,
          tags,
          params: ExperimentParams,
          body,
          response: { 200: ExperimentSchema, ...errorResponses(404, 409, 412) },
        },
      },
      async (request, reply) => {
        const experiment = await run(request, {
          action: `experiment.${action}`,
          target: target(request.params),
          payload: request.body,
        });
        reply.header('etag', versionEtag(experiment.version));
        return experiment;
      },
    );
  }

  app.get<{ Params: Params }>(
    `${base}/:id/results`,
    {
      schema: {
        summary:
          'Results: per variant against control, units, mean, effect and intervals, p-value, chance to beat control; the sample-ratio-mismatch check; the sample still needed',
        tags,
        params: ExperimentParams,
        response: { 200: ExperimentResultsSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const { project, env, id } = request.params;
      return deps.queries.results(requestActor(request), project, env, id);
    },
  );
}
