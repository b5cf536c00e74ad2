/** The Switchyard server in file mode, as `switchyard serve --flags FILE` runs it (production logger). */
import { startServer } from '@switchyard/server';

const server = await startServer({ flagFiles: [process.argv[2]], port: 0, host: '127.0.0.1' });
console.log(JSON.stringify({ url: server.url }));
process.on('SIGTERM', () => {
  server.close().then(() => process.exit(0));
});
