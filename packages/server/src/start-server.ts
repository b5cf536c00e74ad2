import type { FastifyInstance } from 'fastify';
import { seedAdminToken } from './admin-tokens/seed-admin-token.js';
import { buildApp, buildServices } from './app.js';
import { createExperimentEvents, createTelemetry, startBackgroundWork } from './background-work.js';
import { resolveServerConfig, type ServerConfig, type ServerOptions } from './config/server-config.js';
import { locateDashboard } from './dashboard/locate-dashboard.js';
import { loadFileMode } from './file-mode/start-file-mode.js';
import { FlagSetRegistry } from './flag-sets/flag-set-registry.js';
import { shutDownGracefully } from './http/graceful-shutdown.js';
import { HttpDrain } from './http/http-drain.js';
import { Metrics } from './metrics/metrics.js';
import { seedDefaultProject } from './projects/seed-default-project.js';
import { ChangeFeed } from './replication/change-feed.js';
import { InMemorySdkKeyAuthenticator } from './sdk/access/sdk-key-authenticator.js';
import { createDatabase } from './storage/create-database.js';
import { migrateToLatest } from './storage/migrations.js';
import { startTracing } from './tracing/server-tracing.js';

export interface RunningServer {
  /** Where a client on this machine reaches the server. */
  url: string;
  /** The address the server is bound to (`http://0.0.0.0:8080` when bound to every interface). */
  listenAddress: string;
  port: number;
  app: FastifyInstance;
  /** Set only on the first start without SWITCHYARD_ADMIN_TOKEN: show it once, it is not stored. */
  initialAdminToken: string | undefined;
  /** `sqlite:<file>`, `postgres://…` (no password) or `files`. */
  storage: string;
  close(): Promise<void>;
}

/** Opens storage (migrating it), loads every flag set, and listens. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const config = resolveServerConfig(options, options.env);
  // Off unless OTEL_TRACES_EXPORTER=otlp; a wrong OTEL_* value stops the start with its name.
  const tracing = await startTracing();
  const stopTracing = async () => {
    await tracing?.shutdown().catch(() => {});
  };
  let loaded = false;
  const drain = new HttpDrain();
  const registry = new FlagSetRegistry();
  const metrics = new Metrics();
  const common = {
    registry,
    metrics,
    flagKeyRule: config.flagKeyRule,
    bodyLimit: config.bodyLimit,
    logger: config.logger,
    metricsToken: config.metricsToken,
    sessionTtlMs: config.sessionTtlMs,
    oidc: config.oidc,
    changeStreamHeartbeatMs: config.changeStreamHeartbeatMs,
    dashboardDir: locateDashboard(config.dashboardDir),
    isLoaded: () => loaded,
    drain,
    tracing,
  };

  if (config.flagFiles.length > 0) {
    const app = buildApp({ ...common, storage: null });
    let files: Awaited<ReturnType<typeof loadFileMode>>;
    try {
      files = await loadFileMode(config.flagFiles, registry, app.log);
    } catch (error) {
      await stopTracing();
      throw error;
    }
    loaded = true;
    return listen(app, drain, config, 'files', async () => {
      await files.close();
      await stopTracing();
    });
  }

  const handle = createDatabase(config.db);
  let feed: ChangeFeed | undefined;
  try {
    await migrateToLatest(handle.db, handle.dialect);
    const sdkKeys = await InMemorySdkKeyAuthenticator.load(handle.db);
    // The change feed announces commits; the executor needs it, and it needs the documents: bound late.
    const announce = (...args: Parameters<ChangeFeed['announce']>) => feed!.announce(...args);
    // In-process SDKs' reports say a flag was evaluated, as OFREP and flagd evaluations do.
    const telemetry = createTelemetry(
      handle.db,
      () => app.log,
      config.telemetryFlushMs,
      (env, flag) => services.evaluations.record(env, flag),
    );
    const experimentEvents = createExperimentEvents(
      handle.db,
      handle.dialect,
      () => app.log,
      config.telemetryFlushMs,
      handle.sqlite,
    );
    const storage = {
      db: handle.db,
      dialect: handle.dialect,
      sdkKeys,
      telemetry,
      experimentEvents,
      ...(handle.dialect === 'postgres' && { announce }),
    };
    const services = buildServices({
      ...storage,
      registry,
      flagKeyRule: config.flagKeyRule,
      evaluationFlushMs: config.evaluationFlushMs,
      ...(config.now && { now: config.now }),
      // The app's logger, once the app exists (nothing is committed before).
      log: {
        info: (details: object, message: string) => app.log.info(details, message),
        error: (details: object, message: string) => app.log.error(details, message),
      },
    });
    const app = buildApp({ ...common, storage }, services);
    metrics.onEvaluation(services.evaluations);
    feed =
      handle.dialect === 'postgres'
        ? new ChangeFeed({
            url: config.db,
            db: handle.db,
            registry,
            sdkKeys,
            documents: services.documents,
            onChange: (change) => services.changes.publish(change),
          })
        : undefined;
    // Listen for other replicas' commits before loading, so none falls between the two.
    await feed?.start(app.log);
    await seedDefaultProject(services.commands, handle.db);
    await services.documents.publishAll(handle.db, registry);
    await sdkKeys.reload(handle.db);
    loaded = true;
    const background = startBackgroundWork({
      db: handle.db,
      dialect: handle.dialect,
      services,
      telemetry,
      experimentEvents,
      metrics,
      log: app.log,
      options: config,
    });
    const closeStorage = async () => {
      await background.stop();
      await feed?.close();
      await handle.close();
      // Last: the spans of requests that were still finishing are exported too.
      await stopTracing();
    };
    const running = await listen(app, drain, config, handle.description, closeStorage);
    // Only once listening: a first-start token created by a start that then fails could never be shown again.
    try {
      running.initialAdminToken = await seedAdminToken(
        services.tokenDeps,
        services.commands,
        config.adminToken,
      );
    } catch (error) {
      await running.close().catch(() => {});
      throw error;
    }
    return running;
  } catch (error) {
    await feed?.close().catch(() => {});
    await handle.close().catch(() => {});
    await stopTracing();
    throw error;
  }
}

async function listen(
  app: FastifyInstance,
  drain: HttpDrain,
  config: ServerConfig,
  storage: string,
  closeStorage: () => Promise<void>,
): Promise<RunningServer> {
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app.close().catch(() => {});
    await closeStorage().catch(() => {});
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const bound = typeof address === 'object' && address ? address.address : config.host;
  // Every interface is reachable from this machine on loopback.
  const local = bound === '0.0.0.0' ? '127.0.0.1' : bound === '::' ? '::1' : bound;
  const origin = (host: string) => `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url: origin(local),
    listenAddress: origin(bound),
    port,
    app,
    initialAdminToken: undefined,
    storage,
    close: () => {
      closing ??= shutDownGracefully({
        app,
        drain,
        graceMs: config.shutdownGracePeriodMs,
        delayMs: config.shutdownDelayMs,
        closeStorage,
      });
      return closing;
    },
  };
}
