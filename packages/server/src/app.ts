import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import {
  type AdminAuthenticationDeps,
  authenticateAdminToken,
  authenticateRequest,
  installAdminAuthentication,
} from './admin-tokens/admin-authentication.js';
import { registerAdminTokenRoutes } from './admin-tokens/admin-token-routes.js';
import { AdminTokenQueries, accessOf, adminTokenCommands } from './admin-tokens/admin-token-service.js';
import { adminTokenStore } from './admin-tokens/admin-token-store.js';
import { seedAdminTokenCommand } from './admin-tokens/seed-admin-token.js';
import { tokenActor } from './admin-tokens/token-actor.js';
import { registerAuditRoutes } from './audit/audit-routes.js';
import { AuditQueries } from './audit/audit-service.js';
import { auditStore } from './audit/audit-store.js';
import { approvalGate, heldEnvironmentsOf } from './change-requests/approval-gate.js';
import { approvalPolicyCommands } from './change-requests/approval-policy-commands.js';
import { changeRequestCommands } from './change-requests/change-request-commands.js';
import { ChangeRequestAcceptedSchema } from './change-requests/change-request-response-schemas.js';
import { registerChangeRequestRoutes } from './change-requests/change-request-routes.js';
import { mayBeHeld } from './change-requests/change-request-rules.js';
import { requesterActors } from './change-requests/change-request-runner.js';
import { ChangeRequestQueries } from './change-requests/change-request-service.js';
import { changeRequestStore } from './change-requests/change-request-store.js';
import { ChangeHub } from './changes/change-hub.js';
import { registerChangeStreamRoutes } from './changes/change-stream-routes.js';
import { codeReferenceCommands } from './code-references/code-reference-commands.js';
import { registerCodeReferenceRoutes } from './code-references/code-reference-routes.js';
import { CodeReferenceQueries } from './code-references/code-reference-service.js';
import { codeReferenceStore } from './code-references/code-reference-store.js';
import { ChangeUnit, type ChangeUnitDeps } from './commands/change-unit.js';
import { CommandExecutor } from './commands/command-executor.js';
import { registerCommandRoutes } from './commands/command-routes.js';
import type { OidcOptions } from './config/oidc-settings.js';
import { type ClientRouteFallback, registerDashboard } from './dashboard/dashboard-routes.js';
import { registerEnvironmentRoutes } from './environments/environment-routes.js';
import {
  EnvironmentQueries,
  environmentCommands,
  environmentCreator,
} from './environments/environment-service.js';
import { environmentStore } from './environments/environment-store.js';
import { experimentCommands, stopOnKill } from './experiments/experiment-commands.js';
import type { ExperimentIngestor } from './experiments/experiment-ingestor.js';
import { registerExperimentRoutes } from './experiments/experiment-routes.js';
import { ExperimentQueries } from './experiments/experiment-service.js';
import { experimentStore } from './experiments/experiment-store.js';
import { unitStore } from './experiments/unit-store.js';
import { EnvironmentDocuments } from './flag-set-documents/environment-documents.js';
import { FlagSetQueries } from './flag-set-documents/flag-set-service.js';
import { registerFlagSetRoutes } from './flag-set-documents/flagset-routes.js';
import { importCommand } from './flag-set-documents/import-flag-set.js';
import type { FlagSetRegistry } from './flag-sets/flag-set-registry.js';
import { registerFlagUsageRoutes } from './flag-usage/flag-usage-routes.js';
import { FlagUsageQueries } from './flag-usage/flag-usage-service.js';
import { registerFlagConfigRoutes } from './flags/flag-config-routes.js';
import { FlagConfigQueries, flagConfigCommands } from './flags/flag-config-service.js';
import { flagConfigStore } from './flags/flag-config-store.js';
import { flagConfiguration } from './flags/flag-configuration.js';
import { registerFlagRoutes } from './flags/flag-routes.js';
import { FlagQueries, type FlagServiceDeps, flagCommands } from './flags/flag-service.js';
import { flagStore } from './flags/flag-store.js';
import { installErrorHandling, toHttpError } from './http/error-handler.js';
import { registerHealthRoutes } from './http/health-routes.js';
import type { HttpDrain } from './http/http-drain.js';
import { installInputGuard } from './http/input-guard.js';
import { loggerOptions } from './http/logging.js';
import { collectOpenApi, OpenApiDocumentSchema } from './http/openapi.js';
import { registerSchemaRoutes } from './http/schema-routes.js';
import { installValidators } from './http/validation.js';
import { registerFlaggerIntegration, registerIntegrationRoutes } from './integrations/integration-routes.js';
import { rolloutNoteCommand } from './integrations/rollout-note-command.js';
import { rolloutControllerActor } from './kernel/actor.js';
import { validationFailed } from './kernel/errors.js';
import { EvaluationRecorder } from './lifecycle/evaluation-recorder.js';
import { lifecycleCommands } from './lifecycle/lifecycle-commands.js';
import { lifecyclePolicy } from './lifecycle/lifecycle-policy.js';
import { registerLifecycleRoutes } from './lifecycle/lifecycle-routes.js';
import { LifecycleQueries } from './lifecycle/lifecycle-service.js';
import { lifecycleStore } from './lifecycle/lifecycle-store.js';
import { registerHttpMetrics } from './metrics/http-metrics-hook.js';
import type { Metrics } from './metrics/metrics.js';
import { registerMetricsRoute } from './metrics/metrics-route.js';
import { registerProjectRoutes } from './projects/project-routes.js';
import { ProjectQueries, projectCommands } from './projects/project-service.js';
import { projectStore } from './projects/project-store.js';
import { killCommand } from './rollouts/kill-command.js';
import { registerKillRoute } from './rollouts/kill-routes.js';
import { killRuleCommands } from './rollouts/kill-rule-commands.js';
import { registerKillRuleRoutes } from './rollouts/kill-rule-routes.js';
import { killRuleStore } from './rollouts/kill-rule-store.js';
import { rolloutCommands } from './rollouts/rollout-commands.js';
import { registerRolloutRoutes } from './rollouts/rollout-routes.js';
import { RolloutQueries } from './rollouts/rollout-service.js';
import { rolloutStore } from './rollouts/rollout-store.js';
import { scheduleCommands } from './schedules/schedule-commands.js';
import { registerScheduleRoutes } from './schedules/schedule-routes.js';
import { ScheduleQueries } from './schedules/schedule-service.js';
import { scheduleStore } from './schedules/schedule-store.js';
import type { InMemorySdkKeyAuthenticator } from './sdk/access/sdk-key-authenticator.js';
import { installFastPath } from './sdk/ofrep/ofrep-fast-path.js';
import { undecodableFlagKey } from './sdk/ofrep/ofrep-paths.js';
import { invalidFlagKeyReply } from './sdk/ofrep/ofrep-response.js';
import { registerSdkRoutes } from './sdk/sdk-routes.js';
import { registerSdkKeyRoutes } from './sdk-keys/sdk-key-routes.js';
import { SdkKeyQueries, sdkKeyCommands } from './sdk-keys/sdk-key-service.js';
import { sdkKeyStore } from './sdk-keys/sdk-key-store.js';
import { registerSegmentRoutes } from './segments/segment-routes.js';
import { SegmentQueries, segmentCommands } from './segments/segment-service.js';
import { segmentStore } from './segments/segment-store.js';
import { sessionAuthenticator } from './sessions/session-authentication.js';
import { registerSessionRoutes } from './sessions/session-routes.js';
import { SessionService } from './sessions/session-service.js';
import { sessionStore } from './sessions/session-store.js';
import { defaultSignInLimits, SignInLimiter } from './sessions/sign-in-limiter.js';
import { oidcLoginStore } from './sso/oidc-login-store.js';
import { registerOidcInfoRoute, registerOidcLoginRoutes } from './sso/oidc-routes.js';
import { OidcSignIn } from './sso/oidc-sign-in.js';
import type { Db, DialectName } from './storage/database.js';
import { inTransaction } from './storage/transaction.js';
import type { TelemetryAccumulator } from './telemetry/telemetry-accumulator.js';
import { variantMetricStore } from './telemetry/variant-metric-store.js';
import { registerRequestTracing } from './tracing/request-tracing-hook.js';
import type { ServerTracing } from './tracing/server-tracing.js';

export interface AppDeps {
  registry: FlagSetRegistry;
  metrics: Metrics;
  /** null in file mode: no database, no admin API, open SDK endpoints. */
  storage: {
    db: Db;
    dialect: DialectName;
    sdkKeys: InMemorySdkKeyAuthenticator;
    /** Tells other replicas about each commit (PostgreSQL); see `ChangeFeed`. */
    announce?: ChangeUnitDeps['announce'];
    /** Where SDK telemetry is summed before it is written. */
    telemetry?: TelemetryAccumulator;
    /** Where exposures and tracked events are aggregated before they are written. */
    experimentEvents?: ExperimentIngestor;
  } | null;
  flagKeyRule: RegExp;
  bodyLimit: number;
  logger: boolean | Record<string, unknown>;
  /** Readiness: every flag set loaded. */
  isLoaded: () => boolean;
  /** When set, `GET /metrics` needs it as a bearer token. */
  metricsToken?: string | undefined;
  /** How long a dashboard session lasts from sign-in (default 12 h). */
  sessionTtlMs?: number;
  /** Single sign-on with an OpenID Connect provider; absent: token sign-in only. */
  oidc?: OidcOptions | undefined;
  /** How often `GET /api/v1/changes` sends a heartbeat and checks its credentials (default 15 s). */
  changeStreamHeartbeatMs?: number;
  /** The built dashboard served at `/` (see `locateDashboard`); absent: no dashboard. */
  dashboardDir?: string | undefined;
  /** Graceful shutdown: watches requests in flight; draining fails /readyz. */
  drain?: HttpDrain;
  /** OpenTelemetry tracing (OTEL_*); absent when off, the default. */
  tracing?: ServerTracing | undefined;
}

/** Slow senders must not hold sockets: headers within 10 s, a whole request within 30 s. */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;

const apiPrefix = '/api/v1';
const defaultSessionTtlMs = 12 * 3_600_000;

/** The stores, each behind its interface; the Kysely implementations are the only ones. */
export const stores = {
  projects: projectStore,
  environments: environmentStore,
  flags: flagStore,
  flagConfigs: flagConfigStore,
  segments: segmentStore,
  sdkKeys: sdkKeyStore,
  adminTokens: adminTokenStore,
  audit: auditStore,
  rollouts: rolloutStore,
  variantMetrics: variantMetricStore,
  killRules: killRuleStore,
  schedules: scheduleStore,
  experiments: experimentStore,
  units: unitStore,
  codeReferences: codeReferenceStore,
  sessions: sessionStore,
  oidcLogins: oidcLoginStore,
  lifecycle: lifecycleStore,
  changeRequests: changeRequestStore,
};

/** The write side and the read services over one database: built once, here. */
export function buildServices(deps: {
  db: Db;
  dialect: DialectName;
  registry: FlagSetRegistry;
  sdkKeys: InMemorySdkKeyAuthenticator;
  flagKeyRule: RegExp;
  log: ChangeUnitDeps['log'];
  announce?: ChangeUnitDeps['announce'];
  /** The clock changes are stamped with (tests fix it). */
  now?: () => Date;
  /** How often the latest evaluation of each flag is written (default 10 s). */
  evaluationFlushMs?: number;
}) {
  const { db, dialect } = deps;
  const now = deps.now ?? (() => new Date());
  const documents = new EnvironmentDocuments(stores);
  const configuration = flagConfiguration(stores);
  const evaluations = new EvaluationRecorder({
    now: deps.now ? () => now().getTime() : Date.now,
    flushMs: deps.evaluationFlushMs ?? 10_000,
    write: (rows) => inTransaction(db, (tx) => stores.lifecycle(tx).recordEvaluations(rows)),
    onError: (error) => deps.log.error({ err: error }, 'recording flag evaluations failed; retried later'),
  });
  const flagDeps: FlagServiceDeps = {
    db,
    ...stores,
    configuration,
    flagKeyRule: deps.flagKeyRule,
    lifecycle: lifecyclePolicy({ lifecycle: stores.lifecycle, evaluations, now }),
  };
  const environmentDeps = {
    db,
    ...stores,
    onCreated: (
      ctx: Parameters<typeof configuration.addEnvironment>[0],
      _project: unknown,
      environment: Parameters<typeof configuration.addEnvironment>[1],
    ) => configuration.addEnvironment(ctx, environment),
  };
  const tokenDeps = {
    db,
    dialect,
    adminTokens: stores.adminTokens,
    // What a token limited to actions may list; read when one is created or changed.
    knownActions: (): string[] => commands.definitions().map((d) => d.action),
  };
  const rolloutDeps = { dialect, ...stores, configuration };
  // A flag's fallback has one manager at a time in an environment: a rollout or an experiment.
  const runningExperiment = async (
    queryable: Parameters<typeof stores.experiments>[0],
    environmentId: string,
    flagId: string,
  ) => {
    const experiment = await stores.experiments(queryable, dialect).findRunning(environmentId, flagId);
    return experiment && `the flag runs experiment "${experiment.key}" here: stop it first`;
  };
  const activeRollout = async (
    queryable: Parameters<typeof stores.rollouts>[0],
    environmentId: string,
    flagId: string,
  ) => {
    const rollout = await stores.rollouts(queryable, dialect).findActive(environmentId, flagId);
    return (
      rollout && `the flag has a ${rollout.status} rollout here (${rollout.id}): finish or roll it back first`
    );
  };
  const sdkKeyDeps = {
    db,
    ...stores,
    onCreated: (key: Parameters<InMemorySdkKeyAuthenticator['add']>[0]) => deps.sdkKeys.add(key),
    onRevoked: (key: Parameters<InMemorySdkKeyAuthenticator['revoke']>[0]) => deps.sdkKeys.revoke(key),
  };
  const changes = new ChangeHub((error) =>
    deps.log.error({ err: error }, 'a change stream failed to take a committed change'),
  );
  const unit = new ChangeUnit({
    db,
    dialect,
    loadDocuments: (tx, projectId) => documents.load(tx, projectId),
    bumpVersion: (tx, environmentId, now) => stores.environments(tx).bumpVersion(environmentId, now),
    insertAudit: (tx, record, meta) => stores.audit(tx).insert(record, meta),
    registry: deps.registry,
    onEnvironmentsRemoved: (ids) => deps.sdkKeys.removeEnvironments(ids),
    onCommitted: (change) => changes.publish(change),
    log: deps.log,
    ...(deps.announce && { announce: deps.announce }),
    ...(deps.now && { now: deps.now }),
  });
  // Some commands run others (schedules plan and authorise the commands they hold): the executor
  // they are part of is reached through a closure, which runs only once it exists.
  const approvalDeps = {
    db,
    changeRequests: stores.changeRequests,
    findProject: (key: string) => stores.projects(db).find(key),
  };
  const commands: CommandExecutor = new CommandExecutor({
    unit,
    findProject: (key) => stores.projects(db).find(key),
    definitions: [
      ...projectCommands({ db, ...stores, createEnvironment: environmentCreator(environmentDeps) }),
      ...environmentCommands(environmentDeps),
      ...flagCommands(flagDeps),
      ...flagConfigCommands(flagDeps),
      ...segmentCommands({ db, ...stores }),
      importCommand({
        ...stores,
        configuration,
        flagKeyRule: deps.flagKeyRule,
        loadDocument: async (ctx, environment) =>
          (await documents.load(ctx.tx, environment.projectId)).find(
            (d) => d.environment.id === environment.id,
          )?.document ?? null,
      }),
      ...rolloutCommands({
        ...rolloutDeps,
        segments: stores.segments,
        controllerActorId: rolloutControllerActor.id,
        otherManager: runningExperiment,
      }),
      ...experimentCommands({ ...rolloutDeps, otherManager: activeRollout }),
      killCommand({ ...rolloutDeps, onKilled: stopOnKill(rolloutDeps) }),
      ...killRuleCommands(stores),
      rolloutNoteCommand(rolloutDeps),
      ...sdkKeyCommands(sdkKeyDeps),
      ...adminTokenCommands(tokenDeps),
      seedAdminTokenCommand(tokenDeps),
      ...codeReferenceCommands(stores),
      ...lifecycleCommands({
        flagDeps,
        lifecycle: stores.lifecycle,
        // A flag a rollout or an experiment manages is finished with them first.
        busy: async (queryable, flag) => {
          for (const environment of await stores.environments(queryable).list(flag.projectId)) {
            const reason =
              (await activeRollout(queryable, environment.id, flag.id)) ??
              (await runningExperiment(queryable, environment.id, flag.id));
            if (reason) return `in "${environment.key}", ${reason}`;
          }
          return undefined;
        },
      }),
      ...scheduleCommands({
        dialect,
        schedules: stores.schedules,
        commands: () => commands,
        heldEnvironments: heldEnvironmentsOf({ ...approvalDeps, commands: () => commands }),
        ...(deps.now && { now: deps.now }),
      }),
      ...approvalPolicyCommands(stores),
      ...changeRequestCommands({
        changeRequests: stores.changeRequests,
        loadDocuments: (tx, projectId) => documents.load(tx, projectId),
        actors: requesterActors(stores, dialect),
        commands: () => commands,
      }),
    ],
  });
  commands.useApprovalGate(approvalGate({ ...approvalDeps, unit, commands: () => commands }));
  return {
    commands,
    changes,
    unit,
    documents,
    tokenDeps,
    evaluations,
    queries: {
      projects: new ProjectQueries({ db, ...stores }),
      environments: new EnvironmentQueries({ db, ...stores }),
      flags: new FlagQueries(flagDeps),
      flagConfigs: new FlagConfigQueries(flagDeps),
      segments: new SegmentQueries({ db, ...stores }),
      flagSets: new FlagSetQueries({ db, ...stores, documents }),
      sdkKeys: new SdkKeyQueries(sdkKeyDeps),
      adminTokens: new AdminTokenQueries(tokenDeps),
      audit: new AuditQueries({ db, ...stores }),
      rollouts: new RolloutQueries({ db, dialect, ...stores }),
      schedules: new ScheduleQueries({ db, dialect, ...stores }),
      experiments: new ExperimentQueries({ db, dialect, ...stores }),
      codeReferences: new CodeReferenceQueries({ db, ...stores }),
      lifecycle: new LifecycleQueries({ db, ...stores }),
      changeRequests: new ChangeRequestQueries({ db, ...stores }),
    },
  };
}

export type Services = ReturnType<typeof buildServices>;

/** Wires every feature into one Fastify instance (does not listen). */
export function buildApp(deps: AppDeps, services?: Services): FastifyInstance {
  const app = Fastify({
    logger: deps.logger === false ? false : loggerOptions(deps.logger === true ? {} : deps.logger),
    bodyLimit: deps.bodyLimit,
    genReqId: () => randomUUID(),
    requestTimeout: REQUEST_TIMEOUT_MS,
    // How often Node looks for sockets past those limits (its default, 30 s, would triple them).
    http: { headersTimeout: HEADERS_TIMEOUT_MS, connectionsCheckingInterval: 2_000 },
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
    reply.header('x-content-type-options', 'nosniff');
  });
  installValidators(app);
  acceptEmptyJsonOnBodylessMethods(app);
  let clientRoutes: ClientRouteFallback | undefined;
  installErrorHandling(app, {
    fallback: (request, reply) => clientRoutes?.(request, reply),
    noRouteMessage: deps.storage
      ? undefined
      : (path) =>
          path.startsWith(apiPrefix)
            ? 'this server runs in file mode (serving flag files, --flags): it has no admin API; change the files instead'
            : undefined,
  });
  registerHttpMetrics(app, deps.metrics);
  if (deps.tracing) registerRequestTracing(app, deps.tracing);
  const openApi = collectOpenApi(app, apiPrefix, () =>
    services
      ? {
          // What the approval gate may hold: project-level commands not exempt from policies.
          mayHold: (action) =>
            mayBeHeld(action) &&
            services.commands.definitions().some((d) => d.action === action && d.unit === 'project'),
          schema: ChangeRequestAcceptedSchema,
        }
      : undefined,
  );

  registerHealthRoutes(app, {
    db: deps.storage?.db ?? null,
    isLoaded: deps.isLoaded,
    isDraining: () => deps.drain?.draining === true,
  });
  registerSdkRoutes(app, {
    registry: deps.registry,
    sdkKeys: deps.storage?.sdkKeys ?? null,
    metrics: deps.metrics,
    telemetry: deps.storage?.telemetry,
    experimentEvents: deps.storage?.experimentEvents,
    tracing: deps.tracing,
    drain: deps.drain,
  });
  registerMetricsRoute(app, deps.metrics, deps.registry, deps.metricsToken);
  if (deps.dashboardDir !== undefined) clientRoutes = registerDashboard(app, deps.dashboardDir);

  const storage = deps.storage;
  if (storage && services) {
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
    registerSchemaRoutes(app);
    const { commands, queries } = services;
    const tokenAuthentication: AdminAuthenticationDeps = {
      adminTokens: () => stores.adminTokens(storage.db, storage.dialect),
      isSdkKey: (secret) => storage.sdkKeys.authenticate(secret) !== null,
      accessOf,
    };
    const sessions = new SessionService({
      sessions: () => stores.sessions(storage.db),
      authenticateToken: (secret) => authenticateAdminToken(tokenAuthentication, secret),
      tokenActor: (actorId) => tokenActor(stores.adminTokens(storage.db, storage.dialect), actorId),
      limiter: new SignInLimiter(defaultSignInLimits),
      ttlMs: deps.sessionTtlMs ?? defaultSessionTtlMs,
    });
    const signIn =
      deps.oidc && new OidcSignIn({ options: deps.oidc, logins: () => stores.oidcLogins(storage.db) });
    const authentication: AdminAuthenticationDeps = {
      ...tokenAuthentication,
      session: sessionAuthenticator(sessions),
    };
    const integrations = { db: storage.db, dialect: storage.dialect, commands, ...stores };
    // Sign-in and the current session authenticate themselves (a token in the body, the cookie).
    app.register(
      async (open) => {
        installInputGuard(open);
        open.removeContentTypeParser('text/plain');
        registerSessionRoutes(open, { sessions });
        registerOidcInfoRoute(open, { signIn });
      },
      { prefix: apiPrefix },
    );
    registerOidcLoginRoutes(app, { sessions, signIn, redirectUri: deps.oidc?.redirectUri });
    app.register(
      async (admin) => {
        installAdminAuthentication(admin, authentication);
        installInputGuard(admin);
        // Admin bodies are JSON; a text/plain body is refused with 415, not parsed as a string.
        admin.removeContentTypeParser('text/plain');
        registerProjectRoutes(admin, { queries: queries.projects, commands });
        registerEnvironmentRoutes(admin, { queries: queries.environments, commands });
        registerFlagRoutes(admin, { queries: queries.flags, commands, flagKeyRule: deps.flagKeyRule });
        registerFlagConfigRoutes(admin, { queries: queries.flagConfigs, commands });
        registerSegmentRoutes(admin, { queries: queries.segments, commands });
        registerFlagSetRoutes(admin, { queries: queries.flagSets, commands });
        registerSdkKeyRoutes(admin, { queries: queries.sdkKeys, commands });
        registerAdminTokenRoutes(admin, { queries: queries.adminTokens, commands });
        registerAuditRoutes(admin, { queries: queries.audit });
        registerRolloutRoutes(admin, { queries: queries.rollouts, commands });
        registerKillRoute(admin, { commands });
        registerKillRuleRoutes(admin, { commands });
        registerScheduleRoutes(admin, { queries: queries.schedules, commands });
        registerExperimentRoutes(admin, { queries: queries.experiments, commands });
        registerFlagUsageRoutes(admin, {
          queries: new FlagUsageQueries({
            db: storage.db,
            ...stores,
            servedEvaluations: (environmentId, flagKey) =>
              deps.metrics.flagEvaluations(environmentId, flagKey),
          }),
        });
        registerCodeReferenceRoutes(admin, {
          queries: queries.codeReferences,
          commands,
          bodyLimit: deps.bodyLimit,
        });
        registerLifecycleRoutes(admin, { queries: queries.lifecycle, commands });
        registerChangeRequestRoutes(admin, { queries: queries.changeRequests, commands });
        registerCommandRoutes(admin, { commands });
        registerChangeStreamRoutes(admin, {
          hub: services.changes,
          heartbeatMs: deps.changeStreamHeartbeatMs ?? 15_000,
          reauthenticate: (request) => authenticateRequest(authentication, request),
        });
        registerIntegrationRoutes(admin, integrations);
      },
      { prefix: apiPrefix },
    );
    registerFlaggerIntegration(
      app,
      { ...integrations, authenticate: (secret) => authenticateAdminToken(authentication, secret) },
      apiPrefix,
    );
  }
  // Last, so it sees every HTTP/1 request first, the fast paths' included.
  if (deps.drain && !installFastPath(app.server, deps.drain.watch)) {
    app.log.warn('the HTTP server does not have exactly one request listener; shutdown cannot drain it');
  }
  return app;
}

function isPlainJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Many clients send `Content-Type: application/json` on every request, bodyless ones included; an
 * empty body there means "no body", not malformed JSON (an action such as `…/start` takes an optional
 * body; a route that needs one says the body is missing). Anything else gets Fastify's strict parser.
 */
function acceptEmptyJsonOnBodylessMethods(app: FastifyInstance): void {
  const strict = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') {
      done(null, undefined);
      return;
    }
    const text = String(body);
    strict(request, text, (error, parsed) => {
      // The parser refuses "__proto__" and "constructor.prototype" keys (prototype pollution): when the
      // text is otherwise valid JSON, say so instead of calling it invalid.
      if (error && isPlainJson(text)) {
        done(
          validationFailed([
            {
              path: '/body',
              message:
                'has a "__proto__" or "constructor.prototype" key, which the API refuses (they could change object prototypes)',
            },
          ]),
          undefined,
        );
        return;
      }
      done(error, parsed);
    });
  });
}
