/**
 * The Switchyard server, as `switchyard serve` runs it (production logger), serving the flag set in
 * `argv[2]`. Storage `file` (default): file mode, `--flags FILE`. Storage `sqlite`: a database in a
 * fresh directory, the flag set imported into `default` / `production` through the admin API, and
 * a server SDK key created for the requests (printed with the URL).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '@switchyard/server';

const [flagFile, storage = 'file'] = process.argv.slice(2);
const ADMIN_TOKEN = 'sy_admin_bench-ofrep-0123456789abcdef';

async function admin(url, method, path, body) {
  const response = await fetch(`${url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

let dataDir;
let server;
let sdkKey;
if (storage === 'sqlite') {
  dataDir = await mkdtemp(join(tmpdir(), 'switchyard-bench-ofrep-db-'));
  server = await startServer({ dataDir, adminToken: ADMIN_TOKEN, port: 0, host: '127.0.0.1' });
  const document = JSON.parse(await readFile(flagFile, 'utf8'));
  await admin(server.url, 'PUT', '/projects/default/environments/production/flagset', document);
  const created = await admin(server.url, 'POST', '/projects/default/environments/production/sdk-keys', {
    name: 'bench',
    kind: 'server',
  });
  sdkKey = created.key;
} else if (storage === 'file') {
  server = await startServer({ flagFiles: [flagFile], port: 0, host: '127.0.0.1' });
} else {
  throw new Error(`storage must be file or sqlite, got ${storage}`);
}
console.log(JSON.stringify({ url: server.url, ...(sdkKey && { sdkKey }) }));
process.on('SIGTERM', () => {
  server.close().then(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
});
