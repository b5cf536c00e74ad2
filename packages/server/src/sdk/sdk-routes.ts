import type { FastifyInstance } from 'fastify';
import type { ExperimentIngestor } from '../experiments/experiment-ingestor.js';
import type { FlagSetRegistry } from '../flag-sets/flag-set-registry.js';
import type { HttpDrain } from '../http/http-drain.js';
import type { Metrics } from '../metrics/metrics.js';
import type { TelemetryAccumulator } from '../telemetry/telemetry-accumulator.js';
import type { ServerTracing } from '../tracing/server-tracing.js';
import { SdkAccessResolver } from './access/sdk-access.js';
import type { InMemorySdkKeyAuthenticator } from './access/sdk-key-authenticator.js';
import { registerFlagdProtocols } from './flagd/flagd-protocols.js';
import { registerEventsRoute } from './ingestion/events-route.js';
import { registerTelemetryRoute } from './ingestion/telemetry-route.js';
import { createOfrepFastPath, installFastPath } from './ofrep/ofrep-fast-path.js';
import { OFREP_BODY_LIMIT } from './ofrep/ofrep-response.js';
import { ofrepRoutes } from './ofrep/ofrep-routes.js';
import { sdkSyncRoutes } from './sync/sdk-sync-routes.js';

export interface SdkRouteDeps {
  registry: FlagSetRegistry;
  /** null = open SDK endpoints (file mode: one environment, no keys). */
  sdkKeys: InMemorySdkKeyAuthenticator | null;
  /** Where SDK telemetry goes (absent in file mode: no database to keep it). */
  telemetry?: TelemetryAccumulator | undefined;
  /** Where exposures and tracked events go (absent in file mode). */
  experimentEvents?: ExperimentIngestor | undefined;
  metrics: Metrics;
  /** Heartbeat interval of the SSE streams (default 15 s). */
  streamHeartbeatMs?: number;
  /** Largest accepted OFREP request body (default 256 KiB). */
  ofrepBodyLimit?: number;
  /** How often flagd's EventStream sends `keep_alive` (default 20 s, as flagd). */
  flagdKeepAliveMs?: number;
  /**
   * Answer OFREP evaluation on node:http ahead of Fastify (default true): same answers, a
   * fraction of the per-request cost. Off, Fastify's routes answer (they always exist, for inject).
   */
  ofrepFastPath?: boolean;
  /** Absent when tracing is off. */
  tracing?: ServerTracing | undefined;
  /** The graceful shutdown's view of open connections (absent in tests that build a bare app). */
  drain?: Pick<HttpDrain, 'handOver'> | undefined;
}

/**
 * Everything SDKs talk to: OFREP, flag-set sync, the change streams, flagd's protocols, telemetry
 * and event ingestion.
 */
export function registerSdkRoutes(app: FastifyInstance, deps: SdkRouteDeps): void {
  const access = new SdkAccessResolver(deps.registry, deps.sdkKeys);
  const bodyLimit = deps.ofrepBodyLimit ?? OFREP_BODY_LIMIT;
  app.register(ofrepRoutes, { access, metrics: deps.metrics, bodyLimit });
  if (deps.ofrepFastPath ?? true) {
    const fastPath = createOfrepFastPath({
      access,
      metrics: deps.metrics,
      bodyLimit,
      tracing: deps.tracing,
      onError: (error) => app.log.error({ err: error }, 'OFREP request failed'),
    });
    if (!installFastPath(app.server, fastPath)) {
      app.log.warn(
        'the HTTP server does not have exactly one request listener; OFREP is served by Fastify routes',
      );
    }
  }
  app.register(sdkSyncRoutes, {
    registry: deps.registry,
    access,
    metrics: deps.metrics,
    heartbeatMs: deps.streamHeartbeatMs,
    revocations: deps.sdkKeys,
    drain: deps.drain,
  });
  registerFlagdProtocols(app, {
    registry: deps.registry,
    access,
    metrics: deps.metrics,
    revocations: deps.sdkKeys,
    bodyLimit,
    tracing: deps.tracing,
    ...(deps.flagdKeepAliveMs !== undefined && { keepAliveMs: deps.flagdKeepAliveMs }),
  });
  if (deps.telemetry) registerTelemetryRoute(app, { access, accumulator: deps.telemetry });
  if (deps.experimentEvents) registerEventsRoute(app, { access, ingestor: deps.experimentEvents });
}
