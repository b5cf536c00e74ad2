import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '@switchyard/server';
import { type CliRun, runCli } from './run-cli.js';

/** The admin token the test servers admit. */
export const ADMIN_TOKEN = 'cli-test-admin-token-0123456789';

export interface TestServer {
  readonly url: string;
  /** The environment a CLI run needs to reach this server as admin. */
  readonly env: Readonly<Record<string, string>>;
  /** Arranges state over the admin API directly (what a test starts from, not what it checks). */
  api<T = Record<string, unknown>>(method: string, path: string, body?: unknown, token?: string): Promise<T>;
  /** `switchyard ARGS` in-process against this server (SWITCHYARD_URL and SWITCHYARD_TOKEN set). */
  cli(args: readonly string[], cwd?: string): Promise<CliRun>;
  close(): Promise<void>;
}

/**
 * The real server in-process, on a fresh SQLite database in a temp directory, on a free loopback
 * port, admitting ADMIN_TOKEN. First start seeds project `default` with `development` and
 * `production`. `db` puts it on another database (a PostgreSQL URL). The rollout controller is slowed to once an hour so a rollout's timeline holds only
 * what the test did.
 */
export async function startTestServer(options: { db?: string } = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-cli-server-'));
  const server = await startServer({
    ...(options.db !== undefined && { db: options.db }),
    port: 0,
    host: '127.0.0.1',
    dataDir,
    adminToken: ADMIN_TOKEN,
    logger: false,
    rolloutIntervalMs: 3_600_000,
  });
  const env = { SWITCHYARD_URL: server.url, SWITCHYARD_TOKEN: ADMIN_TOKEN };
  return {
    url: server.url,
    env,
    async api<T>(method: string, path: string, body?: unknown, token = ADMIN_TOKEN) {
      const response = await fetch(`${server.url}/api/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
      return (text === '' ? undefined : JSON.parse(text)) as T;
    },
    cli: (args, cwd) => runCli(args, cwd, env),
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A boolean flag `on`/`off` in the default project (DISABLED everywhere, as every new flag). */
export async function createFlag(server: TestServer, key: string, extra: Record<string, unknown> = {}) {
  await server.api('POST', '/projects/default/flags', { key, variants: { on: true, off: false }, ...extra });
}
