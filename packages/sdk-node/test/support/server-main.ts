// Entry of the server child process used by tests that kill -9 the server and start it again on the
// same port and data dir. Options come from the environment; the address is printed as one JSON line.
import { startServer } from '@switchyard/server';

const server = await startServer({
  host: '127.0.0.1',
  port: Number(process.env.SY_TEST_PORT ?? 0),
  dataDir: process.env.SY_TEST_DATA_DIR,
  db: process.env.SY_TEST_DB,
  adminToken: process.env.SY_TEST_ADMIN_TOKEN,
  flagFiles: process.env.SY_TEST_FLAG_FILES ? JSON.parse(process.env.SY_TEST_FLAG_FILES) : undefined,
  logger: false,
});
process.stdout.write(`${JSON.stringify({ url: server.url, port: server.port })}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
