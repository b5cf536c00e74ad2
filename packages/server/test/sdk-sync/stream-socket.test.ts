import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { takeStreamSocket } from '../../src/sdk/sync/stream-socket.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

// As SseConnection answers: unchunked, the connection's last response.
const STREAM_HEAD = { 'content-type': 'text/event-stream', connection: 'close' };

let server: Server | undefined;
const clients: Socket[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function listen(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<number> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

/** A raw client: everything it receives, in order, and whether the server closed it. */
function client(port: number, request: string) {
  const socket = connect(port, '127.0.0.1');
  clients.push(socket);
  const state = { received: '', ended: false };
  socket.on('data', (chunk) => {
    state.received += chunk.toString('latin1');
  });
  socket.on('end', () => {
    state.ended = true;
  });
  socket.write(request);
  return { socket, state };
}

const until = async (condition: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
};
const GET = 'GET /stream HTTP/1.1\r\nHost: x\r\n\r\n';

describe('takeStreamSocket', () => {
  it('hands over the socket: later bytes reach the client, the request and response are let go', async () => {
    let taken: Socket | undefined;
    // (Not WeakRefs: Node keeps a WeakRef's target alive as long as the job that made it.)
    const collected = new Set<string>();
    const finalization = new FinalizationRegistry<string>((name) => collected.add(name));
    const errors: unknown[] = [];
    // Made out here: a closure made in the handler would hold the response (its scope) itself.
    const onError = () => errors.push('error');
    const port = await listen((request, response) => {
      response.useChunkedEncodingByDefault = false;
      response.writeHead(200, STREAM_HEAD);
      response.write('retry: 3000\n\n');
      finalization.register(request, 'request');
      finalization.register(response, 'response');
      setImmediate(() => {
        taken = takeStreamSocket(response, onError);
        if (taken) clients.push(taken);
      });
    });
    const { socket, state } = client(port, GET);
    await until(() => taken !== undefined);
    taken?.write('data: after\n\n');
    await until(() => state.received.endsWith('retry: 3000\n\ndata: after\n\n'));
    expect(state.received).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    // Nothing the HTTP server made for the request stays reachable from the socket.
    await until(() => {
      gc();
      return collected.size === 2;
    });
    expect([...collected].sort()).toEqual(['request', 'response']);
    expect(taken?.listenerCount('data')).toBe(0);
    // Bytes the client sends now are not parsed as a request (no 400 answer), and its end is seen.
    const ended = new Promise((resolve) => taken?.once('end', resolve));
    socket.write('not http at all\r\n\r\n');
    socket.end();
    await ended;
    expect(state.received.endsWith('data: after\n\n')).toBe(true);
    expect(errors).toEqual([]);
  });

  it('leaves a response whose bytes are still queued (headers not yet sent) to the HTTP server', async () => {
    let result: Socket | undefined | 'pending' = 'pending';
    const port = await listen((_request, response) => {
      response.useChunkedEncodingByDefault = false;
      response.writeHead(200, STREAM_HEAD);
      result = takeStreamSocket(response, () => {});
      response.end('data: through the response\n\n');
    });
    const { state } = client(port, GET);
    await until(() => state.ended);
    expect(result).toBeUndefined();
    expect(state.received.endsWith('data: through the response\n\n')).toBe(true);
  });
});
