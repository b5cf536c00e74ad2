import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses } from '../http/common-schemas.js';
import { requestActor } from '../http/request-actor.js';
import { readableProjects } from '../kernel/access.js';
import type { AlertStore } from './alert-store.js';
import {
  AlertListQuery,
  AlertListSchema,
  AlertmanagerAnswerSchema,
  AlertmanagerPayload,
  AlertmanagerQuery,
} from './alertmanager-schemas.js';
import type { alertmanagerService } from './alertmanager-service.js';

const tags = ['integrations'];

/** Alertmanager's webhook receiver, and the alerts it acted on (authenticated as the admin API is). */
export function registerAlertmanagerRoutes(
  app: FastifyInstance,
  deps: { service: ReturnType<typeof alertmanagerService>; alerts: () => AlertStore },
): void {
  app.post<{ Body: Static<typeof AlertmanagerPayload>; Querystring: Static<typeof AlertmanagerQuery> }>(
    '/integrations/alertmanager',
    {
      schema: {
        summary:
          "Alertmanager webhook (version 4): a firing alert labelled with a flag rolls back the flag's running rollout, or kills the flag; a resolved one is recorded",
        tags,
        querystring: AlertmanagerQuery,
        body: AlertmanagerPayload,
        response: { 200: AlertmanagerAnswerSchema, ...errorResponses(404, 409) },
      },
    },
    async (request) =>
      deps.service.handle({
        actor: requestActor(request),
        requestId: String(request.id),
        payload: request.body,
        defaults: request.query,
      }),
  );

  app.get<{ Querystring: Static<typeof AlertListQuery> }>(
    '/integrations/alertmanager/alerts',
    {
      schema: {
        summary:
          'The Alertmanager alerts the server acted on or recorded, newest first (a token limited to some projects sees theirs only)',
        tags,
        querystring: AlertListQuery,
        response: { 200: AlertListSchema, ...errorResponses() },
      },
    },
    async (request) => {
      const { limit = 100, ...filter } = request.query;
      const projects = readableProjects(requestActor(request).access);
      return { alerts: await deps.alerts().list({ ...filter, projects, limit }) };
    },
  );
}
