// The server under test, in its own process (as in production: the providers' work does not slow
// it down). Started by run.js with --expose-gc and an IPC channel: it answers memory and CPU probes.
import { writeHeapSnapshot } from 'node:v8';
import { startServer } from '@switchyard/server';

const options = JSON.parse(process.env.SY_BENCH_SERVER ?? '{}');
const server = await startServer({ host: '127.0.0.1', port: 0, logger: false, ...options });

process.on('message', (message) => {
  if (message?.type === 'memory') {
    // Two full collections, so that the figure is what is live, not what awaits collection.
    globalThis.gc?.();
    globalThis.gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    process.send?.({ type: 'memory', rss, heapUsed, gc: typeof globalThis.gc === 'function' });
  } else if (message?.type === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send?.({ type: 'cpu', ms: (user + system) / 1000 });
  } else if (message?.type === 'snapshot') {
    globalThis.gc?.();
    process.send?.({ type: 'snapshot', path: writeHeapSnapshot() });
  } else if (message?.type === 'close') {
    void server.close().then(() => process.exit(0));
  }
});
process.send?.({ type: 'listening', url: server.url });
