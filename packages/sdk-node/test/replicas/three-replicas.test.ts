import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenFeature } from '@openfeature/server-sdk';
import { createPostgresSchema, type PostgresSchema } from '@switchyard/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SwitchyardProvider } from '../../src/index.js';
import { driveTraffic, startRolloutApp } from '../rollouts/rollout-app.js';
import { ADMIN_TOKEN, AdminApi } from '../support/admin-api.js';
import { silentLogger } from '../support/event-log.js';
import { type FailoverProxy, startFailoverProxy } from '../support/failover-proxy.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

// Under CI=true a missing PostgreSQL fails here; elsewhere the suite is skipped with a message.
const probe = await createPostgresSchema('three replicas (PostgreSQL)');
await probe?.drop();

const E = '/projects/default/environments/production';
const variants = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`v${i}`, `v${i}`]));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The decisions that moved a rollout (holds aside), in order. */
const moves = (rollout: { timeline: { action: string; step: number }[] }) =>
  rollout.timeline.filter((e) => e.action !== 'hold').map((e) => `${e.action}@${e.step}`);

interface Client {
  domain: string;
  replica: number;
  proxy: FailoverProxy;
  provider: SwitchyardProvider;
}

describe.skipIf(probe === null)('three replicas on one PostgreSQL schema', () => {
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  const replicas: ServerProcess[] = [];
  let apis: AdminApi[] = [];
  const clients: Client[] = [];
  let key: string;

  const color = (client: Client) => OpenFeature.getClient(client.domain).getStringValue('color', 'none');
  /** Waits until every client evaluates `color` to `value`; answers how long that took. */
  const everyClientSees = async (value: string, among = clients, timeoutMs = 10_000) => {
    const started = Date.now();
    for (;;) {
      const seen = await Promise.all(among.map(color));
      if (seen.every((v) => v === value)) return Date.now() - started;
      if (Date.now() - started > timeoutMs)
        throw new Error(`after ${timeoutMs} ms clients see ${seen.join(', ')}, not ${value}`);
      await sleep(20);
    }
  };

  beforeAll(async () => {
    const schema: PostgresSchema = (await createPostgresSchema('three replicas (PostgreSQL)'))!;
    cleanups.push(() => schema.drop());
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-three-replicas-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const options = {
      dataDir: dir,
      db: schema.url,
      adminToken: ADMIN_TOKEN,
      // Three processes starting at once on a busy machine take a while.
      startTimeoutMs: 45_000,
      // Every replica looks often, so all of them race for each rollout step and schedule.
      env: {
        SWITCHYARD_ROLLOUT_INTERVAL_MS: '150',
        SWITCHYARD_SCHEDULE_INTERVAL_MS: '100',
        SWITCHYARD_TELEMETRY_FLUSH_MS: '100',
      },
    };
    // The first migrates the schema; the other two start together on it.
    replicas.push(await startServerProcess(options));
    replicas.push(...(await Promise.all([startServerProcess(options), startServerProcess(options)])));
    cleanups.push(() => Promise.all(replicas.map((r) => r.kill9())));
    apis = replicas.map((r) => new AdminApi(r.url));
    key = await apis[0]!.sdkKey('production', 'server');
    await apis[0]!.ok('POST', '/projects/default/flags', { key: 'color', variants, defaultVariant: 'v0' });
    await apis[0]!.configure('color', { defaultVariant: 'v0' });

    // Two providers per replica, each behind a proxy that prefers its replica and fails over in order.
    for (const [index] of replicas.entries()) {
      const order = [index, ...[0, 1, 2].filter((i) => i !== index)].map((i) => replicas[i]!.port);
      for (const name of ['a', 'b']) {
        const proxy = await startFailoverProxy(order);
        cleanups.push(() => proxy.close());
        const provider = new SwitchyardProvider({
          url: proxy.url,
          sdkKey: key,
          logger: silentLogger,
          // Replica 1's providers report the rollout's telemetry; the others open no connection
          // but their stream's, so the proxy's count shows when a stream reconnects.
          telemetryInterval: index === 1 ? 1000 : 3_600_000,
          // No jitter: a dropped stream waits exactly 1 s before its first reconnection.
          reconnect: { initialDelayMs: 1000, maxDelayMs: 2000, jitter: 0 },
        });
        const domain = `replica-${index}-${name}`;
        cleanups.push(() => provider.onClose());
        await OpenFeature.setProviderAndWait(domain, provider);
        clients.push({ domain, replica: index, proxy, provider });
      }
    }
  }, 120_000);
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('sends a change written to any replica to the providers of every replica', async () => {
    await everyClientSees('v0');
    for (const [index, api] of apis.entries()) {
      await api.configure('color', { defaultVariant: `v${index + 1}` });
      await everyClientSees(`v${index + 1}`, clients, 5000);
    }
  });

  it('runs the rollout controller and scheduled changes exactly once across the replicas', async () => {
    // Six schedules for the same instant, made on all three replicas.
    for (let i = 0; i < 6; i++) await apis[0]!.createBooleanFlag(`scheduled-${i}`);
    // Far enough ahead that all six exist by then, even on a busy machine.
    const at = new Date(Date.now() + 5000).toISOString();
    const ids = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const created = await apis[i % 3]!.ok<{ id: string }>('POST', '/schedules', {
          command: {
            action: 'flag-config.update',
            target: { project: 'default', environment: 'production', flag: `scheduled-${i}` },
            payload: { state: 'ENABLED', defaultVariant: 'on' },
          },
          at,
        });
        return created.id;
      }),
    );

    await apis[1]!.ok('POST', '/projects/default/flags', {
      key: 'checkout',
      variants: { on: true, off: false },
    });
    const { id } = await apis[2]!.ok<{ id: string }>('POST', `${E}/rollouts`, {
      flag: 'checkout',
      variant: 'on',
      control: 'off',
      schedule: { shape: 'linear', start: 20, step: 40, interval: '1s' },
      guardrails: [{ metric: 'error-rate', max: 0.05 }],
      minSamples: 10,
    });
    type Rollout = { status: string; timeline: { action: string; step: number }[] };
    const rollout = () => apis[0]!.ok<Rollout>('GET', `${E}/rollouts/${id}`);
    // The service's provider reports its telemetry to replica 1.
    const app = await startRolloutApp('replica-1-a', {});
    try {
      await driveTraffic(app, 'checkout', {
        users: 200,
        done: async () => ['completed', 'rolled-back'].includes((await rollout()).status),
        timeoutMs: 30_000,
      });
    } finally {
      await app.close();
    }
    const done = await rollout();
    expect(done.status).toBe('completed');
    expect(moves(done)).toEqual(['start@0', 'advance@1', 'advance@2', 'complete@2']);

    type Audit = { entries: { action: string; requestId: string; target?: unknown }[] };
    const audit = (await apis[1]!.ok<Audit>('GET', '/audit?limit=500')).entries;
    expect(audit.filter((e) => e.action === 'rollout.advance')).toHaveLength(2);
    expect(audit.filter((e) => e.action === 'rollout.complete')).toHaveLength(1);

    // The rollout may be done before the schedules are due: wait for each to be settled.
    const settled = async (scheduleId: string) => {
      const deadline = Date.parse(at) + 20_000;
      for (;;) {
        const schedule = await apis[2]!.ok<{ status: string; attempts: number }>(
          'GET',
          `/schedules/${scheduleId}`,
        );
        if (!['pending', 'running'].includes(schedule.status) || Date.now() > deadline) return schedule;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const schedules = [];
    for (const scheduleId of ids) schedules.push(await settled(scheduleId));
    const afterSchedules = (await apis[1]!.ok<Audit>('GET', '/audit?limit=500')).entries;
    for (const [i, scheduleId] of ids.entries()) {
      expect(schedules[i]).toMatchObject({ status: 'succeeded', attempts: 1 });
      expect(afterSchedules.filter((e) => e.requestId === `schedule:${scheduleId}`)).toHaveLength(1);
    }
  }, 45_000);

  it('loses nothing when a replica is killed mid-stream: its clients catch up through another', async () => {
    const orphans = clients.filter((c) => c.replica === 0);
    const openedBefore = orphans.map((c) => c.proxy.routed.length);
    let version = 10;
    const write = (replica: number) => apis[replica]!.configure('color', { defaultVariant: `v${version++}` });
    // Changes keep coming through the two survivors while replica 0 dies.
    for (let i = 0; i < 4; i++) await write(1 + (i % 2));
    await replicas[0]!.kill9();
    // Written while replica 0's clients are between streams (their reconnection waits 1 s).
    await write(2);
    expect(orphans.map((c) => c.proxy.routed.length)).toEqual(openedBefore);
    for (let i = 0; i < 6; i++) await write(1 + (i % 2));
    const last = `v${version - 1}`;
    await everyClientSees(last, clients, 10_000);
    // The orphans now stream from replica 1, the next in their proxy's order.
    for (const orphan of orphans) expect(orphan.proxy.routed.at(-1)).toBe(replicas[1]!.port);

    // And a change after the failover still reaches everyone.
    await apis[2]!.configure('color', { defaultVariant: 'v39' });
    await everyClientSees('v39', clients, 5000);
  }, 30_000);
});
