import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpDrain } from '../../src/http/http-drain.js';
import { takeStreamSocket } from '../../src/sdk/sync/stream-socket.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let server: Server | undefined;
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

const until = async (condition: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
};

describe('HttpDrain and a stream that took its socket', () => {
  it('forgets the response, keeps the socket through the drain, and cuts it when the grace period ends', async () => {
    const drain = new HttpDrain();
    const collected = new Set<string>();
    const finalization = new FinalizationRegistry<string>((name) => collected.add(name));
    const onError = () => {};
    let taken: Socket | undefined;
    server = createServer((request, response) => {
      drain.watch(request, response);
      response.useChunkedEncodingByDefault = false;
      response.writeHead(200, { 'content-type': 'text/event-stream', connection: 'close' });
      response.write('retry: 3000\n\n');
      finalization.register(response, 'response');
      setImmediate(() => {
        taken = takeStreamSocket(response, onError);
        if (taken) drain.handOver(response);
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (typeof address !== 'object' || address === null) throw new Error('no port');
    const client = connect(address.port, '127.0.0.1');
    sockets.push(client);
    let clientClosed = false;
    client.resume();
    client.on('close', () => {
      clientClosed = true;
    });
    client.write('GET /stream HTTP/1.1\r\nHost: x\r\n\r\n');
    await until(() => taken !== undefined);
    if (taken) sockets.push(taken);
    await until(() => {
      gc();
      return collected.has('response');
    });
    // Draining leaves a taken socket to its stream (which ends itself)…
    drain.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(taken?.destroyed).toBe(false);
    expect(clientClosed).toBe(false);
    // …until the grace period is over.
    drain.destroyAll();
    expect(taken?.destroyed).toBe(true);
    await until(() => clientClosed);
  });
});

/** A keep-alive connection to `server` that collects what it receives and whether it closed. */
async function rawClient(): Promise<{ socket: Socket; received: () => string; closed: () => boolean }> {
  const address = server?.address();
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  const socket = connect(address.port, '127.0.0.1');
  sockets.push(socket);
  let received = '';
  let closed = false;
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    received += chunk;
  });
  socket.on('close', () => {
    closed = true;
  });
  await new Promise((resolve) => socket.once('connect', resolve));
  return { socket, received: () => received, closed: () => closed };
}

const listen = (handler: Parameters<typeof createServer>[1]): Promise<void> => {
  server = createServer(handler);
  return new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
};

describe('HttpDrain and keep-alive connections', () => {
  it('answers the request in flight when the drain begins with Connection: close, and then closes', async () => {
    const drain = new HttpDrain();
    const pending: Array<() => void> = [];
    await listen((request, response) => {
      drain.watch(request, response);
      pending.push(() => response.end('late'));
    });
    const client = await rawClient();
    client.socket.write('GET /a HTTP/1.1\r\nHost: x\r\n\r\n');
    await until(() => pending.length === 1);
    drain.start();
    pending[0]?.();
    await until(() => client.closed());
    expect(client.received()).toMatch(/^HTTP\/1.1 200 OK\r\n/);
    expect(client.received()).toMatch(/\r\nConnection: close\r\n/i);
    expect(client.received()).toMatch(/late$/);
  });

  it('ends a connection whose response sent its headers before the drain once that response is over', async () => {
    const drain = new HttpDrain();
    let finish: (() => void) | undefined;
    await listen((request, response) => {
      drain.watch(request, response);
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('first ');
      finish = () => response.end('last');
    });
    const client = await rawClient();
    client.socket.write('GET /a HTTP/1.1\r\nHost: x\r\n\r\n');
    await until(() => client.received().includes('first'));
    expect(client.received()).toMatch(/\r\nConnection: keep-alive\r\n/i);
    drain.start();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(client.closed()).toBe(false);
    finish?.();
    await until(() => client.closed());
    expect(client.received()).toMatch(/last\r\n0\r\n\r\n$/);
  });

  it('answers requests that arrive while draining with Connection: close, and leaves idle connections open', async () => {
    const drain = new HttpDrain();
    await listen((request, response) => {
      drain.watch(request, response);
      response.end(request.url);
    });
    const idle = await rawClient();
    idle.socket.write('GET /before HTTP/1.1\r\nHost: x\r\n\r\n');
    await until(() => idle.received().endsWith('/before'));
    drain.start();
    await new Promise((resolve) => setTimeout(resolve, 30));
    // An idle connection is closing the server's job (server.close closes idle connections)…
    expect(idle.closed()).toBe(false);
    // …and the next request on it is its last.
    idle.socket.write('GET /after HTTP/1.1\r\nHost: x\r\n\r\n');
    await until(() => idle.closed());
    expect(idle.received()).toMatch(/\/before.*Connection: close\r\n.*\/after$/is);
  });

  it('closes a pipelined connection after its last request, answering every one', async () => {
    const drain = new HttpDrain();
    const pending: Array<() => void> = [];
    await listen((request, response) => {
      drain.watch(request, response);
      pending.push(() => response.end(request.url));
    });
    const client = await rawClient();
    client.socket.write('GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n\r\n');
    await until(() => pending.length === 2);
    drain.start();
    for (const end of pending) end();
    await until(() => client.closed());
    expect(client.received()).toMatch(/Connection: keep-alive\r\n.*\/one.*Connection: close\r\n.*\/two$/is);
  });
});
