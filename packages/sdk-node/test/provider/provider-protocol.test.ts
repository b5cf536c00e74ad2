import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OpenFeature, ProviderEvents } from '@openfeature/server-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { SwitchyardProvider } from '../../src/index.js';
import { EventLog, eventually, silentLogger } from '../support/event-log.js';

// Protocol situations the real server does not produce on demand (a skipped version, a silent
// connection, a proxy answering HTML), played by a scripted server on loopback.

const bool = (defaultVariant: 'on' | 'off') => ({
  state: 'ENABLED',
  variants: { on: true, off: false },
  defaultVariant,
});
const frame = (event: string, data: unknown, id?: number) =>
  `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

interface Scripted {
  url: string;
  requests: IncomingMessage[];
  server: Server;
}

const servers: Server[] = [];
afterEach(async () => {
  await OpenFeature.close();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function scripted(
  handle: (request: IncomingMessage, response: ServerResponse, count: number) => void,
): Promise<Scripted> {
  const requests: IncomingMessage[] = [];
  const server = createServer((request, response) => {
    requests.push(request);
    handle(request, response, requests.filter((r) => r.url === request.url).length);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

function openStream(response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  response.write('retry: 3000\n\n');
}

let domains = 0;
async function start(
  url: string,
  options: Partial<ConstructorParameters<typeof SwitchyardProvider>[0]> = {},
) {
  const provider = new SwitchyardProvider({
    url,
    sdkKey: 'sy_server_test',
    logger: silentLogger,
    reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
    ...options,
  });
  const log = new EventLog(provider);
  const domain = `protocol-${++domains}`;
  await OpenFeature.setProviderAndWait(domain, provider);
  return { provider, log, client: OpenFeature.getClient(domain) };
}

describe('SwitchyardProvider and the stream protocol', () => {
  it('fetches the whole flag set on a version gap, then applies what arrived meanwhile', async () => {
    const { url, requests } = await scripted((request, response) => {
      if (request.url === '/sdk/v1/flagset') {
        // Answered late, so that the change after the gap arrives while the refetch is in flight.
        setTimeout(() => {
          response.writeHead(200, {
            'content-type': 'application/json',
            etag: '"v4"',
            'x-switchyard-version': '4',
          });
          response.end(JSON.stringify({ flags: { a: bool('off'), c: bool('on') } }));
        }, 100);
        return;
      }
      openStream(response);
      response.write(
        frame('flagset', { version: 1, etag: '"v1"', flagSet: { flags: { a: bool('on') } } }, 1),
      );
      setTimeout(() => {
        response.write(frame('change', { version: 2, previousVersion: 1, flags: { a: bool('off') } }, 2));
        response.write(frame('change', { version: 4, previousVersion: 3, flags: { c: bool('on') } }, 4));
        response.write(frame('change', { version: 5, previousVersion: 4, flags: { b: bool('on') } }, 5));
      }, 50);
    });
    const { provider, log, client } = await start(url);
    expect(await client.getBooleanValue('a', false)).toBe(true);
    await eventually(() => provider.flagSetVersion, 5, 3000);
    expect(requests.map((r) => r.url)).toEqual(['/sdk/v1/stream', '/sdk/v1/flagset']);
    expect(requests[1]?.headers['x-api-key']).toBe('sy_server_test');
    expect(await client.getBooleanValue('a', true)).toBe(false);
    expect(await client.getBooleanValue('b', false)).toBe(true);
    expect(await client.getBooleanValue('c', false)).toBe(true);
    expect(new Set(log.changedSince(0))).toEqual(new Set(['a', 'b', 'c']));
  });

  it('treats a silent connection as dead and resumes from the version it holds', async () => {
    const { url, requests } = await scripted((_request, response, count) => {
      openStream(response);
      if (count === 1) {
        response.write(
          frame('flagset', { version: 7, etag: '"v7"', flagSet: { flags: { a: bool('on') } } }, 7),
        );
        return; // then silence: no heartbeat
      }
      response.write(frame('change', { version: 8, previousVersion: 7, flags: { a: bool('off') } }, 8));
      const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), 50);
      response.on('close', () => clearInterval(heartbeat));
    });
    const { log, client } = await start(url, { streamIdleTimeoutMs: 300 });
    const stale = await log.waitFor(ProviderEvents.Stale, { timeoutMs: 3000 });
    expect(stale.details?.message).toContain('silent for 300 ms');
    await log.waitFor(ProviderEvents.Ready, { timeoutMs: 3000 });
    await eventually(() => client.getBooleanValue('a', true), false, 2000);
    expect(requests[1]?.headers['last-event-id']).toBe('7');
    // Heartbeats keep the second connection alive past the idle limit.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(requests).toHaveLength(2);
  });

  it('retries with backoff when something that is not an event stream answers', async () => {
    const { url, requests } = await scripted((_request, response, count) => {
      if (count <= 2) {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end('<html>captive portal</html>');
        return;
      }
      openStream(response);
      response.write(frame('flagset', { version: 1, flagSet: { flags: { a: bool('on') } } }, 1));
    });
    const provider = new SwitchyardProvider({
      url,
      logger: silentLogger,
      reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
    });
    const log = new EventLog(provider);
    await expect(OpenFeature.setProviderAndWait('not-sse', provider)).rejects.toThrow(
      /text\/html, not an event stream/,
    );
    await log.waitFor(ProviderEvents.Ready, { timeoutMs: 3000 });
    expect(requests).toHaveLength(3);
    expect(requests[0]?.headers['x-api-key']).toBeUndefined();
    expect(await OpenFeature.getClient('not-sse').getBooleanValue('a', false)).toBe(true);
  });

  it('keeps the last good flag set when the server sends one that does not parse', async () => {
    const { url } = await scripted((_request, response, count) => {
      openStream(response);
      if (count === 1) {
        response.write(frame('flagset', { version: 1, flagSet: { flags: { a: bool('on') } } }, 1));
        setTimeout(
          () =>
            response.write(frame('flagset', { version: 2, flagSet: { flags: { a: { state: 'ON' } } } }, 2)),
          50,
        );
      }
    });
    const { log, client } = await start(url);
    const stale = await log.waitFor(ProviderEvents.Stale, { timeoutMs: 3000 });
    expect(stale.details?.message).toMatch(
      /flag set version 2, which does not parse.*still serving the previous one/,
    );
    expect(await client.getBooleanValue('a', false)).toBe(true);
  });

  it('in polling mode, reports STALE when a poll fails and READY when one succeeds again', async () => {
    const { url, requests } = await scripted((request, response, count) => {
      if (count === 2 || count === 3) {
        response.writeHead(502).end('bad gateway');
      } else if (request.headers['if-none-match'] === '"v1"') {
        response.writeHead(304).end();
      } else {
        response.writeHead(200, {
          'content-type': 'application/json',
          etag: '"v1"',
          'x-switchyard-version': '1',
        });
        response.end(JSON.stringify({ flags: { a: bool('on') } }));
      }
    });
    const { log, client } = await start(url, { mode: 'polling', pollIntervalMs: 100 });
    const stale = await log.waitFor(ProviderEvents.Stale, { timeoutMs: 3000 });
    expect(stale.details?.message).toContain('HTTP 502');
    expect(await client.getBooleanValue('a', false)).toBe(true);
    await log.waitFor(ProviderEvents.Ready, { timeoutMs: 3000 });
    expect(log.types().filter((type) => type === ProviderEvents.Stale)).toHaveLength(1);
    expect(requests[3]?.headers['if-none-match']).toBe('"v1"');
    // Nothing changed: a 304 after the outage is not a configuration change.
    expect(log.changedSince(0)).toEqual([]);
  });

  it('closed while loading its bootstrap, it settles at once and never connects', async () => {
    const { url, requests } = await scripted((_request, response) => {
      openStream(response);
      response.write(frame('flagset', { version: 1, flagSet: { flags: { a: bool('on') } } }, 1));
    });
    const provider = new SwitchyardProvider({
      url,
      sdkKey: 'sy_server_test',
      logger: silentLogger,
      bootstrap: { flags: { a: bool('off') } },
    });
    const starting = provider.initialize();
    await provider.onClose();
    const settled = await Promise.race([
      starting.then(
        () => 'resolved',
        (error: Error) => error.message,
      ),
      new Promise((resolve) => setTimeout(() => resolve('still pending'), 1000)),
    ]);
    expect(settled).toMatch(/closed before its first sync/);
    expect(requests).toHaveLength(0);
    expect(provider.state).toBe('closed');
  });

  it('joins a base URL with a path prefix (a reverse proxy)', async () => {
    const { url, requests } = await scripted((_request, response) => {
      openStream(response);
      response.write(frame('flagset', { version: 1, flagSet: { flags: { a: bool('on') } } }, 1));
    });
    await start(`${url}/switchyard`);
    expect(requests[0]?.url).toBe('/switchyard/sdk/v1/stream');
  });
});
