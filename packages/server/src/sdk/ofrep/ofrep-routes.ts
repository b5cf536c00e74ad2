import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requestSpanOf } from '../../tracing/request-tracing-hook.js';
import { addCorsHeaders, registerCorsPreflight } from './cors.js';
import { answerBulk, answerSingle, type OfrepDeps } from './ofrep-evaluation.js';
import { OFREP_BULK_PATH, OFREP_SINGLE_PREFIX, OFREP_SINGLE_ROUTE } from './ofrep-paths.js';
import {
  internalError,
  invalidContextReply,
  OFREP_BODY_LIMIT,
  type OfrepReply,
  payloadTooLarge,
} from './ofrep-response.js';

export interface OfrepRouteDeps extends OfrepDeps {
  bodyLimit?: number;
}

const JSON_TYPE = 'application/json';

/**
 * OFREP evaluation endpoints as Fastify routes, in their own encapsulated scope: a raw-text body
 * parser (lenient about content type, strict about size) and an error handler that answers in
 * OFREP's shapes. Over a real socket the fast path (ofrep-fast-path.ts) answers these URLs first
 * with the same functions; these routes serve everything else that reaches Fastify (e.g. inject).
 */
export async function ofrepRoutes(scope: FastifyInstance, deps: OfrepRouteDeps): Promise<void> {
  const bodyLimit = deps.bodyLimit ?? OFREP_BODY_LIMIT;
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, (_request, body, done) =>
    done(null, body),
  );
  scope.setErrorHandler((error: FastifyError, request, reply) => {
    const key = (request.params as { key?: string } | undefined)?.key;
    if (error.statusCode === 413) return send(reply, payloadTooLarge(bodyLimit, key));
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return send(reply, invalidContextReply(error.message, key));
    }
    request.log.error({ err: error }, 'OFREP request failed');
    return send(reply, internalError());
  });

  const options = { logLevel: 'warn' as const };
  const single = (request: FastifyRequest, reply: FastifyReply) => {
    addCorsHeaders(request, reply);
    const key = (request.params as { key: string }).key;
    return send(
      reply,
      answerSingle(
        deps,
        request.headers,
        key,
        request.body as string | undefined,
        requestSpanOf(request.raw),
      ),
    );
  };
  const bulk = (request: FastifyRequest, reply: FastifyReply) => {
    addCorsHeaders(request, reply);
    return send(
      reply,
      answerBulk(deps, request.headers, request.body as string | undefined, requestSpanOf(request.raw)),
    );
  };
  scope.post(OFREP_SINGLE_ROUTE, options, single);
  scope.post(OFREP_BULK_PATH, options, bulk);
  // flagd accepts the trailing slash too; an app with ignoreTrailingSlash already routes it.
  if (!scope.hasRoute({ method: 'POST', url: OFREP_SINGLE_PREFIX })) {
    scope.post(OFREP_SINGLE_PREFIX, options, bulk);
  }
  registerCorsPreflight(scope, [OFREP_SINGLE_ROUTE, OFREP_BULK_PATH]);
}

function send(reply: FastifyReply, answer: OfrepReply): FastifyReply {
  if (answer.etag !== undefined) reply.header('etag', answer.etag);
  if (answer.body === undefined) return reply.code(answer.status).send();
  return reply.code(answer.status).type(JSON_TYPE).send(answer.body);
}
