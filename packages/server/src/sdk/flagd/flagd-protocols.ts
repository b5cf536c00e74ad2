import { createServer as createHttp2Server } from 'node:http2';
import type { FastifyInstance } from 'fastify';
import type { FlagSetRegistry } from '../../flag-sets/flag-set-registry.js';
import type { Metrics } from '../../metrics/metrics.js';
import { traceRawRequest } from '../../tracing/request-tracing-hook.js';
import type { ServerTracing } from '../../tracing/server-tracing.js';
import type { SdkAccessResolver } from '../access/sdk-access.js';
import { installFastPath } from '../ofrep/ofrep-fast-path.js';
import { acceptCleartextHttp2 } from './cleartext-http2.js';
import { ConnectionGrants } from './connection-grants.js';
import { FlagdAccess } from './flagd-access.js';
import { applyCors } from './flagd-cors.js';
import { FLAGD_PATH_PREFIX, flagdHandler } from './flagd-handler.js';
import { OpenStreams, type Revocations } from './open-streams.js';

export interface FlagdProtocolDeps {
  registry: FlagSetRegistry;
  access: SdkAccessResolver;
  metrics: Metrics;
  /** Tells of keys that stopped being valid: their streams end at once (null: no keys, file mode). */
  revocations: Revocations | null;
  /** Largest accepted request message. */
  bodyLimit: number;
  /** How often EventStream sends `keep_alive` (default 20 s, as flagd). */
  keepAliveMs?: number;
  /** Absent when tracing is off. */
  tracing?: ServerTracing | undefined;
}

/** How long streams and calls in progress get to finish when the server closes. */
const CLOSE_GRACE_MS = 1000;

/**
 * flagd's gRPC services (sync, evaluation v1 and v2) on the server's own port: gRPC over cleartext
 * HTTP/2, and gRPC-Web and Connect (JSON or binary) over HTTP/1.1 too. Paths under `/flagd.` go to them
 * ahead of Fastify; everything else is untouched. Protocol: docs/flagd-protocols.md.
 */
export function registerFlagdProtocols(app: FastifyInstance, deps: FlagdProtocolDeps): void {
  const streams = new OpenStreams(deps.metrics, deps.revocations);
  const serve = flagdHandler({
    access: new FlagdAccess(deps.access),
    connections: new ConnectionGrants(),
    registry: deps.registry,
    streams,
    metrics: deps.metrics,
    keepAliveMs: deps.keepAliveMs ?? 20_000,
    readMaxBytes: deps.bodyLimit,
  });
  const { tracing } = deps;
  // The span is the RPC's (`POST /flagd.evaluation.v2.Service/ResolveBoolean`); evaluations become its children.
  const handler: typeof serve = tracing
    ? (request, response) => {
        traceRawRequest(tracing, request, response, (request.url ?? '').split('?')[0]!);
        serve(request, response);
      }
    : serve;
  const isFlagd = (url: string | undefined) => url?.startsWith(FLAGD_PATH_PREFIX) === true;
  const installed = installFastPath(app.server, (request, response) => {
    if (!isFlagd(request.url)) return false;
    if (!applyCors(request, response)) handler(request, response);
    return true;
  });
  if (!installed) {
    app.log.warn(
      'the HTTP server does not have exactly one request listener; flagd protocols are not served',
    );
    return;
  }
  const http2Server = createHttp2Server((request, response) => {
    if (isFlagd(request.url)) handler(request, response);
    else
      response
        .writeHead(404, { 'content-type': 'text/plain' })
        .end('HTTP/2 serves the flagd services only\n');
  });
  const http2 = acceptCleartextHttp2(app.server, http2Server);
  // Streams never end by themselves: end them (UNAVAILABLE, so providers reconnect) for the server to close.
  app.addHook('preClose', async () => {
    streams.closeAll();
    await http2.close(CLOSE_GRACE_MS);
  });
}
