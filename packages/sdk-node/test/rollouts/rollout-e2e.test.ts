import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenFeature } from '@openfeature/server-sdk';
import { type RunningServer, startServer } from '@switchyard/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SwitchyardProvider } from '../../src/index.js';
import { ADMIN_TOKEN, AdminApi } from '../support/admin-api.js';
import { silentLogger } from '../support/event-log.js';
import { driveTraffic, type RolloutApp, startRolloutApp } from './rollout-app.js';

// Progressive delivery end to end on loopback, time compressed: a real server (SQLite), an Express
// service behind the Node provider's middleware reporting per-variant outcomes, traffic from a few
// hundred users, and the rollout controller deciding from what the SDK reports.
const E = '/projects/default/environments/production';
const interval = '2s';

interface RolloutAnswer {
  id: string;
  status: string;
  weight: number;
  timeline: {
    action: string;
    step: number;
    reason: string;
    evidence: { variants?: { variant: string; n: number }[] } | null;
  }[];
}

describe('rollouts driven by the SDKs\u2019 per-variant request outcomes', () => {
  let server: RunningServer;
  let api: AdminApi;
  let app: RolloutApp;
  let key: string;
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-rollouts-'));
  const providers: SwitchyardProvider[] = [];

  const provider = async (domain: string) => {
    const created = new SwitchyardProvider({
      url: server.url,
      sdkKey: key,
      logger: silentLogger,
      telemetryInterval: 1000,
    });
    providers.push(created);
    await OpenFeature.setProviderAndWait(domain, created);
    return OpenFeature.getClient(domain);
  };
  const rollout = (id: string) => api.ok<RolloutAnswer>('GET', `${E}/rollouts/${id}`);
  const start = async (
    flag: string,
    guardrails: unknown[],
    schedule: unknown = { shape: 'linear', start: 20, step: 40, interval },
  ) => {
    await api.ok('POST', '/projects/default/flags', { key: flag, variants: { on: true, off: false } });
    return api.ok<{ id: string }>('POST', `${E}/rollouts`, {
      flag,
      variant: 'on',
      control: 'off',
      schedule,
      guardrails,
      minSamples: 40,
    });
  };
  const until = (id: string, statuses: string[]) => async () => statuses.includes((await rollout(id)).status);

  beforeAll(async () => {
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      dataDir: dir,
      adminToken: ADMIN_TOKEN,
      logger: false,
      rolloutIntervalMs: 250,
      telemetryFlushMs: 100,
    });
    api = new AdminApi(server.url);
    key = await api.sdkKey('production', 'server');
    await provider('rollout-app');
    app = await startRolloutApp('rollout-app', {
      faulty: { failEvery: 4 },
      slow: { delayMs: 80 },
    });
  });
  afterAll(async () => {
    await app?.close();
    for (const created of providers) await created.onClose();
    await OpenFeature.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ramps a healthy variant step by step to 100%, then completes', async () => {
    const { id } = await start('healthy', [
      { metric: 'error-rate', max: 0.05 },
      { metric: 'error-rate', maxIncrease: 0.02 },
    ]);
    await driveTraffic(app, 'healthy', {
      users: 400,
      done: until(id, ['completed', 'rolled-back']),
      timeoutMs: 40_000,
    });
    const done = await rollout(id);
    expect(done.status).toBe('completed');
    expect(done.weight).toBe(100);
    const actions = done.timeline.map((e) => e.action).filter((a) => a !== 'hold');
    expect(actions).toEqual(['start', 'advance', 'advance', 'complete']);
    // Each advance was decided on the variant's own traffic, at least minSamples of it.
    for (const event of done.timeline.filter((e) => e.action === 'advance')) {
      const variant = event.evidence?.variants?.find((v) => v.variant === 'on');
      expect(variant?.n).toBeGreaterThanOrEqual(40);
    }
    // Every user gets the new variant now.
    for (let user = 0; user < 20; user++)
      expect((await app.request('healthy', `user-${user}`)).variant).toBe('on');
  }, 60_000);

  it('rolls a variant with elevated errors back within its first step, and every provider serves the safe variant', async () => {
    const { id } = await start('faulty', [{ metric: 'error-rate', max: 0.05 }]);
    await driveTraffic(app, 'faulty', {
      users: 400,
      done: until(id, ['completed', 'rolled-back']),
      timeoutMs: 30_000,
    });
    const done = await rollout(id);
    expect(done.status).toBe('rolled-back');
    const rollback = done.timeline.find((e) => e.action === 'rollback')!;
    expect(rollback.step).toBe(0);
    expect(rollback.reason).toContain('error-rate');
    expect(done.timeline.some((e) => e.action === 'advance')).toBe(false);
    // Other providers connected to the server serve the safe variant to everyone.
    const clients = [await provider('fleet-1'), await provider('fleet-2'), await provider('fleet-3')];
    for (const client of clients) {
      for (let user = 0; user < 200; user++) {
        const details = await client.getBooleanDetails('faulty', true, { targetingKey: `user-${user}` });
        expect(details.variant).toBe('off');
      }
    }
  }, 60_000);

  it('pauses a rollout whose variant is slower than its latency guardrail allows', async () => {
    const { id } = await start('slow', [{ metric: 'latency-p95', max: 50, onBreach: 'pause' }]);
    await driveTraffic(app, 'slow', {
      users: 400,
      done: until(id, ['paused', 'completed', 'rolled-back']),
      timeoutMs: 30_000,
    });
    const done = await rollout(id);
    expect(done.status).toBe('paused');
    expect(done.reason).toContain('latency-p95');
    expect(done.weight).toBe(20);
  }, 60_000);
});
