import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses, ResourceKey, SlugKey } from '../http/common-schemas.js';
import { requestActor } from '../http/request-actor.js';
import { type Issue, validationFailed } from '../kernel/errors.js';
import { AuditPageSchema } from './audit-response-schemas.js';
import type { AuditQueries } from './audit-service.js';

const AuditQuery = Type.Object(
  {
    project: Type.Optional(SlugKey),
    environment: Type.Optional(SlugKey),
    flag: Type.Optional(ResourceKey),
    actor: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    /** ISO 8601 time: entries at or after it. */
    since: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    /** ISO 8601 time: entries before it. */
    until: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    /** Pagination: the `nextCursor` of the previous page. */
    cursor: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
  },
  { additionalProperties: false },
);

export function registerAuditRoutes(app: FastifyInstance, deps: { queries: AuditQueries }): void {
  app.get<{ Querystring: Static<typeof AuditQuery> }>(
    '/audit',
    {
      schema: {
        summary: 'The audit trail, newest first (a token limited to some projects sees their entries only)',
        tags: ['audit'],
        querystring: AuditQuery,
        response: { 200: AuditPageSchema, ...errorResponses() },
      },
    },
    async (request) => {
      const { since, until, limit = 100, cursor, ...scope } = request.query;
      const issues: Issue[] = [];
      const sinceIso = since === undefined ? undefined : isoTime(since, '/query/since', issues);
      const untilIso = until === undefined ? undefined : isoTime(until, '/query/until', issues);
      if (issues.length > 0) throw validationFailed(issues);
      return deps.queries.page(requestActor(request), {
        ...scope,
        ...(sinceIso !== undefined && { since: sinceIso }),
        ...(untilIso !== undefined && { until: untilIso }),
        ...(cursor !== undefined && { before: cursor }),
        limit,
      });
    },
  );
}

function isoTime(text: string, path: string, issues: Issue[]): string | undefined {
  const ms = Date.parse(text);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}/.test(text)) {
    issues.push({ path, message: 'must be an ISO 8601 date or date-time, e.g. 2026-01-31T12:00:00Z' });
    return undefined;
  }
  return new Date(ms).toISOString();
}
