import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { startServer } from '../../src/start-server.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

test('close() does not wait for a connection that never sent a request', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-shutdown-'));
  dirs.push(dataDir);
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    adminToken: 'shutdown-test-admin-token',
    logger: false,
  });
  // A pre-opened socket, as HTTP clients keep in their pools: connected, no request yet.
  const socket = connect(server.port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const closedBy = new Promise<'socket-closed'>((resolve) =>
    socket.once('close', () => resolve('socket-closed')),
  );

  const started = Date.now();
  await server.close();
  const elapsed = Date.now() - started;

  // Without forcing such sockets closed, close() waits for Node's 60 s headers timeout.
  expect(elapsed).toBeLessThan(10_000);
  expect(await closedBy).toBe('socket-closed');
}, 20_000);

test('close() cuts a request still in flight at the end of the grace period', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-shutdown-'));
  dirs.push(dataDir);
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    adminToken: 'shutdown-test-admin-token',
    logger: false,
    shutdownGracePeriodMs: 1500,
  });
  // A request whose body never finishes arriving.
  const socket = connect(server.port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(
    'POST /api/v1/projects/default/flags HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer shutdown-test-admin-token\r\n' +
      'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"key":',
  );
  socket.on('error', () => {}); // the cut
  const closedBy = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise((resolve) => setTimeout(resolve, 300)); // the server has the request's headers

  const started = Date.now();
  await server.close();
  const elapsed = Date.now() - started;

  // The grace period less the little kept for closing storage.
  expect(elapsed).toBeGreaterThanOrEqual(1000);
  expect(elapsed).toBeLessThan(2500);
  await closedBy;
}, 20_000);
