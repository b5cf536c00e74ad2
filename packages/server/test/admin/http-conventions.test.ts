import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactUrl } from '../../src/http/logging.js';
import { type RunningServer, startServer } from '../../src/index.js';
import { startTestServer, type TestServer, testAdminToken } from '../support/admin-client.js';

const exampleFlags = fileURLToPath(new URL('../../../../examples/flags.json', import.meta.url));

describe('HTTP conventions of the admin API', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('sqlite', { metricsToken: 'metrics-token-0123456789' });
  });
  afterAll(() => t?.stop());

  it('answers a body that is not JSON with 415, not 400', async () => {
    const response = await t.api('POST', '/api/v1/projects', undefined, {
      raw: '{"key":"p"}',
      headers: { 'content-type': 'text/plain' },
    });
    expect(response.status).toBe(415);
    expect(response.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('names a __proto__ key as what it refuses, instead of calling the body invalid JSON', async () => {
    const response = await t.api(
      'PUT',
      '/api/v1/projects/default/environments/production/flagset',
      undefined,
      {
        raw: '{"flags":{},"metadata":{"__proto__":"x"}}',
      },
    );
    expect(response.status).toBe(400);
    expect(response.body.error.issues[0].message).toContain('"__proto__"');
  });

  it('sends X-Content-Type-Options: nosniff on admin answers, errors included', async () => {
    expect((await t.api('GET', '/api/v1/projects')).headers.get('x-content-type-options')).toBe('nosniff');
    expect((await t.api('GET', '/api/v1/nope')).headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers a method the path does not have with 405 and the methods it has', async () => {
    const response = await t.api('PUT', '/api/v1/projects/default/flags/x', {});
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, PATCH, DELETE');
    expect(response.body.error.message).toContain('PUT is not allowed');
    expect((await t.api('GET', '/api/v1/no/such/path')).status).toBe(404);
  });

  it('names the allowed values of an enumeration once, in one line', async () => {
    const response = await t.api('PUT', '/api/v1/projects/default/environments/production/flags/x', {
      state: 'ON',
      defaultVariant: null,
    });
    expect(response.status).toBe(400);
    expect(response.body.error.issues).toEqual([
      { path: '/body/state', message: 'must be one of: "ENABLED", "DISABLED"' },
    ]);
  });

  it('suggests the right name for a misspelt property', async () => {
    const response = await t.api('POST', '/api/v1/projects/default/flags', {
      key: 'typo',
      variants: { on: true, off: false },
      defualtVariant: 'off',
    });
    expect(response.status).toBe(400);
    expect(response.body.error.issues).toEqual([
      {
        path: '/body/defualtVariant',
        message: "is not an allowed property (did you mean 'defaultVariant'?)",
      },
    ]);
  });

  it('tells an admin token sent to an SDK endpoint that it is an admin token', async () => {
    const response = await fetch(`${t.server.url}/sdk/v1/flagset`, {
      headers: { 'x-api-key': testAdminToken },
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { errorDetails: string }).errorDetails).toContain(
      'this is an admin token',
    );
  });

  it('serves /metrics only with the metrics token when one is configured', async () => {
    const open = await fetch(`${t.server.url}/metrics`);
    expect(open.status).toBe(401);
    expect(await open.text()).not.toContain('switchyard_');
    const wrong = await fetch(`${t.server.url}/metrics`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${t.server.url}/metrics`, {
      headers: { authorization: 'Bearer metrics-token-0123456789' },
    });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('switchyard_');
  });

  it('closes the socket of a client that never finishes sending its headers', async () => {
    const socket = net.connect(t.server.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    const started = Date.now();
    const closedAfter = await new Promise<number>((resolve) => {
      socket.on('data', () => {});
      socket.once('close', () => resolve(Date.now() - started));
    });
    // The limit is 10 s, checked every 2 s (Node's defaults: 60 s, checked every 30 s).
    expect(closedAfter).toBeGreaterThanOrEqual(9_000);
    expect(closedAfter).toBeLessThan(15_000);
  }, 30_000);

  it('binds to loopback by default, and says where it listens', async () => {
    expect(t.server.listenAddress).toBe(t.server.url);
    expect(new URL(t.server.url).hostname).toBe('127.0.0.1');
  });
});

describe('a server bound to every interface', () => {
  let server: RunningServer;
  afterAll(() => server?.close());

  it('reports 0.0.0.0 as its listen address and loopback as where to reach it', async () => {
    server = await startServer({ port: 0, host: '0.0.0.0', flagFiles: [exampleFlags], logger: false });
    expect(server.listenAddress).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
    expect(server.url).toBe(server.listenAddress.replace('0.0.0.0', '127.0.0.1'));
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe('file mode', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, host: '127.0.0.1', flagFiles: [exampleFlags], logger: false });
  });
  afterAll(() => server?.close());

  it('says that it has no admin API instead of a bare 404', async () => {
    const response = await fetch(`${server.url}/api/v1/projects`);
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toContain('file mode');
    expect(body.error.message).toContain('no admin API');
  });
});

describe('redacting credentials from logged URLs', () => {
  it.each([
    ['/sdk/v1/ofrep-stream?key=sy_client_secret', '/sdk/v1/ofrep-stream?key=%5Bredacted%5D'],
    ['/sdk/v1/ofrep-stream?k%65y=sy_client_secret', '/sdk/v1/ofrep-stream?key=%5Bredacted%5D'],
    ['/x?KEY=a&other=1', '/x?KEY=%5Bredacted%5D&other=1'],
    ['/x?a=1&%74oken=s', '/x?a=1&token=%5Bredacted%5D'],
    ['/x?a=1', '/x?a=1'],
    ['/x', '/x'],
  ])('%s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
    expect(redactUrl(url)).not.toContain('secret');
  });
});
