import { type Static, type TSchema, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { CommandExecutor } from '../commands/command-executor.js';
import { commandRequest } from '../commands/command-request.js';
import { CommandSchema } from '../commands/command-routes.js';
import { EnvironmentParams, errorResponses, NoContent, ProjectParams } from '../http/common-schemas.js';
import { versionEtag } from '../http/etag.js';
import { emptyBodyAsObject } from '../http/optional-body.js';
import { requestActor } from '../http/request-actor.js';
import { ResourceId, SlugKey } from '../kernel/field-schemas.js';
import { ApprovalPolicyPayload } from './approval-policy-commands.js';
import { ApplyPayload } from './change-request-commands.js';
import {
  ApprovalPolicySchema,
  ChangeRequestListSchema,
  ChangeRequestSchema,
  ChangeRequestStatusSchema,
} from './change-request-response-schemas.js';
import type { ChangeRequestQueries } from './change-request-service.js';
import type { ChangeRequestView } from './change-request-view.js';

const RequestParams = Type.Object({ project: SlugKey, id: ResourceId }, { additionalProperties: false });
const ListQuery = Type.Object(
  { status: Type.Optional(ChangeRequestStatusSchema), environment: Type.Optional(SlugKey) },
  { additionalProperties: false },
);
const ReviewBody = Type.Object(
  { comment: Type.Optional(Type.String({ minLength: 1, maxLength: 5000 })) },
  { additionalProperties: false },
);
const CommentBody = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: 5000 }) },
  { additionalProperties: false },
);
const EditBody = Type.Object({ command: CommandSchema }, { additionalProperties: false });

const tags = ['change-requests'];
type Params = Static<typeof RequestParams>;

/**
 * Approval policies per environment, and the change requests they hold: list, look at one (its
 * plan is the diff), review, edit, cancel, apply. Every write is a command.
 */
export function registerChangeRequestRoutes(
  app: FastifyInstance,
  deps: { queries: ChangeRequestQueries; commands: CommandExecutor },
): void {
  const policyPath = '/projects/:project/environments/:env/approval-policy';
  app.get<{ Params: Static<typeof EnvironmentParams> }>(
    policyPath,
    {
      schema: {
        summary: "An environment's approval policy (404 when it has none)",
        tags,
        params: EnvironmentParams,
        response: { 200: ApprovalPolicySchema, ...errorResponses(404) },
      },
    },
    (request) => deps.queries.policy(requestActor(request), request.params.project, request.params.env),
  );
  app.put<{ Params: Static<typeof EnvironmentParams>; Body: Static<typeof ApprovalPolicyPayload> }>(
    policyPath,
    {
      schema: {
        command: 'approval-policy.set',
        summary: "Set an environment's approval policy: its changes then wait for approvals (admin)",
        tags,
        params: EnvironmentParams,
        body: ApprovalPolicyPayload,
        response: { 200: ApprovalPolicySchema, ...errorResponses(404) },
      },
    },
    (request) =>
      deps.commands.execute(
        commandRequest(request, {
          action: 'approval-policy.set',
          target: { project: request.params.project, environment: request.params.env },
          payload: request.body,
        }),
      ),
  );
  app.delete<{ Params: Static<typeof EnvironmentParams> }>(
    policyPath,
    {
      schema: {
        command: 'approval-policy.remove',
        summary: "Remove an environment's approval policy (admin)",
        tags,
        params: EnvironmentParams,
        response: { 204: NoContent, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await deps.commands.execute(
        commandRequest(request, {
          action: 'approval-policy.remove',
          target: { project: request.params.project, environment: request.params.env },
          payload: {},
        }),
      );
      return reply.status(204).send();
    },
  );

  app.get<{ Params: Static<typeof ProjectParams>; Querystring: Static<typeof ListQuery> }>(
    '/projects/:project/change-requests',
    {
      schema: {
        summary: 'List change requests, newest first, by status and environment',
        tags,
        params: ProjectParams,
        querystring: ListQuery,
        response: { 200: ChangeRequestListSchema, ...errorResponses(404) },
      },
    },
    async (request) => ({
      changeRequests: await deps.queries.list(requestActor(request), request.params.project, request.query),
    }),
  );
  app.get<{ Params: Params }>(
    '/projects/:project/change-requests/:id',
    {
      schema: {
        summary: 'A change request: its command, its plan (the diff it makes) and its reviews',
        tags,
        params: RequestParams,
        response: { 200: ChangeRequestSchema, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const view = await deps.queries.get(requestActor(request), request.params.project, request.params.id);
      reply.header('etag', versionEtag(view.version));
      return view;
    },
  );

  const action = (method: 'post' | 'patch', path: string, name: string, summary: string, body: TSchema) =>
    app[method]<{ Params: Params; Body: unknown }>(
      `/projects/:project/change-requests/:id${path}`,
      {
        preValidation: emptyBodyAsObject,
        schema: {
          command: name,
          summary,
          tags,
          params: RequestParams,
          body,
          response: { 200: ChangeRequestSchema, ...errorResponses(404, 409, 412) },
        },
      },
      async (request, reply) => {
        const view = (await deps.commands.execute(
          commandRequest(request, {
            action: name,
            target: { project: request.params.project, id: request.params.id },
            payload: request.body ?? {},
          }),
        )) as ChangeRequestView;
        reply.header('etag', versionEtag(view.version));
        return view;
      },
    );
  const Empty = Type.Object({}, { additionalProperties: false });
  action(
    'post',
    '/approve',
    'change-request.approve',
    'Approve (not your own; a role the policy counts)',
    ReviewBody,
  );
  action('post', '/reject', 'change-request.reject', 'Reject: it can no longer be applied', ReviewBody);
  action('post', '/comments', 'change-request.comment', 'Comment on it', CommentBody);
  action(
    'patch',
    '',
    'change-request.edit',
    'Replace its command (the requester only): re-planned, approvals reset',
    EditBody,
  );
  action(
    'post',
    '/apply',
    'change-request.apply',
    'Apply it now (approved; 412 when the state changed since its plan), at `applyAt`, or no longer at a set time (`applyAt: null`)',
    ApplyPayload,
  );
  action('post', '/cancel', 'change-request.cancel', 'Withdraw it (its requester, or an admin)', Empty);
}
