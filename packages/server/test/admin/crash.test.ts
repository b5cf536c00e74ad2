import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testAdminToken } from '../support/admin-client.js';
import { type FreshDatabase, freshDatabase, storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('crash test (PostgreSQL)');
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const entry = fileURLToPath(new URL('../support/server-process.mjs', import.meta.url));

beforeAll(() => {
  // The crash test runs the built server in its own process, so build it first.
  execFileSync(process.execPath, [`${repoRoot}node_modules/typescript/bin/tsc`, '-b', 'packages/server'], {
    cwd: repoRoot,
    stdio: 'pipe',
  });
}, 120_000);

interface ServerProcess {
  child: ChildProcess;
  url: string;
}

function startProcess(database: FreshDatabase): Promise<ServerProcess> {
  const child = spawn(process.execPath, [entry], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      SWITCHYARD_DB: database.location,
      SWITCHYARD_DATA_DIR: database.dir,
      SWITCHYARD_ADMIN_TOKEN: testAdminToken,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.startsWith('{"url"'));
      if (line) resolve({ child, url: JSON.parse(line).url });
    });
    child.stderr!.on('data', (chunk) => {
      err += chunk;
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${err}`)));
  });
}

const headers = { authorization: `Bearer ${testAdminToken}`, 'content-type': 'application/json' };

describe.each(targets)('SIGKILL during a stream of writes on %s', (target) => {
  let database: FreshDatabase;
  let running: ServerProcess | undefined;
  afterAll(async () => {
    running?.child.kill('SIGKILL');
    await database?.cleanup();
  });

  it('keeps every acknowledged write after kill -9 and restart, and no write is half-applied', async () => {
    database = await freshDatabase(target);
    running = await startProcess(database);
    const first = running;
    const acknowledged: string[] = [];
    let stop = false;
    let counter = 0;
    const writer = async () => {
      while (!stop) {
        const key = `crash-${counter++}`;
        try {
          const response = await fetch(`${first.url}/api/v1/projects/default/flags`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ key, variants: { on: true, off: false } }),
          });
          if (response.status === 201) acknowledged.push(key);
          else if (response.status >= 500) throw new Error(`unexpected ${response.status}`);
        } catch {
          return; // the server is gone
        }
      }
    };
    const writers = Array.from({ length: 4 }, writer);
    while (acknowledged.length < 40) await new Promise((r) => setTimeout(r, 5));
    const exited = new Promise((r) => first.child.once('exit', r));
    first.child.kill('SIGKILL'); // writes are still in flight
    stop = true;
    await Promise.all(writers);
    await exited;

    running = await startProcess(database);
    const list = await fetch(`${running.url}/api/v1/projects/default/flags`, { headers });
    const keys = new Set((await list.json()).flags.map((f: { key: string }) => f.key));
    for (const key of acknowledged) expect(keys.has(key), key).toBe(true);

    // Atomicity: every flag that exists is in both environments' flag sets and has its audit entry.
    for (const env of ['development', 'production']) {
      const flagSet = await fetch(`${running.url}/api/v1/projects/default/environments/${env}/flagset`, {
        headers,
      });
      const flags = Object.keys((await flagSet.json()).flags);
      expect(flags.sort()).toEqual([...keys].sort());
    }
    const audit = await fetch(`${running.url}/api/v1/audit?limit=500`, { headers });
    const created = (await audit.json()).entries.filter(
      (e: { action: string }) => e.action === 'flag.create',
    );
    expect(created.length).toBe(keys.size);
  });
});
