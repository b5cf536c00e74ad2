import { type Static, type TSchema, Type } from '@sinclair/typebox';

const milliseconds = (description: string, minimum: number) =>
  Type.Integer({ minimum, maximum: 3_600_000, description });

/**
 * Everything `switchyard serve` can be configured with, in a config file (YAML or JSON), environment
 * variables and flags alike. docs/configuration.md documents each key; a test keeps the two in step.
 */
export const ServerConfigFileSchema = Type.Partial(
  Type.Object(
    {
      port: Type.Integer({
        minimum: 0,
        maximum: 65535,
        description: 'Port to listen on (0 picks a free one).',
      }),
      host: Type.String({
        minLength: 1,
        description: 'Interface to listen on (0.0.0.0 for every interface).',
      }),
      dataDir: Type.String({ minLength: 1, description: 'Data directory (the SQLite file lives here).' }),
      db: Type.String({ minLength: 1, description: 'postgres://… for PostgreSQL, or a SQLite file path.' }),
      adminToken: Type.String({
        minLength: 16,
        description: 'Admin token to admit (at least 16 characters).',
      }),
      flagFiles: Type.Array(Type.String({ minLength: 1 }), {
        description: 'File mode: serve these flagd files instead of a database (none: the database).',
      }),
      flagKeyPattern: Type.String({
        minLength: 1,
        description: 'Flag-key naming rule (a regular expression).',
      }),
      bodyLimit: Type.Integer({
        minimum: 1024,
        maximum: 100 * 1024 * 1024,
        description: 'Largest accepted admin API body, in bytes.',
      }),
      metricsToken: Type.String({
        minLength: 1,
        description: 'When set, GET /metrics needs it as a bearer token.',
      }),
      prometheusUrl: Type.String({
        pattern: '^https?://',
        description: 'Prometheus, for rollout guardrails written as PromQL.',
      }),
      rolloutIntervalMs: milliseconds('How often the rollout controller looks at active rollouts.', 10),
      telemetryFlushMs: milliseconds('How often summed SDK telemetry is written.', 10),
      scheduleIntervalMs: milliseconds('How often due schedules are looked for.', 10),
      sessionTtlMs: Type.Integer({
        minimum: 60_000,
        maximum: 30 * 24 * 3_600_000,
        description: 'How long a dashboard session lasts from sign-in (absolute expiry).',
      }),
      changeStreamHeartbeatMs: milliseconds(
        'How often GET /api/v1/changes sends a heartbeat and rechecks its credentials.',
        100,
      ),
      dashboardDir: Type.String({
        minLength: 1,
        description: "Where the built dashboard is (default: the @switchyard/dashboard package's dist/).",
      }),
      oidc: Type.Record(Type.String(), Type.Unknown(), {
        description:
          'Single sign-on with an OpenID Connect provider: issuer, clientId, clientSecret, roleMappings, … (docs/single-sign-on.md).',
      }),
      lifecycleIntervalMs: milliseconds('How often stale flags are counted and due digests sent.', 10),
      evaluationFlushMs: milliseconds('How often the latest evaluation of each flag is written.', 10),
      digestRetryMs: milliseconds(
        'The first wait before a failed digest delivery is retried (doubled each time).',
        10,
      ),
      logLevel: Type.Union(
        ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'].map((level) => Type.Literal(level)),
        { description: 'Log level (JSON lines on stdout).' },
      ),
      shutdownGracePeriodMs: Type.Integer({
        minimum: 0,
        maximum: 600_000,
        description:
          'On SIGTERM/SIGINT, how long requests in flight get to finish before the process exits regardless.',
      }),
      shutdownDelayMs: Type.Integer({
        minimum: 0,
        maximum: 600_000,
        description:
          'On SIGTERM/SIGINT, how long to keep serving with /readyz failing before refusing new connections.',
      }),
    },
    { additionalProperties: false },
  ),
);

export type ServerConfigFile = Static<typeof ServerConfigFileSchema>;
export type ConfigKey = keyof ServerConfigFile;

interface KeyInfo {
  /** The environment variable that sets it (none for lists). */
  env?: string;
  /** The command-line flag that sets it, where there is one. */
  flag?: string;
  /** What a valid value looks like, for error messages. */
  expected: string;
  /** Whether a relative value is a path (relative to the config file's directory in a file). */
  path?: boolean;
  default?: string;
}

export const configKeys: Record<ConfigKey, KeyInfo> = {
  port: { env: 'PORT', flag: '--port', expected: 'a whole number from 0 to 65535', default: '8080' },
  host: { env: 'HOST', flag: '--host', expected: 'a non-empty string', default: '127.0.0.1' },
  dataDir: {
    env: 'SWITCHYARD_DATA_DIR',
    flag: '--data-dir',
    expected: 'a directory path',
    path: true,
    default: '.switchyard',
  },
  db: {
    env: 'SWITCHYARD_DB',
    flag: '--db',
    expected: 'a postgres:// URL or a file path',
    path: true,
    default: '<dataDir>/switchyard.db',
  },
  adminToken: { env: 'SWITCHYARD_ADMIN_TOKEN', expected: 'a string of at least 16 characters' },
  flagFiles: { flag: '--flags', expected: 'a list of file paths', path: true },
  flagKeyPattern: {
    env: 'SWITCHYARD_FLAG_KEY_PATTERN',
    expected: 'a regular expression',
    default: '^[a-z0-9][a-z0-9._-]*$',
  },
  bodyLimit: {
    env: 'SWITCHYARD_BODY_LIMIT',
    expected: 'a whole number of bytes from 1024 to 104857600',
    default: '1048576',
  },
  metricsToken: { env: 'SWITCHYARD_METRICS_TOKEN', expected: 'a non-empty string' },
  prometheusUrl: { env: 'SWITCHYARD_PROMETHEUS_URL', expected: 'an http:// or https:// URL' },
  rolloutIntervalMs: {
    env: 'SWITCHYARD_ROLLOUT_INTERVAL_MS',
    expected: 'a whole number of milliseconds from 10 to 3600000',
    default: '1000',
  },
  telemetryFlushMs: {
    env: 'SWITCHYARD_TELEMETRY_FLUSH_MS',
    expected: 'a whole number of milliseconds from 10 to 3600000',
    default: '1000',
  },
  scheduleIntervalMs: {
    env: 'SWITCHYARD_SCHEDULE_INTERVAL_MS',
    expected: 'a whole number of milliseconds from 10 to 3600000',
    default: '1000',
  },
  sessionTtlMs: {
    env: 'SWITCHYARD_SESSION_TTL_MS',
    expected: 'a whole number of milliseconds from 60000 (1 minute) to 2592000000 (30 days)',
    default: '43200000',
  },
  changeStreamHeartbeatMs: {
    env: 'SWITCHYARD_CHANGE_STREAM_HEARTBEAT_MS',
    expected: 'a whole number of milliseconds from 100 to 3600000',
    default: '15000',
  },
  dashboardDir: { env: 'SWITCHYARD_DASHBOARD_DIR', expected: 'a directory path', path: true },
  // Also from SWITCHYARD_OIDC_ISSUER, SWITCHYARD_OIDC_CLIENT_ID, … (one variable per setting).
  oidc: {
    expected:
      'a mapping: issuer, clientId, clientSecret, redirectUri, scopes, groupsClaim, roleMappings, label',
  },
  lifecycleIntervalMs: {
    env: 'SWITCHYARD_LIFECYCLE_INTERVAL_MS',
    expected: 'a whole number of milliseconds from 10 to 3600000',
    default: '60000',
  },
  evaluationFlushMs: {
    env: 'SWITCHYARD_EVALUATION_FLUSH_MS',
    expected: 'a whole number of milliseconds from 10 to 3600000',
    default: '10000',
  },
  digestRetryMs: {
    env: 'SWITCHYARD_DIGEST_RETRY_MS',
    expected: 'a whole number of milliseconds from 10 to 3600000',
    default: '2000',
  },
  logLevel: {
    env: 'SWITCHYARD_LOG_LEVEL',
    expected: 'one of trace, debug, info, warn, error, fatal, silent',
    default: 'info',
  },
  shutdownGracePeriodMs: {
    env: 'SWITCHYARD_SHUTDOWN_GRACE_PERIOD_MS',
    expected: 'a whole number of milliseconds from 0 to 600000',
    default: '25000',
  },
  shutdownDelayMs: {
    env: 'SWITCHYARD_SHUTDOWN_DELAY_MS',
    expected: 'a whole number of milliseconds from 0 to 600000',
    default: '0',
  },
};

/** The schema of one key. */
export function keySchema(key: ConfigKey): TSchema {
  return ServerConfigFileSchema.properties[key] as TSchema;
}
