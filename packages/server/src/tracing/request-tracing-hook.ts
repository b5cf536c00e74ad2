import type { IncomingMessage } from 'node:http';
import type { Http2ServerRequest } from 'node:http2';
import type { FastifyInstance } from 'fastify';
import type { RequestSpan, ServerTracing } from './server-tracing.js';

/** Each traced request's span, by its node request object (what every layer can reach). */
const spans = new WeakMap<object, RequestSpan>();

/** The span of a traced request, for the code that evaluates flags on its behalf. */
export function requestSpanOf(request: object): RequestSpan | undefined {
  return spans.get(request);
}

/** Starts the span of a request served outside Fastify; it ends when the response closes. */
export function traceRawRequest(
  tracing: ServerTracing,
  request: IncomingMessage | Http2ServerRequest,
  response: { readonly statusCode: number; once(event: 'close', listener: () => void): unknown },
  route: string,
): RequestSpan {
  const url = request.url ?? '';
  const query = url.indexOf('?');
  const span = tracing.startRequest(
    request.method ?? 'GET',
    route,
    query < 0 ? url : url.slice(0, query),
    request.headers,
  );
  spans.set(request, span);
  // 'close' comes after the last byte, or when the client leaves first (streams end this way).
  response.once('close', () => span.end(response.statusCode));
  return span;
}

/** A server span for every request Fastify routes (admin API, SDK sync and streams, health). */
export function registerRequestTracing(app: FastifyInstance, tracing: ServerTracing): void {
  app.addHook('onRequest', (request, reply, done) => {
    if (!spans.has(request.raw))
      traceRawRequest(tracing, request.raw, reply.raw, request.routeOptions.url ?? 'unmatched');
    done();
  });
}
