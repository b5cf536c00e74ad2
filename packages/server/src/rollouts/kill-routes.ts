import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { CommandExecutor } from '../commands/command-executor.js';
import { commandRequest } from '../commands/command-request.js';
import { EnvironmentFlagConfigSchema } from '../flags/flag-config-response-schemas.js';
import { EnvironmentFlagParams, errorResponses } from '../http/common-schemas.js';
import { versionEtag } from '../http/etag.js';
import { emptyBodyAsObject } from '../http/optional-body.js';
import { ReasonPayload } from './rollout-commands.js';

export const KilledFlagSchema = Type.Object(
  {
    ...EnvironmentFlagConfigSchema.properties,
    safeVariant: Type.String({ description: 'What every SDK now serves' }),
    reason: Type.String(),
  },
  { title: 'KilledFlag' },
);

/** `POST …/flags/{flag}/kill`: the kill switch, one call. */
export function registerKillRoute(app: FastifyInstance, deps: { commands: CommandExecutor }): void {
  app.post<{ Params: Static<typeof EnvironmentFlagParams>; Body: Static<typeof ReasonPayload> }>(
    '/projects/:project/environments/:env/flags/:flag/kill',
    {
      preValidation: emptyBodyAsObject,
      schema: {
        command: 'flag.kill',
        summary:
          "Kill switch: every SDK serves the flag's safe variant in this environment; a running rollout ends rolled back",
        tags: ['rollouts'],
        params: EnvironmentFlagParams,
        body: ReasonPayload,
        response: { 200: KilledFlagSchema, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      const { project, env, flag } = request.params;
      const command = {
        action: 'flag.kill',
        target: { project, environment: env, flag },
        payload: request.body,
      };
      const killed = (await deps.commands.execute(commandRequest(request, command))) as { version: number };
      reply.header('etag', versionEtag(killed.version));
      return killed;
    },
  );
}
