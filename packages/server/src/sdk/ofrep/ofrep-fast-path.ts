import type { IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { ServerTracing } from '../../tracing/server-tracing.js';
import { answerBulk, answerSingle, type OfrepDeps } from './ofrep-evaluation.js';
import { decodeFlagKey, OFREP_BULK_PATH, OFREP_SINGLE_PREFIX, OFREP_SINGLE_ROUTE } from './ofrep-paths.js';
import { internalError, invalidFlagKeyReply, type OfrepReply, payloadTooLarge } from './ofrep-response.js';

export interface OfrepFastPathDeps extends OfrepDeps {
  bodyLimit: number;
  /** Absent when tracing is off. */
  tracing?: ServerTracing | undefined;
  onError: (error: unknown) => void;
}

/** Handles the request and returns true, or returns false to leave it to Fastify. */
export type FastPath = (request: IncomingMessage, response: ServerResponse) => boolean;

/**
 * OFREP evaluation straight on node:http. The evaluation endpoints are the hot path and the
 * router, hooks, request/reply objects and per-request logger of a framework cost about as much
 * CPU per request as everything else together (bench/ofrep). Answers are produced by the same
 * functions as the Fastify routes, so both paths behave identically; any other method falls
 * through to Fastify.
 */
export function createOfrepFastPath(deps: OfrepFastPathDeps): FastPath {
  return (request, response) => {
    if (request.method !== 'POST') return false;
    const url = request.url ?? '';
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    let route: string;
    let key: string | undefined;
    let undecodableKey: string | undefined;
    if (path === OFREP_BULK_PATH || path === OFREP_SINGLE_PREFIX) {
      route = path;
    } else if (path.startsWith(OFREP_SINGLE_PREFIX) && path.indexOf('/', OFREP_SINGLE_PREFIX.length) < 0) {
      const segment = path.slice(OFREP_SINGLE_PREFIX.length);
      key = decodeFlagKey(segment);
      if (key === undefined) undecodableKey = segment;
      route = OFREP_SINGLE_ROUTE;
    } else {
      return false;
    }
    const started = performance.now();
    const span = deps.tracing?.startRequest('POST', route, path, request.headers);
    readBody(request, deps.bodyLimit, (body, tooLarge) => {
      let answer: OfrepReply;
      try {
        if (tooLarge) answer = payloadTooLarge(deps.bodyLimit, key);
        else if (undecodableKey !== undefined) answer = invalidFlagKeyReply(undecodableKey);
        else if (key === undefined) answer = answerBulk(deps, request.headers, body, span);
        else answer = answerSingle(deps, request.headers, key, body, span);
      } catch (error) {
        deps.onError(error);
        answer = internalError();
      }
      write(request, response, answer, tooLarge);
      span?.end(answer.status);
      deps.metrics.observeHttp('POST', route, answer.status, (performance.now() - started) / 1000);
    });
    return true;
  };
}

function readBody(
  request: IncomingMessage,
  limit: number,
  done: (body: string | undefined, tooLarge: boolean) => void,
): void {
  const declared = Number(request.headers['content-length']);
  if (declared > limit) {
    done(undefined, true);
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  request.on('data', (chunk: Buffer) => {
    if (finished) return;
    size += chunk.length;
    if (size > limit) {
      finished = true;
      done(undefined, true);
      return;
    }
    chunks.push(chunk);
  });
  request.on('end', () => {
    if (finished) return;
    finished = true;
    // Decode once at the end: a multi-byte character may be split across chunks.
    const body =
      chunks.length === 0
        ? undefined
        : chunks.length === 1
          ? (chunks[0] as Buffer).toString('utf8')
          : Buffer.concat(chunks).toString('utf8');
    done(body, false);
  });
  // A client that goes away mid-request leaves nothing to answer.
  request.on('error', () => {
    finished = true;
  });
}

function write(request: IncomingMessage, response: ServerResponse, answer: OfrepReply, close: boolean): void {
  const headers: OutgoingHttpHeaders = {};
  if (answer.etag !== undefined) headers.etag = answer.etag;
  if (request.headers.origin !== undefined) {
    headers['access-control-allow-origin'] = '*';
    headers['access-control-expose-headers'] = 'ETag';
  }
  // An unread oversized body must not be parsed as the next request on this connection.
  if (close) headers.connection = 'close';
  if (answer.body === undefined) {
    response.writeHead(answer.status, headers);
    response.end();
    return;
  }
  headers['content-type'] = 'application/json; charset=utf-8';
  if (answer.bytes !== undefined) {
    headers['content-length'] = answer.bytes.length;
    response.writeHead(answer.status, headers);
    response.end(answer.bytes);
    return;
  }
  headers['content-length'] = Buffer.byteLength(answer.body);
  response.writeHead(answer.status, headers);
  response.end(answer.body);
}

/**
 * Puts `fastPath` in front of the server's own request listener (Fastify's). Fastify creates its
 * node:http server with exactly one 'request' listener; anything else is left untouched.
 */
export function installFastPath(server: Server, fastPath: FastPath): boolean {
  const listeners = server.listeners('request') as Array<
    (request: IncomingMessage, response: ServerResponse) => void
  >;
  if (listeners.length !== 1) return false;
  const [fallback] = listeners as [(request: IncomingMessage, response: ServerResponse) => void];
  server.removeListener('request', fallback);
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (!fastPath(request, response)) fallback.call(server, request, response);
  });
  return true;
}
