import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import { tokenActor } from './admin-tokens/token-actor.js';
import { type Services, stores } from './app.js';
import { ChangeRequestRunner, requesterActors } from './change-requests/change-request-runner.js';
import { ExperimentIngestor } from './experiments/experiment-ingestor.js';
import type { SqliteConnection } from './experiments/sqlite-unit-writes.js';
import { LifecycleRunner } from './lifecycle/lifecycle-runner.js';
import { StaleGauge } from './lifecycle/stale-gauge.js';
import { renderExperimentMetrics } from './metrics/experiment-metrics.js';
import type { Metrics } from './metrics/metrics.js';
import { RolloutMetrics } from './metrics/rollout-metrics.js';
import { killRuleWatcher } from './rollouts/kill-rule-watcher.js';
import { prometheusClient } from './rollouts/prometheus-query.js';
import { RolloutController } from './rollouts/rollout-controller.js';
import { rolloutMetricSource } from './rollouts/rollout-metric-source.js';
import { ScheduleRunner } from './schedules/schedule-runner.js';
import type { Db, DialectName } from './storage/database.js';
import { inTransaction } from './storage/transaction.js';
import { TelemetryAccumulator } from './telemetry/telemetry-accumulator.js';

/** SDK telemetry older than this decides nothing any more. */
const TELEMETRY_RETENTION_MS = 7 * 24 * 3600 * 1000;

export interface BackgroundOptions {
  /** How often the rollout controller looks at rollouts. */
  rolloutIntervalMs: number;
  /** How often due schedules are looked for. */
  scheduleIntervalMs: number;
  /** How often summed telemetry is written. */
  telemetryFlushMs: number;
  /** Prometheus for guardrails that are PromQL queries. */
  prometheusUrl: string | undefined;
  /** How often stale flags are counted and due digests sent. */
  lifecycleIntervalMs: number;
  /** First wait before a failed digest is retried. */
  digestRetryMs: number;
  now?: (() => Date) | undefined;
}

/** The telemetry writer; created before the app, which takes its summaries. */
export function createTelemetry(
  db: Db,
  log: () => FastifyBaseLogger,
  flushMs: number,
  onReported?: (environmentId: string, flagKey: string) => void,
): TelemetryAccumulator {
  const source = randomUUID();
  return new TelemetryAccumulator({
    flushMs,
    ...(onReported && { onReported }),
    write: (rows) => inTransaction(db, (tx) => stores.variantMetrics(tx).insert(source, rows)),
    onError: (error) => log().warn({ err: error }, 'writing SDK telemetry failed; it is kept and retried'),
  });
}

/** Stopped experiments still take events this long (an SDK's last batch may be on its way). */
const LATE_EVENTS_MS = 60_000;

/** The experiment event writer; created before the app, which hands it the SDKs' batches. */
export function createExperimentEvents(
  db: Db,
  dialect: DialectName,
  log: () => FastifyBaseLogger,
  flushMs: number,
  /** SQLite's connection: new units and totals are written with prepared statements on it. */
  sqlite?: SqliteConnection,
): ExperimentIngestor {
  return new ExperimentIngestor({
    flushMs,
    collecting: (now) =>
      stores.experiments(db, dialect).listCollecting(new Date(now - LATE_EVENTS_MS).toISOString()),
    transaction: (work) =>
      inTransaction(db, async (tx) => {
        // A flush's statements carry tens of thousands of rows: PostgreSQL's planner then decides to
        // JIT-compile them, which costs more than it saves on statements run once each.
        if (dialect === 'postgres') await sql`set local jit = off`.execute(tx);
        return work(stores.units(tx, dialect, sqlite));
      }),
    onError: (error) =>
      log().warn({ err: error }, 'writing experiment events failed; they are kept and retried'),
  });
}

/**
 * What runs beside the requests: the telemetry and experiment event writers, the rollout controller, the schedule runner
 * and the telemetry retention. State lives in the database, so stopping and starting again loses nothing.
 */
export function startBackgroundWork(deps: {
  db: Db;
  dialect: DialectName;
  services: Services;
  telemetry: TelemetryAccumulator;
  experimentEvents: ExperimentIngestor;
  metrics: Metrics;
  log: FastifyBaseLogger;
  options: BackgroundOptions;
}): { stop(): Promise<void> } {
  const { db, dialect, log, options } = deps;
  const replica = randomUUID().slice(0, 8);
  const rolloutMetrics = new RolloutMetrics();
  deps.metrics.addSection(() => rolloutMetrics.render());
  deps.metrics.addSection(() => renderExperimentMetrics(deps.experimentEvents));
  const prometheus = options.prometheusUrl
    ? prometheusClient({
        url: options.prometheusUrl,
        onError: (query, error) => log.warn({ err: error, query }, 'a Prometheus guardrail query failed'),
      })
    : undefined;
  const controller = new RolloutController({
    commands: deps.services.commands,
    listActive: () => stores.rollouts(db, dialect).listActive(),
    snapshot: rolloutMetricSource({ db, variantMetrics: stores.variantMetrics, prometheus }),
    metrics: rolloutMetrics,
    intervalMs: options.rolloutIntervalMs,
    log,
    replica,
  });
  const watchKillRules = killRuleWatcher({
    commands: deps.services.commands,
    killRules: () => stores.killRules(db),
    totals: (rule, from, to) => stores.variantMetrics(db).totals(rule.environmentId, rule.flagKey, from, to),
    log,
  });
  let watching: Promise<void> | undefined;
  const killRules = setInterval(() => {
    if (!watching) watching = watchKillRules().finally(() => (watching = undefined));
  }, options.rolloutIntervalMs);
  killRules.unref();
  const schedules = new ScheduleRunner({
    db,
    dialect,
    schedules: stores.schedules,
    commands: deps.services.commands,
    // A schedule runs as the token that made it, with that token's access at run time.
    actors: { current: (queryable, actorId) => tokenActor(stores.adminTokens(queryable, dialect), actorId) },
    replica,
    intervalMs: options.scheduleIntervalMs,
    log,
  });
  const staleGauge = new StaleGauge();
  deps.metrics.addSection(() => staleGauge.render());
  const lifecycle = new LifecycleRunner({
    projects: () => stores.projects(db).list(),
    staleFlags: (actor, project) => deps.services.queries.flags.list(actor, project, { stale: true }),
    store: () => stores.lifecycle(db),
    gauge: staleGauge,
    delivery: {
      fetch: (...args) => fetch(...args),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      retryMs: options.digestRetryMs,
    },
    now: options.now ?? (() => new Date()),
    intervalMs: options.lifecycleIntervalMs,
    log,
  });
  // Change requests whose apply time has come, looked for as often as schedules.
  const changeRequests = new ChangeRequestRunner({
    db,
    changeRequests: stores.changeRequests,
    commands: deps.services.commands,
    actors: requesterActors(stores, dialect),
    intervalMs: options.scheduleIntervalMs,
    log,
  });
  changeRequests.start();
  deps.telemetry.start();
  deps.experimentEvents.start();
  deps.services.evaluations.start();
  lifecycle.start();
  controller.start();
  schedules.start();
  const retention = setInterval(() => {
    const before = Math.floor((Date.now() - TELEMETRY_RETENTION_MS) / 1000);
    stores
      .variantMetrics(db)
      .deleteBefore(before)
      .catch((error: unknown) => log.warn({ err: error }, 'dropping old SDK telemetry failed'));
  }, 3600_000);
  retention.unref();
  return {
    async stop() {
      clearInterval(retention);
      clearInterval(killRules);
      await watching;
      await controller.stop();
      await schedules.stop();
      await changeRequests.stop();
      await deps.telemetry
        .stop()
        .catch((error: unknown) => log.warn({ err: error }, 'flushing SDK telemetry failed'));
      await deps.experimentEvents.stop();
      await lifecycle.stop();
      await deps.services.evaluations
        .stop()
        .catch((error: unknown) => log.warn({ err: error }, 'recording flag evaluations failed'));
    },
  };
}
