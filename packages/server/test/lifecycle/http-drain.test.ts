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
