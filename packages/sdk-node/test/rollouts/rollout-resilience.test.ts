import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenFeature } from '@openfeature/server-sdk';
import { type RunningServer, startServer } from '@switchyard/server';
import { createPostgresSchema, type PostgresSchema } from '@switchyard/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { SwitchyardProvider } from '../../src/index.js';
import { ADMIN_TOKEN, AdminApi } from '../support/admin-api.js';
import { silentLogger } from '../support/event-log.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';
import { driveTraffic, type RolloutApp, startRolloutApp } from './rollout-app.js';

const E = '/projects/default/environments/production';
const plan = {
  flag: 'checkout',
  variant: 'on',
  control: 'off',
  schedule: { shape: 'linear', start: 20, step: 40, interval: '2s' },
  guardrails: [{ metric: 'error-rate', max: 0.05 }],
  minSamples: 30,
};
type Rollout = {
  status: string;
  state?: unknown;
  timeline: { action: string; step: number; actor: string }[];
  step: { index: number };
};

/** The decisions that moved the rollout (holds aside), in order. */
const moves = (rollout: Rollout) =>
  rollout.timeline.filter((e) => e.action !== 'hold').map((e) => `${e.action}@${e.step}`);

describe('the rollout controller keeps its state in the database', () => {
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('resumes a rollout where it stood after the server is killed mid-rollout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-resume-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const previous = {
      interval: process.env.SWITCHYARD_ROLLOUT_INTERVAL_MS,
      flush: process.env.SWITCHYARD_TELEMETRY_FLUSH_MS,
    };
    process.env.SWITCHYARD_ROLLOUT_INTERVAL_MS = '250';
    process.env.SWITCHYARD_TELEMETRY_FLUSH_MS = '100';
    cleanups.push(() => {
      // Assigning undefined would leave the string "undefined" behind.
      if (previous.interval === undefined) delete process.env.SWITCHYARD_ROLLOUT_INTERVAL_MS;
      else process.env.SWITCHYARD_ROLLOUT_INTERVAL_MS = previous.interval;
      if (previous.flush === undefined) delete process.env.SWITCHYARD_TELEMETRY_FLUSH_MS;
      else process.env.SWITCHYARD_TELEMETRY_FLUSH_MS = previous.flush;
    });
    let server: ServerProcess = await startServerProcess({ dataDir: dir, adminToken: ADMIN_TOKEN });
    cleanups.push(() => server.stop());
    const api = new AdminApi(server.url);
    const key = await api.sdkKey('production', 'server');
    await api.ok('POST', '/projects/default/flags', { key: 'checkout', variants: { on: true, off: false } });
    const provider = new SwitchyardProvider({
      url: server.url,
      sdkKey: key,
      logger: silentLogger,
      telemetryInterval: 1000,
    });
    cleanups.push(() => provider.onClose());
    await OpenFeature.setProviderAndWait('resume', provider);
    const app = await startRolloutApp('resume', {});
    cleanups.push(() => app.close());
    const { id } = await api.ok<{ id: string }>('POST', `${E}/rollouts`, plan);
    const rollout = () => api.ok<Rollout>('GET', `${E}/rollouts/${id}`);

    await driveTraffic(app, 'checkout', {
      users: 300,
      done: async () => (await rollout()).step.index >= 1,
      timeoutMs: 30_000,
    });
    const before = await rollout();
    expect(before.step.index).toBe(1);
    await server.kill9();
    server = await startServerProcess({ dataDir: dir, adminToken: ADMIN_TOKEN, port: server.port });
    // The restarted server continues the same rollout from its second step.
    await driveTraffic(app, 'checkout', {
      users: 300,
      done: async () => ['completed', 'rolled-back'].includes((await rollout()).status),
      timeoutMs: 40_000,
    });
    const after = await rollout();
    expect(after.status).toBe('completed');
    expect(moves(after)).toEqual(['start@0', 'advance@1', 'advance@2', 'complete@2']);
  }, 90_000);
});

describe('two replicas on one PostgreSQL database', () => {
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('never both act on a rollout: each step is decided once', async () => {
    const schema: PostgresSchema | null = await createPostgresSchema('rollout replicas (PostgreSQL)');
    if (schema === null) return;
    cleanups.push(() => schema.drop());
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-replicas-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const options = {
      port: 0,
      host: '127.0.0.1',
      db: schema.url,
      dataDir: dir,
      adminToken: ADMIN_TOKEN,
      logger: false,
      // Both look every 100 ms: they race for every step.
      rolloutIntervalMs: 100,
      telemetryFlushMs: 100,
    };
    const a: RunningServer = await startServer(options);
    cleanups.push(() => a.close());
    const b: RunningServer = await startServer(options);
    cleanups.push(() => b.close());
    const api = new AdminApi(a.url);
    const key = await api.sdkKey('production', 'server');
    await api.ok('POST', '/projects/default/flags', { key: 'checkout', variants: { on: true, off: false } });
    // The service reports to replica b; replica a is where people work.
    const provider = new SwitchyardProvider({
      url: b.url,
      sdkKey: key,
      logger: silentLogger,
      telemetryInterval: 1000,
    });
    cleanups.push(() => provider.onClose());
    await OpenFeature.setProviderAndWait('replicas', provider);
    const app: RolloutApp = await startRolloutApp('replicas', {});
    cleanups.push(() => app.close());
    const { id } = await api.ok<{ id: string }>('POST', `${E}/rollouts`, plan);
    const rollout = () => api.ok<Rollout>('GET', `${E}/rollouts/${id}`);
    await driveTraffic(app, 'checkout', {
      users: 300,
      done: async () => ['completed', 'rolled-back'].includes((await rollout()).status),
      timeoutMs: 40_000,
    });
    const done = await rollout();
    expect(done.status).toBe('completed');
    expect(moves(done)).toEqual(['start@0', 'advance@1', 'advance@2', 'complete@2']);
    // Decisions applied, summed over both replicas: each move exactly once.
    const applied = async (server: RunningServer, action: string) => {
      const text = await (await fetch(`${server.url}/metrics`)).text();
      const line = text
        .split('\n')
        .find((l) => l.startsWith('switchyard_rollout_decisions_total') && l.includes(`action="${action}"`));
      return line === undefined ? 0 : Number(line.split(' ').at(-1));
    };
    expect((await applied(a, 'advance')) + (await applied(b, 'advance'))).toBe(2);
    expect((await applied(a, 'complete')) + (await applied(b, 'complete'))).toBe(1);
    const audit = await api.ok<{ entries: { action: string }[] }>('GET', '/audit?limit=500');
    expect(audit.entries.filter((e) => e.action === 'rollout.advance')).toHaveLength(2);
  }, 90_000);
});
