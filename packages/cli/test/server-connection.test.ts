import { createServer as createHttpServer, type Server } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliConnectionError } from '../src/errors.js';
import { ApiClient } from '../src/server-api/api-client.js';
import { runCli } from './support/run-cli.js';
import { ADMIN_TOKEN, createFlag, startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await createFlag(server, 'beta');
});
afterAll(() => server?.close());

const status = ['rollout', 'status', '--environment', 'production'];
const listening = (s: Server | ReturnType<typeof createServer>) =>
  new Promise<number>((resolve) =>
    s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)),
  );
const closing = (s: { close(callback: () => void): unknown }) =>
  new Promise<void>((resolve) => s.close(() => resolve()));

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  const port = await listening(probe);
  await closing(probe);
  return port;
}

describe('reaching the server: --url and --token, or SWITCHYARD_URL and SWITCHYARD_TOKEN', () => {
  it('uses the environment variables', async () => {
    const run = await runCli(status, process.cwd(), server.env);
    expect(run).toEqual({ code: 0, stdout: 'No rollouts in production (project default).\n', stderr: '' });
  });

  it('uses the options alone', async () => {
    const run = await runCli([...status, '--url', server.url, '--token', ADMIN_TOKEN]);
    expect(run.code).toBe(0);
  });

  it('lets the options win over the environment', async () => {
    const wrongEnv = {
      SWITCHYARD_URL: `http://127.0.0.1:${await closedPort()}`,
      SWITCHYARD_TOKEN: 'not-the-token-0000000',
    };
    const run = await runCli(
      [...status, '--url', server.url, '--token', ADMIN_TOKEN],
      process.cwd(),
      wrongEnv,
    );
    expect(run.code).toBe(0);
    const tokenFromOption = await runCli(
      [...status, '--token', 'not-the-token-0000000'],
      process.cwd(),
      server.env,
    );
    expect(tokenFromOption.code).toBe(1);
  });

  it('accepts the API URL and a trailing slash as the server URL', async () => {
    for (const url of [`${server.url}/`, `${server.url}/api/v1`, `${server.url}/api/v1/`]) {
      expect((await runCli([...status, '--url', url, '--token', ADMIN_TOKEN])).code).toBe(0);
    }
  });

  it('says which token to check when the server refuses it (401, exit 1), and never prints the token', async () => {
    const token = 'sy_admin_wrong_secret_0123456789';
    const fromEnv = await runCli(status, process.cwd(), {
      SWITCHYARD_URL: server.url,
      SWITCHYARD_TOKEN: token,
    });
    expect(fromEnv).toEqual({
      code: 1,
      stdout: '',
      stderr: [
        'switchyard: error: the admin token is unknown or revoked (401 UNAUTHORIZED)',
        `Check the admin token in SWITCHYARD_TOKEN: the server at ${server.url} does not accept it.`,
        '',
      ].join('\n'),
    });
    const fromOption = await runCli([...status, '--token', token], process.cwd(), {
      SWITCHYARD_URL: server.url,
    });
    expect(fromOption.stderr).toContain('Check the admin token in --token:');
    expect(fromOption.stderr).not.toContain(token);
  });

  it('explains a token whose role does not allow the change (403, exit 1)', async () => {
    const viewer = await server.api<{ token: string }>('POST', '/admin-tokens', {
      name: 'reader',
      role: 'viewer',
    });
    const env = { SWITCHYARD_URL: server.url, SWITCHYARD_TOKEN: viewer.token };
    expect((await runCli(status, process.cwd(), env)).code).toBe(0);
    const start = [
      ...['rollout', 'start', '--environment', 'production', '--flag', 'beta', '--variant', 'on'],
      ...['--control', 'off', '--schedule', 'linear start=10 step=10 interval=1h', '--no-guardrails'],
    ];
    const run = await runCli(start, process.cwd(), env);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^switchyard: error: .+ \(403 FORBIDDEN\)\n/);
    expect(run.stderr).toContain(
      'The admin token in SWITCHYARD_TOKEN is valid here but may not do this: check its role, projects and grants.\n',
    );
    expect(run.stderr).not.toContain(viewer.token);
  });

  it('names the URL when nothing listens there (exit 1)', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const fromOption = await runCli([...status, '--url', url, '--token', ADMIN_TOKEN]);
    expect(fromOption).toEqual({
      code: 1,
      stdout: '',
      stderr: `switchyard: error: cannot reach the Switchyard server at ${url}: connection refused\nIs the server running, and is --url its address?\n`,
    });
    const fromEnv = await runCli(status, process.cwd(), {
      SWITCHYARD_URL: url,
      SWITCHYARD_TOKEN: ADMIN_TOKEN,
    });
    expect(fromEnv.stderr).toContain('Is the server running, and is SWITCHYARD_URL its address?\n');
  });

  it('defaults to the address switchyard serve listens on', async () => {
    const run = await runCli(status, process.cwd(), { SWITCHYARD_TOKEN: ADMIN_TOKEN, SWITCHYARD_URL: '' });
    // Whether or not something listens on 8080 here, the request went to the default URL.
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('http://127.0.0.1:8080');
  });

  it('says when the URL is not a Switchyard server', async () => {
    const other = createHttpServer((_request, response) => {
      response.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not here</h1>');
    });
    const port = await listening(other);
    try {
      const run = await runCli([...status, '--url', `http://127.0.0.1:${port}`, '--token', ADMIN_TOKEN]);
      expect(run).toEqual({
        code: 1,
        stdout: '',
        stderr: [
          `switchyard: error: the server at http://127.0.0.1:${port} answered 404 Not Found without a Switchyard error`,
          `Is http://127.0.0.1:${port} (from --url) the address of a Switchyard server?`,
          '',
        ].join('\n'),
      });
    } finally {
      await closing(other);
    }
  });

  it.each([
    [[], {}, 'no admin token: set SWITCHYARD_TOKEN (or pass --token TOKEN)'],
    [['--token', ''], {}, "option '--token' needs a non-empty admin token"],
    [
      ['--token', 'two words'],
      {},
      "the admin token in option '--token' contains spaces or characters a token never has",
    ],
    [
      ['--url', 'localhost:8080'],
      { SWITCHYARD_TOKEN: ADMIN_TOKEN },
      "option '--url' must be an http(s) URL, got 'localhost:8080'",
    ],
    [
      [],
      { SWITCHYARD_URL: 'not a url', SWITCHYARD_TOKEN: ADMIN_TOKEN },
      "SWITCHYARD_URL must be an http(s) URL such as http://127.0.0.1:8080, got 'not a url'",
    ],
    [
      ['--url', 'http://admin:secret@127.0.0.1:8080'],
      { SWITCHYARD_TOKEN: ADMIN_TOKEN },
      "option '--url' must not contain a user name or password",
    ],
    [
      ['--url', 'http://127.0.0.1:8080/?x=1'],
      { SWITCHYARD_TOKEN: ADMIN_TOKEN },
      "option '--url' must not have a query or fragment, got 'http://127.0.0.1:8080/?x=1'",
    ],
    [['--tokn', 'x'], {}, "unknown option '--tokn' (did you mean '--token'?)"],
  ])('%j with %j is a usage error (exit 2)', async (args, env, message) => {
    const run = await runCli([...status, ...args], process.cwd(), env);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `switchyard: error: ${message}\nRun 'switchyard rollout status --help' for usage.\n`,
    });
  });
});

describe('ApiClient', () => {
  it('gives up on a server that does not answer, naming the URL and the time waited', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket)); // accepts connections, never answers
    const port = await listening(silent);
    const url = `http://127.0.0.1:${port}`;
    const client = new ApiClient(
      { url, token: ADMIN_TOKEN, urlSource: '--url', tokenSource: '--token' },
      { timeoutMs: 200 },
    );
    try {
      const error = await client.get('/projects').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CliConnectionError);
      expect((error as Error).message).toBe(`no answer from the Switchyard server at ${url} within 0.2s`);
    } finally {
      for (const socket of sockets) socket.destroy();
      await closing(silent);
    }
  });
});
