// One replica under soak, in its own process (started by replicas.js with --expose-gc and IPC).
import { startServer } from '@switchyard/server';

const server = await startServer({
  host: '127.0.0.1',
  port: 0,
  logger: false,
  ...JSON.parse(process.env.SY_SOAK_SERVER),
});
process.on('message', (message) => {
  if (message?.type === 'heap') {
    // Collected first, so the figure is what stays live, not what awaits collection.
    globalThis.gc?.();
    globalThis.gc?.();
    process.send?.({ type: 'heap', heapUsed: process.memoryUsage().heapUsed });
  } else if (message?.type === 'close') {
    void server.close().then(() => process.exit(0));
  }
});
process.send?.({ type: 'listening', url: server.url });
