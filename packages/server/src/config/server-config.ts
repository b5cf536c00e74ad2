import { join, resolve } from 'node:path';
import { defaultFlagKeyPattern } from '../flags/flag-key-rule.js';
import { ConfigError } from './config-error.js';
import type { ServerConfigFile } from './config-schema.js';
import { checkOptions, readConfigFile, readEnvironment } from './config-sources.js';
import { type OidcOptions, resolveOidcOptions } from './oidc-settings.js';

export { ConfigError };

/** What `startServer` accepts; each config key falls back to its environment variable, the config file, then a default. */
export interface ServerOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  /** `postgres://…` for PostgreSQL; otherwise a SQLite file path. Default: `<dataDir>/switchyard.db`. */
  db?: string;
  /** Seeds (or re-admits) this admin token; without it the first start creates and returns one. */
  adminToken?: string;
  /** File mode: serve these flagd files instead of a database. */
  flagFiles?: string[];
  flagKeyPattern?: string;
  /** Largest accepted admin API body, in bytes (413 beyond). */
  bodyLimit?: number;
  /** When set, `GET /metrics` needs `Authorization: Bearer <token>` (its labels name projects and flags). */
  metricsToken?: string;
  /** Prometheus, for rollout guardrails written as PromQL queries. */
  prometheusUrl?: string;
  /** How often the rollout controller looks at active rollouts (default 1000 ms). */
  rolloutIntervalMs?: number;
  /** How often summed SDK telemetry is written (default 1000 ms). */
  telemetryFlushMs?: number;
  /** How often due schedules are looked for (default 1000 ms; SWITCHYARD_SCHEDULE_INTERVAL_MS). */
  scheduleIntervalMs?: number;
  /** How long a dashboard session lasts from sign-in (default 12 h; SWITCHYARD_SESSION_TTL_MS). */
  sessionTtlMs?: number;
  /** How often `GET /api/v1/changes` sends a heartbeat and rechecks its credentials (default 15000 ms). */
  changeStreamHeartbeatMs?: number;
  /** Where the built dashboard is (default: the `@switchyard/dashboard` package's dist/; SWITCHYARD_DASHBOARD_DIR). */
  dashboardDir?: string;
  /** Single sign-on for the dashboard (else SWITCHYARD_OIDC_*); see docs/single-sign-on.md. */
  oidc?: OidcOptions;
  /** How often stale flags are counted (the gauge) and due digests sent (default 60000 ms). */
  lifecycleIntervalMs?: number;
  /** How often the latest evaluation of each flag is written (default 10000 ms). */
  evaluationFlushMs?: number;
  /** The first wait before a failed digest delivery is retried, doubled each time (default 2000 ms). */
  digestRetryMs?: number;
  /** The clock (tests move it); default the system's. */
  now?: () => Date;
  /** Fastify/pino logger options, or false for silence (else from logLevel). */
  logger?: boolean | Record<string, unknown>;
  logLevel?: ServerConfigFile['logLevel'];
  /** On close, how long requests in flight get to finish (default 25 s). */
  shutdownGracePeriodMs?: number;
  /** On close, how long to keep serving with /readyz failing first (default 0). */
  shutdownDelayMs?: number;
  /** A YAML or JSON config file (else SWITCHYARD_CONFIG): below options and environment variables. */
  configFile?: string;
  /** Where relative paths from environment variables are resolved (default: the process's). */
  cwd?: string;
  /** The environment variables to read (default: the process's). */
  env?: NodeJS.ProcessEnv;
}

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  db: string;
  adminToken: string | undefined;
  flagFiles: string[];
  flagKeyRule: RegExp;
  bodyLimit: number;
  metricsToken: string | undefined;
  prometheusUrl: string | undefined;
  rolloutIntervalMs: number;
  telemetryFlushMs: number;
  scheduleIntervalMs: number;
  sessionTtlMs: number;
  changeStreamHeartbeatMs: number;
  dashboardDir: string | undefined;
  oidc: OidcOptions | undefined;
  lifecycleIntervalMs: number;
  evaluationFlushMs: number;
  digestRetryMs: number;
  now: (() => Date) | undefined;
  logger: boolean | Record<string, unknown>;
  shutdownGracePeriodMs: number;
  shutdownDelayMs: number;
}

/**
 * Options (flags) over environment variables over the config file over defaults; every source is checked
 * against one schema (config-schema.ts) and a wrong key is named with where it came from.
 */
export function resolveServerConfig(
  options: ServerOptions,
  env: NodeJS.ProcessEnv = process.env,
): ServerConfig {
  const cwd = options.cwd ?? process.cwd();
  const { configFile: fileOption, cwd: _cwd, env: _env, logger, oidc, now, ...given } = options;
  checkOptions(given);
  const configFile = fileOption ?? (env.SWITCHYARD_CONFIG ? resolve(cwd, env.SWITCHYARD_CONFIG) : undefined);
  const fromFile = configFile === undefined ? {} : readConfigFile(configFile);
  const explicit = definedOnly(given);
  const fromEnv = readEnvironment(env, cwd, new Set(Object.keys(explicit)));
  const merged: ServerConfigFile = { ...fromFile, ...fromEnv, ...explicit };

  const dataDir = resolve(cwd, merged.dataDir ?? '.switchyard');
  const pattern = merged.flagKeyPattern ?? defaultFlagKeyPattern;
  let flagKeyRule: RegExp;
  try {
    flagKeyRule = new RegExp(pattern);
  } catch (error) {
    throw new ConfigError(
      `flag key pattern ${JSON.stringify(pattern)} is not a valid regular expression: ${String(error)}`,
    );
  }
  const prometheusUrl = merged.prometheusUrl;
  if (prometheusUrl !== undefined && !URL.canParse(prometheusUrl)) {
    throw new ConfigError(`the Prometheus URL must be an http(s) URL, got ${JSON.stringify(prometheusUrl)}`);
  }
  const shutdownGracePeriodMs = merged.shutdownGracePeriodMs ?? 25_000;
  const shutdownDelayMs = merged.shutdownDelayMs ?? 0;
  if (shutdownDelayMs > shutdownGracePeriodMs) {
    throw new ConfigError(
      `shutdownDelayMs (${shutdownDelayMs}) must not be longer than shutdownGracePeriodMs (${shutdownGracePeriodMs}): the delay is part of the grace period`,
    );
  }
  return {
    port: merged.port ?? 8080,
    // Loopback unless asked: a laptop's flags are not the network's business (0.0.0.0 in containers).
    host: merged.host ?? '127.0.0.1',
    dataDir,
    db: merged.db ?? join(dataDir, 'switchyard.db'),
    adminToken: merged.adminToken,
    flagFiles: merged.flagFiles ?? [],
    flagKeyRule,
    bodyLimit: merged.bodyLimit ?? 1024 * 1024,
    metricsToken: merged.metricsToken,
    prometheusUrl,
    rolloutIntervalMs: merged.rolloutIntervalMs ?? 1000,
    telemetryFlushMs: merged.telemetryFlushMs ?? 1000,
    scheduleIntervalMs: merged.scheduleIntervalMs ?? 1000,
    sessionTtlMs: merged.sessionTtlMs ?? 12 * 3_600_000,
    changeStreamHeartbeatMs: merged.changeStreamHeartbeatMs ?? 15_000,
    dashboardDir: merged.dashboardDir,
    // Its own checks (nested mappings, SWITCHYARD_OIDC_* variables): a file's `oidc` block, or options.
    oidc: resolveOidcOptions(oidc ?? (merged.oidc as OidcOptions | undefined), env),
    lifecycleIntervalMs: merged.lifecycleIntervalMs ?? 60_000,
    evaluationFlushMs: merged.evaluationFlushMs ?? 10_000,
    digestRetryMs: merged.digestRetryMs ?? 2000,
    now,
    logger: logger ?? (merged.logLevel === undefined ? true : { level: merged.logLevel }),
    shutdownGracePeriodMs,
    shutdownDelayMs,
  };
}

function definedOnly(options: Record<string, unknown>): ServerConfigFile {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
