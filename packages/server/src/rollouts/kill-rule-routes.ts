import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { CommandExecutor } from '../commands/command-executor.js';
import { commandRequest } from '../commands/command-request.js';
import {
  EnvironmentFlagParams,
  errorResponses,
  NoContent,
  Nullable,
  Timestamp,
} from '../http/common-schemas.js';
import { KillRulePayload } from './kill-rule-commands.js';

export const KillRuleSchema = Type.Object(
  {
    flag: Type.String(),
    environment: Type.String(),
    rule: KillRulePayload,
    breachingSince: Nullable(Timestamp),
    updatedAt: Timestamp,
  },
  { title: 'KillRule' },
);

const path = '/projects/:project/environments/:env/flags/:flag/kill-rule';

export function registerKillRuleRoutes(app: FastifyInstance, deps: { commands: CommandExecutor }): void {
  const target = (params: Static<typeof EnvironmentFlagParams>) => ({
    project: params.project,
    environment: params.env,
    flag: params.flag,
  });
  app.put<{ Params: Static<typeof EnvironmentFlagParams>; Body: Static<typeof KillRulePayload> }>(
    path,
    {
      schema: {
        command: 'flag.kill-rule.set',
        summary:
          "Set a flag's automatic kill switch in an environment: error rate over maxErrorRate for `for`",
        tags: ['rollouts'],
        params: EnvironmentFlagParams,
        body: KillRulePayload,
        response: { 200: KillRuleSchema, ...errorResponses(404) },
      },
    },
    async (request) =>
      deps.commands.execute(
        commandRequest(request, {
          action: 'flag.kill-rule.set',
          target: target(request.params),
          payload: request.body,
        }),
      ),
  );
  app.delete<{ Params: Static<typeof EnvironmentFlagParams> }>(
    path,
    {
      schema: {
        command: 'flag.kill-rule.remove',
        summary: "Remove a flag's automatic kill switch in an environment",
        tags: ['rollouts'],
        params: EnvironmentFlagParams,
        response: { 204: NoContent, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await deps.commands.execute(
        commandRequest(request, { action: 'flag.kill-rule.remove', target: target(request.params) }),
      );
      return reply.status(204).send();
    },
  );
}
