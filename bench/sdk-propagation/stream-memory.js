// The server's memory per connected SDK stream client, without the provider fleet: `--clients`
// raw sockets (default 3,000) open `GET /sdk/v1/stream` from this process and wait for the first
// event. Prints RSS and heap growth per client after full collections; `--snapshot` also has the
// server write heap snapshots before and after connecting (their paths are printed), to see what
// each client retains.

import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminClient } from './admin.js';
import { startServerChild } from './server-child.js';

const ADMIN_TOKEN = 'sy_admin_bench-sdk-propagation-0123456789';
const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, '').split('=');
    return [key, value ?? 'true'];
  }),
);
const clients = Number(args.clients ?? 3000);
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const kib = (bytes) => `${(bytes / 1024).toFixed(2)} KiB`;

/** One stream client; resolves with its socket once the first event (the flag set) is in. */
function openStream(url, key) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let received = '';
    const onData = (chunk) => {
      received += chunk.toString('latin1');
      if (!received.includes('event: flagset')) return;
      socket.off('data', onData);
      // Keep reading (and dropping) what comes next, as a client does.
      socket.on('data', () => {});
      resolve(socket);
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.write(
      `GET /sdk/v1/stream HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: Bearer ${key}\r\n` +
        'Accept: text/event-stream\r\nUser-Agent: stream-memory\r\n\r\n',
    );
  });
}

const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-bench-stream-memory-'));
const server = await startServerChild({ dataDir, adminToken: ADMIN_TOKEN });
const sockets = [];
try {
  const admin = adminClient(server.url, ADMIN_TOKEN);
  await admin.createBooleanFlag('bench-flag');
  const key = await admin.serverKey();
  // Warm up the route (first-request allocations are not per client), then measure.
  const warm = await Promise.all(Array.from({ length: 50 }, () => openStream(server.url, key)));
  for (const socket of warm) socket.destroy();
  await pause(500);
  const before = await server.memory();
  if (args.snapshot) console.log(`heap snapshot before connecting: ${(await server.snapshot()).path}`);
  for (let i = 0; i < clients; i += 200) {
    const batch = Array.from({ length: Math.min(200, clients - i) }, () => openStream(server.url, key));
    sockets.push(...(await Promise.all(batch)));
  }
  const connected = await admin.streamClients();
  if (connected !== clients)
    throw new Error(`expected ${clients} stream clients, the server has ${connected}`);
  await pause(500);
  const after = await server.memory();
  const [one] = loadavg();
  console.log(
    `${clients} stream clients (load ${one.toFixed(2)}): RSS ${kib((after.rss - before.rss) / clients)}, ` +
      `heap ${kib((after.heapUsed - before.heapUsed) / clients)} per client`,
  );
  if (args.snapshot) console.log(`heap snapshot with the clients: ${(await server.snapshot()).path}`);
} finally {
  for (const socket of sockets) socket.destroy();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
