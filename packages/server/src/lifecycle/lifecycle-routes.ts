import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { CommandExecutor } from '../commands/command-executor.js';
import { commandRequest } from '../commands/command-request.js';
import { FlagSchema } from '../flags/flag-response-schemas.js';
import type { FlagView } from '../flags/flag-service.js';
import { errorResponses, FlagParams, ProjectParams } from '../http/common-schemas.js';
import { versionEtag } from '../http/etag.js';
import { requestActor } from '../http/request-actor.js';
import { LifecycleSchema } from './lifecycle-response-schemas.js';
import type { LifecycleQueries } from './lifecycle-service.js';
import { UpdateLifecyclePayload } from './lifecycle-settings.js';
import type { LifecycleView } from './lifecycle-view.js';

const tags = ['lifecycle'];

export function registerLifecycleRoutes(
  app: FastifyInstance,
  deps: { queries: LifecycleQueries; commands: CommandExecutor },
): void {
  app.get<{ Params: Static<typeof ProjectParams> }>(
    '/projects/:project/lifecycle',
    {
      schema: {
        summary: "A project's flag lifetimes, stale-flag rules, naming policy and digest webhook",
        tags,
        params: ProjectParams,
        response: { 200: LifecycleSchema, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const view = await deps.queries.get(requestActor(request), request.params.project);
      reply.header('etag', versionEtag(view.version));
      return view;
    },
  );

  app.patch<{ Params: Static<typeof ProjectParams>; Body: Static<typeof UpdateLifecyclePayload> }>(
    '/projects/:project/lifecycle',
    {
      schema: {
        command: 'lifecycle.update',
        summary: "Change a project's lifecycle settings (the fields given; If-Match: its ETag)",
        tags,
        params: ProjectParams,
        body: UpdateLifecyclePayload,
        response: { 200: LifecycleSchema, ...errorResponses(404, 412) },
      },
    },
    async (request, reply) => {
      const command = { action: 'lifecycle.update', target: request.params, payload: request.body };
      const view = (await deps.commands.execute(commandRequest(request, command))) as LifecycleView;
      reply.header('etag', versionEtag(view.version));
      return view;
    },
  );

  for (const [verb, action, summary] of [
    ['archive', 'flag.archive', 'Archive a flag: served nowhere (SDKs get FLAG_NOT_FOUND) until restored'],
    ['restore', 'flag.restore', 'Restore an archived flag with its configuration (If-Match: its ETag)'],
  ] as const) {
    app.post<{ Params: Static<typeof FlagParams> }>(
      `/projects/:project/flags/:flag/${verb}`,
      {
        schema: {
          command: action,
          summary,
          tags: ['flags'],
          params: FlagParams,
          response: { 200: FlagSchema, ...errorResponses(404, 409, 412) },
        },
      },
      async (request, reply) => {
        const command = { action, target: request.params };
        const flag = (await deps.commands.execute(commandRequest(request, command))) as FlagView;
        reply.header('etag', versionEtag(flag.version));
        return flag;
      },
    );
  }
}
