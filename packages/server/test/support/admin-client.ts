import { type RunningServer, startServer } from '../../src/index.js';
import { type FreshDatabase, freshDatabase, type TargetName } from './storage-targets.js';

export const testAdminToken = 'sy_admin_test-token-0123456789abcdef';

// biome-ignore lint/suspicious/noExplicitAny: tests inspect JSON answers loosely
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  token?: string | null;
  headers?: Record<string, string>;
  /** Sent as is (for malformed bodies); otherwise `body` is JSON-encoded. */
  raw?: string;
}

export interface TestServer {
  server: RunningServer;
  database: FreshDatabase;
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect JSON answers loosely
  api<T = any>(
    method: string,
    path: string,
    body?: unknown,
    options?: RequestOptions,
  ): Promise<ApiResponse<T>>;
  stop(): Promise<void>;
}

/** A real server on loopback over a fresh database, with a known admin token. */
export async function startTestServer(
  target: TargetName,
  extra: Record<string, unknown> = {},
): Promise<TestServer> {
  const database = await freshDatabase(target);
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir: database.dir,
    db: database.location,
    adminToken: testAdminToken,
    logger: false,
    ...extra,
  });
  const api = async (method: string, path: string, body?: unknown, options: RequestOptions = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? testAdminToken : options.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let payload: string | undefined = options.raw;
    if (payload === undefined && body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(`${server.url}${path}`, { method, headers, body: payload });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {}
    return { status: response.status, headers: response.headers, body: parsed as ApiResponse['body'], text };
  };
  return {
    server,
    database,
    api,
    async stop() {
      await server.close();
      await database.cleanup();
    },
  };
}
