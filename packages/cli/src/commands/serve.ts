import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseCommandArgs } from '../args/parse-command-args.js';
import type { CliIo } from '../cli-io.js';
import { CliInputError, CliUsageError, EXIT_OK } from '../errors.js';
import type { Command } from './command.js';

const help = `Usage:
  switchyard serve [--config FILE] [--port PORT] [--host HOST] [--data-dir DIR] [--db URL]
  switchyard serve --flags FILE... [--port PORT] [--host HOST]

Runs the Switchyard server: the web dashboard (/), the admin API (/api/v1), OFREP (/ofrep/v1),
flag-set sync and change streams (/sdk/v1), flagd's gRPC services, /metrics, /healthz and /readyz.
Logs are JSON lines on stdout.

Storage is a SQLite file in the data directory unless --db names a PostgreSQL database. On the first
start without SWITCHYARD_ADMIN_TOKEN, an admin token is created and printed once: store it then.

With --flags, the server serves the given flagd files (JSON or YAML) instead of a database, reloading
them when they change; there is no admin API and the SDK endpoints need no key. Several files are
combined as 'switchyard eval --flags' combines them (each file keeps its own $evaluators and metadata,
a flag defined in several files comes from the last one) into the one flag set SDKs sync.

Configuration comes from flags, then environment variables, then the config file (YAML or JSON), then
defaults; every key is checked at start. Keys and variables: packages/server/docs/configuration.md.

On SIGTERM or SIGINT the server shuts down gracefully: /readyz fails, new connections are refused,
streams end telling clients to reconnect, requests in flight finish; the process exits within the
grace period (SWITCHYARD_SHUTDOWN_GRACE_PERIOD_MS, default 25000). A second signal stops it at once.

Options:
  --config FILE     Config file, YAML or JSON (env SWITCHYARD_CONFIG); relative paths in it are
                    relative to the file.
  --port PORT       Port to listen on (env PORT; default 8080; 0 picks a free port).
  --host HOST       Interface to listen on (env HOST; default 127.0.0.1, this machine only;
                    0.0.0.0 for every interface, e.g. in a container).
  --data-dir DIR    Data directory (env SWITCHYARD_DATA_DIR; default ./.switchyard).
  --db URL          postgres://… for PostgreSQL, or a SQLite file path (env SWITCHYARD_DB).
  --flags FILE...   File mode: serve these flag files (repeatable).
  -h, --help        Show this help.

Environment:
  SWITCHYARD_CONFIG                    Config file (as --config).
  SWITCHYARD_ADMIN_TOKEN               Admin token to admit (at least 16 characters).
  SWITCHYARD_FLAG_KEY_PATTERN          Flag-key naming rule (default ^[a-z0-9][a-z0-9._-]*$).
  SWITCHYARD_LOG_LEVEL                 trace, debug, info (default), warn, error, fatal or silent.
  SWITCHYARD_METRICS_TOKEN             When set, GET /metrics needs Authorization: Bearer <token>.
  SWITCHYARD_SHUTDOWN_GRACE_PERIOD_MS  Longest graceful shutdown (default 25000).
  SWITCHYARD_SHUTDOWN_DELAY_MS         Serve on with /readyz failing this long first (default 0).
  SWITCHYARD_DASHBOARD_DIR             The built dashboard to serve at / (default: @switchyard/dashboard's dist/).
  SWITCHYARD_SESSION_TTL_MS            How long a dashboard sign-in lasts (default 43200000, 12 hours).
  SWITCHYARD_OIDC_ISSUER, …            Single sign-on (see packages/server/docs/single-sign-on.md).

Examples:
  switchyard serve
  switchyard serve --config /etc/switchyard/config.yaml
  switchyard serve --port 9000 --db postgres://switchyard@db:5432/switchyard
  switchyard serve --flags flags.json more-flags.yaml
`;

/** What `serve` needs from `@switchyard/server` (loaded lazily: the CLI builds without the server). */
interface ServerModule {
  startServer(options: Record<string, unknown>): Promise<{
    url: string;
    listenAddress: string;
    storage: string;
    initialAdminToken: string | undefined;
    close(): Promise<void>;
  }>;
}

/** Where the process's stop signals come from (injected by tests). */
export interface SignalSource {
  once(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

const SERVER_MODULE = '@switchyard/server';

export const command: Command = {
  name: 'serve',
  help,
  run: (args, io) => serveCommand(args, io),
};

/** Starts the server and resolves (exit code 0) once SIGINT or SIGTERM has closed it cleanly. */
export async function serveCommand(
  argv: readonly string[],
  io: CliIo,
  signals: SignalSource = process,
): Promise<number> {
  const options = parseServeArgs(argv, io);
  const { startServer } = (await import(SERVER_MODULE)) as ServerModule;
  let server: Awaited<ReturnType<ServerModule['startServer']>>;
  try {
    server = await startServer(options);
  } catch (error) {
    throw startFailure(error, options);
  }
  // What it is bound to, and where to reach it when that is every interface.
  const reach = server.listenAddress === server.url ? '' : `, reachable here at ${server.url}`;
  io.stdout.write(`Switchyard listening on ${server.listenAddress}${reach} (storage: ${server.storage})\n`);
  if (server.initialAdminToken) {
    io.stdout.write(
      `First start: created an admin token. It is shown only this once and stored only as a hash:\n  ${server.initialAdminToken}\n`,
    );
  }
  await new Promise<void>((done) => {
    const stop = () => {
      signals.off('SIGINT', stop);
      signals.off('SIGTERM', stop);
      done();
    };
    signals.once('SIGINT', stop);
    signals.once('SIGTERM', stop);
  });
  await server.close();
  return EXIT_OK;
}

const serveOptions = {
  port: { type: 'string' },
  host: { type: 'string' },
  'data-dir': { type: 'string' },
  db: { type: 'string' },
  flags: { type: 'string', multiple: true },
  config: { type: 'string' },
} as const;

function parseServeArgs(argv: readonly string[], io: CliIo): Record<string, unknown> {
  const { values, positionals } = parseCommandArgs(
    'serve',
    () => parseArgs({ args: [...argv], options: serveOptions, allowPositionals: true, strict: true }),
    { options: serveOptions, args: argv },
  );
  // `--flags a.json b.yaml`: files after the first --flags value arrive as positionals.
  if (positionals.length > 0 && !values.flags) {
    throw new CliUsageError(`unexpected argument '${positionals[0]}' (flag files go after --flags)`, 'serve');
  }
  const flagFiles = [...(values.flags ?? []), ...positionals].map((file) => resolve(io.cwd, file));
  if (flagFiles.length > 0 && values.db !== undefined) {
    throw new CliUsageError('--flags and --db cannot be combined: file mode uses no database', 'serve');
  }
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535) {
      throw new CliUsageError(`--port must be an integer from 0 to 65535, got '${values.port}'`, 'serve');
    }
  }
  const db = values.db;
  // Flags only: the server reads the environment and the config file itself, below the flags.
  return {
    ...(port !== undefined && { port }),
    ...(values.host !== undefined && { host: values.host }),
    ...(values['data-dir'] !== undefined && { dataDir: resolve(io.cwd, values['data-dir']) }),
    ...(db !== undefined && { db: /^postgres(ql)?:\/\//i.test(db) ? db : resolve(io.cwd, db) }),
    ...(flagFiles.length > 0 && { flagFiles }),
    ...(values.config !== undefined && { configFile: resolve(io.cwd, values.config) }),
    env: io.env,
    cwd: io.cwd,
  };
}

/** Start-up problems the user can fix become CLI errors with a plain message; anything else is a defect. */
function startFailure(error: unknown, options: Record<string, unknown>): unknown {
  // Storage errors arrive wrapped (a failed migration carries the connection error as its cause).
  let root = error as { code?: unknown; message?: unknown; cause?: unknown };
  while (root.code === 'MIGRATION_FAILED' && typeof root.cause === 'object' && root.cause !== null) {
    root = root.cause as typeof root;
  }
  const { code, message } = root;
  const port = String((root as { port?: unknown }).port ?? options.port ?? 8080);
  if (code === 'EADDRINUSE') return new CliInputError(`port ${port} is already in use`);
  if (code === 'EACCES') return new CliInputError(`not allowed to listen on port ${port}`);
  if (code === 'CONFIG_INVALID') return new CliUsageError(String(message), 'serve');
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === '28P01' || code === '3D000') {
    return new CliInputError(`cannot reach the database: ${String(message)}`);
  }
  if (typeof code === 'string' && (code.startsWith('SQLITE_CANTOPEN') || code === 'FLAG_FILE_INVALID')) {
    return new CliInputError(String(message));
  }
  return error;
}
