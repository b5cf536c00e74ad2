// A real server process for crash tests: runs the built server (dist) with its configuration from the
// environment (PORT, HOST, SWITCHYARD_DB, SWITCHYARD_DATA_DIR, SWITCHYARD_ADMIN_TOKEN) and prints
// its URL as one JSON line once it listens.
import { startServer } from '../../dist/index.js';

const server = await startServer({ logger: false });
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
