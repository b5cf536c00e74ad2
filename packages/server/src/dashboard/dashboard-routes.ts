import { relative, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isBuilt } from './locate-dashboard.js';
import { notBuiltPage } from './not-built-page.js';
import { addSecurityHeaders, cacheControlFor, securityHeaders } from './security-headers.js';
import { isClientRoute } from './spa-fallback.js';

/** Answers a request no route took when it is one of the dashboard's client-side routes. */
export type ClientRouteFallback = (request: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined;

/**
 * Serves the built dashboard at `/` (each file of `dir` at its path, read once at start-up), under
 * the dashboard's security headers; returns the fallback that answers client-side routes with
 * index.html. Without a build, `/` and client routes answer a page saying how to build it.
 */
export function registerDashboard(app: FastifyInstance, dir: string): ClientRouteFallback {
  const clientRoute = (request: FastifyRequest) =>
    isClientRoute(request.method, request.url.split('?')[0] ?? '', request.headers.accept);
  if (!isBuilt(dir)) {
    const page = notBuiltPage(dir);
    const answer = (reply: FastifyReply) => {
      addSecurityHeaders(reply);
      return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(page);
    };
    app.get('/', (_request, reply) => answer(reply));
    return (request, reply) => (clientRoute(request) ? answer(reply) : undefined);
  }
  app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    // One route per file found at start-up (a wildcard route would take every unknown path).
    wildcard: false,
    cacheControl: false,
    serveDotFiles: false,
    // @fastify/static hands the raw response here, not the Fastify reply.
    setHeaders(response, path) {
      for (const [name, value] of Object.entries(securityHeaders)) response.setHeader(name, value);
      response.setHeader('cache-control', cacheControlFor(relative(dir, path).split(sep).join('/')));
    },
  });
  return (request, reply) => (clientRoute(request) ? reply.sendFile('index.html') : undefined);
}
