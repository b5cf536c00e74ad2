import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/index.js';
import { type ApiResponse, testAdminToken } from '../support/admin-client.js';
import { type FreshDatabase, freshDatabase, storageTargets } from '../support/storage-targets.js';
import { configCommand, entriesOfRun, inMs, scheduleWhen, sleep } from './schedule-support.js';

const targets = (await storageTargets('schedule replica tests (PostgreSQL)')).filter((t) => t === 'postgres');

describe.skipIf(targets.length === 0)('schedules with two replicas on one PostgreSQL database', () => {
  let database: FreshDatabase;
  let replicas: RunningServer[] = [];

  beforeAll(async () => {
    database = await freshDatabase('postgres');
    const options = {
      port: 0,
      host: '127.0.0.1',
      db: database.location,
      dataDir: database.dir,
      adminToken: testAdminToken,
      logger: false,
      // Both look often, so that both find the same schedules due.
      scheduleIntervalMs: 20,
    };
    replicas = [await startServer(options), await startServer(options)];
  });
  afterAll(async () => {
    for (const replica of replicas) await replica.close();
    await database?.cleanup();
  });

  const api = (server: RunningServer) => ({
    async api(method: string, path: string, body?: unknown): Promise<ApiResponse> {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${testAdminToken}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        body: text ? JSON.parse(text) : undefined,
        text,
      };
    },
  });

  it('runs each schedule exactly once, whichever replica claims it', async () => {
    const [a, b] = [api(replicas[0]!), api(replicas[1]!)];
    const at = inMs(2000);
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const flag = `race-${i}`;
      expect(
        (
          await a.api('POST', '/api/v1/projects/default/flags', {
            key: flag,
            variants: { on: true, off: false },
          })
        ).status,
      ).toBe(201);
      // Scheduled on either replica, all for the same instant.
      const created = await (i % 2 === 0 ? a : b).api('POST', '/api/v1/schedules', {
        command: configCommand(flag, { state: 'ENABLED' }),
        at,
      });
      expect(created.status, created.text).toBe(201);
      ids.push(created.body.id);
    }
    const ran = [];
    for (const id of ids) ran.push(await scheduleWhen(b, id));
    expect(ran.map((s) => s.status)).toEqual(ids.map(() => 'succeeded'));
    expect(ran.map((s) => s.attempts)).toEqual(ids.map(() => 1));
    await sleep(300);
    for (const id of ids) expect(await entriesOfRun(a, id), id).toHaveLength(1);
    const flags = (await a.api('GET', '/api/v1/projects/default/flags')).body.flags;
    for (let i = 0; i < 8; i++) {
      const flag = flags.find((f: { key: string }) => f.key === `race-${i}`);
      expect(flag.environments.production.state).toBe('ENABLED');
    }
  });
});
