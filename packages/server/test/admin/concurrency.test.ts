import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiResponse, startTestServer, type TestServer } from '../support/admin-client.js';
import { storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('admin API tests (PostgreSQL)');
const configPath = '/api/v1/projects/default/environments/production/flags/raced';

describe.each(targets)('concurrent writers on one flag on %s', (target) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(target);
    const variants = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`v${i}`, i]));
    await t.api('POST', '/api/v1/projects/default/flags', { key: 'raced', variants });
  });
  afterAll(() => t?.stop());

  const auditCount = async () => {
    const audit = await t.api('GET', '/api/v1/audit?environment=production&flag=raced&limit=500');
    return audit.body.entries.filter((e: { action: string }) => e.action === 'flag-config.update').length;
  };

  it('applies or answers 412 to every If-Match write; versions and audit entries match the applied count', async () => {
    const writers = 20;
    const attempts = 5;
    const applied: string[] = [];
    let refused = 0;
    const unexpected: number[] = [];
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let a = 0; a < attempts; a++) {
          const current = await t.api('GET', configPath);
          const etag = current.headers.get('etag')!;
          const write = await t.api(
            'PATCH',
            configPath,
            { defaultVariant: `v${w}` },
            { headers: { 'if-match': etag } },
          );
          if (write.status === 200) applied.push(write.headers.get('etag')!);
          else if (write.status === 412) refused++;
          else unexpected.push(write.status);
        }
      }),
    );
    expect(unexpected).toEqual([]);
    expect(applied.length + refused).toBe(writers * attempts);
    expect(applied.length).toBeGreaterThan(0);
    expect(new Set(applied).size).toBe(applied.length); // no two writes claimed the same version
    const final = await t.api('GET', configPath);
    expect(final.body.version).toBe(1 + applied.length);
    expect(await auditCount()).toBe(applied.length);
  });

  it('never loses an update between writers that send no If-Match', async () => {
    const before = (await t.api('GET', configPath)).body.version;
    const auditBefore = await auditCount();
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) => t.api('PATCH', configPath, { defaultVariant: `v${i % 20}` })),
    );
    expect(results.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    expect((await t.api('GET', configPath)).body.version).toBe(before + 25);
    expect(await auditCount()).toBe(auditBefore + 25);
  });
});

// A write that looked its project or environment up just before another writer deleted it. The
// deleting writer is held at the project lock (by a transaction of the test) until the second
// write is queued behind it, so the interleaving is certain rather than likely.
describe.skipIf(!targets.includes('postgres'))('a write racing a deletion on postgres', () => {
  let t: TestServer;
  let gate: pg.Client;
  /** Outside the gate's transaction, which would see one frozen snapshot of pg_stat_activity. */
  let watcher: pg.Client;
  beforeAll(async () => {
    t = await startTestServer('postgres');
    gate = new pg.Client({ connectionString: t.database.location });
    watcher = new pg.Client({ connectionString: t.database.location });
    await gate.connect();
    await watcher.connect();
  });
  afterAll(async () => {
    await gate?.end();
    await watcher?.end();
    await t?.stop();
  });

  /** Backends of this database waiting (directly or in line) on one of `pids`. */
  const blockedBy = async (pids: number[]): Promise<number[]> => {
    const { rows } = await watcher.query<{ pid: number }>(
      'select pid from pg_stat_activity where pg_blocking_pids(pid) && $1::int[]',
      [pids],
    );
    return rows.map((r) => r.pid);
  };
  const until = async (probe: () => Promise<number[]>, exclude: number[]): Promise<number> => {
    for (let i = 0; i < 400; i++) {
      const found = (await probe()).find((pid) => !exclude.includes(pid));
      if (found !== undefined) return found;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('the request never reached the project lock');
  };

  async function race(project: string, deletion: () => Promise<unknown>, write: () => Promise<ApiResponse>) {
    const self = (await gate.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    await gate.query('begin');
    await gate.query('select id from projects where key = $1 for update', [project]);
    const deleted = deletion();
    const deleter = await until(() => blockedBy([self]), []);
    const written = write();
    await until(() => blockedBy([self, deleter]), [deleter]);
    await gate.query('commit');
    await deleted;
    return written;
  }

  it('answers 404 to a flag configuration write whose environment was deleted first', async () => {
    await t.api('POST', '/api/v1/projects/default/flags', { key: 'orphan', variants: { on: true } });
    await t.api('POST', '/api/v1/projects/default/environments', { key: 'doomed' });
    const write = await race(
      'default',
      () => t.api('DELETE', '/api/v1/projects/default/environments/doomed'),
      () =>
        t.api('PUT', '/api/v1/projects/default/environments/doomed/flags/orphan', {
          state: 'ENABLED',
          defaultVariant: 'on',
        }),
    );
    expect(write.status).toBe(404);
    expect(write.body.error.message).toContain('environment "doomed" does not exist');
  });

  it('answers 404 to a flag creation whose project was deleted first', async () => {
    await t.api('POST', '/api/v1/projects', { key: 'doomed', environments: [{ key: 'e' }] });
    const write = await race(
      'doomed',
      () => t.api('DELETE', '/api/v1/projects/doomed'),
      () => t.api('POST', '/api/v1/projects/doomed/flags', { key: 'late', variants: { on: true } }),
    );
    expect(write.status).toBe(404);
    expect(write.body.error.message).toContain('project "doomed" does not exist');
  });
});
