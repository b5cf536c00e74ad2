import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { registerAuditRoutes } from './audit/audit-routes.js';
import { installAdminAuth } from './auth/admin-auth-hook.js';
import { registerAdminTokenRoutes } from './auth/admin-token-routes.js';
import type { InMemorySdkKeyAuthenticator } from './auth/sdk-key-authenticator.js';
import { registerSdkKeyRoutes } from './auth/sdk-key-routes.js';
import { registerEnvironmentRoutes } from './environments/environment-routes.js';
import { registerFlagConfigRoutes } from './flag-configs/flag-config-routes.js';
import type { FlagSetRegistry } from './flag-sets/flag-set-registry.js';
import { registerFlagRoutes } from './flags/flag-routes.js';
import { registerFlagSetRoutes } from './flagset-import/flagset-routes.js';
import type { AdminContext } from './http/admin-context.js';
import { installErrorHandling, toHttpError } from './http/error-handler.js';
import { registerHealthRoutes } from './http/health-routes.js';
import { installInputGuard } from './http/input-guard.js';
import { loggerOptions } from './http/logging.js';
import { collectOpenApi, OpenApiDocumentSchema } from './http/openapi.js';
import { installValidators } from './http/validation.js';
import { registerHttpMetrics } from './metrics/http-metrics-hook.js';
import type { Metrics } from './metrics/metrics.js';
import { undecodableFlagKey } from './ofrep/ofrep-paths.js';
import { invalidFlagKeyReply } from './ofrep/ofrep-response.js';
import { registerProjectRoutes } from './projects/project-routes.js';
import { registerSdkRoutes } from './sdk-routes.js';
import { registerSegmentRoutes } from './segments/segment-routes.js';
import type { Db, DialectName } from './storage/database.js';
import { WritePath, type WritePathDeps } from './write-path/write-path.js';

export interface AppDeps {
  registry: FlagSetRegistry;
  metrics: Metrics;
  /** null in file mode: no database, no admin API, open SDK endpoints. */
  storage: {
    db: Db;
    dialect: DialectName;
    sdkKeys: InMemorySdkKeyAuthenticator;
    /** Tells other replicas about each commit (PostgreSQL); see `ChangeFeed`. */
    announce?: WritePathDeps['announce'];
  } | null;
  flagKeyRule: RegExp;
  bodyLimit: number;
  logger: boolean | Record<string, unknown>;
  /** Readiness: every flag set loaded. */
  isLoaded: () => boolean;
}

const apiPrefix = '/api/v1';

/** Wires every feature into one Fastify instance (does not listen). */
export function buildApp(deps: AppDeps): FastifyInstance {
  const app = Fastify({
    logger: deps.logger === false ? false : loggerOptions(deps.logger === true ? {} : deps.logger),
    bodyLimit: deps.bodyLimit,
    genReqId: () => randomUUID(),
    // Long enough that an over-long key reaches schema validation (a 400 naming the parameter).
    routerOptions: { maxParamLength: 1000 },
    // Errors raised before routing (malformed URL, …) get the same error body as everything else.
    frameworkErrors: (error, request, reply) => {
      const ofrepKey = undecodableFlagKey(request.url);
      if (ofrepKey !== undefined) {
        // OFREP clients read only OFREP's failure shape.
        const answer = invalidFlagKeyReply(ofrepKey);
        (reply as FastifyReply).status(answer.status).type('application/json').send(answer.body);
        return;
      }
      const { status, body } = toHttpError(error);
      request.log.info({ code: body.error.code, status }, body.error.message);
      (reply as FastifyReply).status(status).send(body);
    },
  });
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  installValidators(app);
  acceptEmptyJsonOnBodylessMethods(app);
  installErrorHandling(app);
  registerHttpMetrics(app, deps.metrics);
  const openApi = collectOpenApi(app, apiPrefix);

  registerHealthRoutes(app, { db: deps.storage?.db ?? null, isLoaded: deps.isLoaded });
  registerSdkRoutes(app, {
    registry: deps.registry,
    sdkKeys: deps.storage?.sdkKeys ?? null,
    metrics: deps.metrics,
  });

  const storage = deps.storage;
  if (storage) {
    app.get(
      `${apiPrefix}/openapi.json`,
      {
        schema: {
          summary: 'This document',
          tags: ['meta'],
          public: true,
          response: { 200: OpenApiDocumentSchema },
        },
      },
      async () => openApi(),
    );
    const writes = new WritePath({
      db: storage.db,
      dialect: storage.dialect,
      registry: deps.registry,
      log: app.log,
      onEnvironmentsRemoved: (ids) => storage.sdkKeys.removeEnvironments(ids),
      ...(storage.announce && { announce: storage.announce }),
    });
    const ctx: AdminContext = {
      db: storage.db,
      dialect: storage.dialect,
      writes,
      registry: deps.registry,
      sdkKeys: storage.sdkKeys,
      flagKeyRule: deps.flagKeyRule,
    };
    app.register(
      async (admin) => {
        installAdminAuth(admin, { db: storage.db, sdkKeys: storage.sdkKeys });
        installInputGuard(admin);
        registerProjectRoutes(admin, ctx);
        registerEnvironmentRoutes(admin, ctx);
        registerFlagRoutes(admin, ctx);
        registerFlagConfigRoutes(admin, ctx);
        registerSegmentRoutes(admin, ctx);
        registerFlagSetRoutes(admin, ctx);
        registerSdkKeyRoutes(admin, ctx);
        registerAdminTokenRoutes(admin, ctx);
        registerAuditRoutes(admin, ctx);
      },
      { prefix: apiPrefix },
    );
  }
  return app;
}

/**
 * Many clients send `Content-Type: application/json` on every request, DELETE included; an empty
 * body there means "no body", not malformed JSON. Other methods keep Fastify's strict parser.
 */
function acceptEmptyJsonOnBodylessMethods(app: FastifyInstance): void {
  const strict = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const bodyless = request.method === 'DELETE' || request.method === 'GET' || request.method === 'HEAD';
    if (bodyless && body === '') {
      done(null, undefined);
      return;
    }
    strict(request, String(body), done);
  });
}
