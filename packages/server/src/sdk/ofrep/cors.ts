import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Browser SDKs (the OFREP web provider, EventSource) call from other origins. SDK endpoints
 * authenticate by header or by key in the URL, never by cookie, so any origin may call them.
 */
export function addCorsHeaders(request: FastifyRequest, reply: FastifyReply): void {
  if (request.headers.origin === undefined) return;
  reply.header('access-control-allow-origin', '*');
  reply.header('access-control-expose-headers', 'ETag');
}

export function registerCorsPreflight(scope: FastifyInstance, urls: readonly string[]): void {
  for (const url of urls) {
    scope.options(url, { logLevel: 'warn' }, (_request, reply) => {
      reply
        .code(204)
        .header('access-control-allow-origin', '*')
        .header('access-control-allow-methods', 'GET, POST, OPTIONS')
        .header(
          'access-control-allow-headers',
          'Content-Type, Authorization, X-API-Key, If-None-Match, Last-Event-ID',
        )
        .header('access-control-expose-headers', 'ETag')
        .header('access-control-max-age', '86400')
        .send();
    });
  }
}
