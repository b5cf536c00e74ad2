import { join, resolve } from 'node:path';
import { defaultFlagKeyPattern } from '../flags/flag-key-rule.js';
import { ConfigError } from './config-error.js';
import { type OidcOptions, resolveOidcOptions } from './oidc-settings.js';

/** What `startServer` accepts; every field falls back to an environment variable, then a default. */
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
  /** Where the built dashboard is (default: the `@switchyard/dashboard` package's dist/; SWITCHYARD_DASHBOARD_DIR). */
  dashboardDir?: string;
  /** Single sign-on for the dashboard (SWITCHYARD_OIDC_*); see docs/single-sign-on.md. */
  oidc?: OidcOptions;
  /** Fastify/pino logger options, or false for silence. */
  logger?: boolean | Record<string, unknown>;
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
  dashboardDir: string | undefined;
  oidc: OidcOptions | undefined;
  logger: boolean | Record<string, unknown>;
}

export { ConfigError };

export function resolveServerConfig(
  options: ServerOptions,
  env: NodeJS.ProcessEnv = process.env,
): ServerConfig {
  const port = options.port ?? (env.PORT !== undefined ? Number(env.PORT) : 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`port must be an integer from 0 to 65535, got ${String(options.port ?? env.PORT)}`);
  }
  const dataDir = resolve(options.dataDir ?? env.SWITCHYARD_DATA_DIR ?? '.switchyard');
  const pattern = options.flagKeyPattern ?? env.SWITCHYARD_FLAG_KEY_PATTERN ?? defaultFlagKeyPattern;
  let flagKeyRule: RegExp;
  try {
    flagKeyRule = new RegExp(pattern);
  } catch (error) {
    throw new ConfigError(
      `flag key pattern ${JSON.stringify(pattern)} is not a valid regular expression: ${String(error)}`,
    );
  }
  const bodyLimit = options.bodyLimit ?? 1024 * 1024;
  const adminToken = options.adminToken ?? (env.SWITCHYARD_ADMIN_TOKEN || undefined);
  if (adminToken !== undefined && adminToken.length < 16) {
    throw new ConfigError('the admin token (SWITCHYARD_ADMIN_TOKEN) must be at least 16 characters long');
  }
  return {
    port,
    // Loopback unless asked: a laptop's flags are not the network's business (0.0.0.0 in containers).
    host: options.host ?? env.HOST ?? '127.0.0.1',
    dataDir,
    db: options.db ?? (env.SWITCHYARD_DB || undefined) ?? join(dataDir, 'switchyard.db'),
    adminToken,
    flagFiles: options.flagFiles ?? [],
    flagKeyRule,
    bodyLimit,
    metricsToken: options.metricsToken ?? (env.SWITCHYARD_METRICS_TOKEN || undefined),
    prometheusUrl: prometheusUrlOf(options.prometheusUrl ?? (env.SWITCHYARD_PROMETHEUS_URL || undefined)),
    rolloutIntervalMs: positiveMs(
      'rolloutIntervalMs (SWITCHYARD_ROLLOUT_INTERVAL_MS)',
      options.rolloutIntervalMs ?? numberFrom(env.SWITCHYARD_ROLLOUT_INTERVAL_MS) ?? 1000,
    ),
    telemetryFlushMs: positiveMs(
      'telemetryFlushMs (SWITCHYARD_TELEMETRY_FLUSH_MS)',
      options.telemetryFlushMs ?? numberFrom(env.SWITCHYARD_TELEMETRY_FLUSH_MS) ?? 1000,
    ),
    scheduleIntervalMs: positiveMs(
      'scheduleIntervalMs (SWITCHYARD_SCHEDULE_INTERVAL_MS)',
      options.scheduleIntervalMs ?? numberFrom(env.SWITCHYARD_SCHEDULE_INTERVAL_MS) ?? 1000,
    ),
    sessionTtlMs: sessionTtlMs(options.sessionTtlMs ?? numberFrom(env.SWITCHYARD_SESSION_TTL_MS)),
    dashboardDir: options.dashboardDir ?? (env.SWITCHYARD_DASHBOARD_DIR || undefined),
    oidc: resolveOidcOptions(options.oidc, env),
    logger: options.logger ?? true,
  };
}

function numberFrom(text: string | undefined): number | undefined {
  return text === undefined || text === '' ? undefined : Number(text);
}

function positiveMs(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 10 || value > 3_600_000) {
    throw new ConfigError(`${name} must be a whole number of milliseconds from 10 to 3600000, got ${value}`);
  }
  return value;
}

function prometheusUrlOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return url;
  } catch {}
  throw new ConfigError(
    `the Prometheus URL (SWITCHYARD_PROMETHEUS_URL) must be an http(s) URL, got ${JSON.stringify(url)}`,
  );
}

const TWELVE_HOURS_MS = 12 * 3_600_000;

function sessionTtlMs(value: number | undefined): number {
  if (value === undefined) return TWELVE_HOURS_MS;
  if (!Number.isInteger(value) || value < 60_000 || value > 30 * 24 * 3_600_000) {
    throw new ConfigError(
      `sessionTtlMs (SWITCHYARD_SESSION_TTL_MS) must be a whole number of milliseconds from 60000 (1 minute) to 2592000000 (30 days), got ${value}`,
    );
  }
  return value;
}
