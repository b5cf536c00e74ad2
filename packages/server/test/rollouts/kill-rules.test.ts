import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/admin-client.js';
import { storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('kill rule tests (PostgreSQL)');
const P = '/api/v1/projects/default';
const E = `${P}/environments/production`;
const bounds = [5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000, '+Inf'] as const;

describe.each(targets)('automatic kill switches on %s', (target) => {
  let t: TestServer;
  let key: string;
  beforeAll(async () => {
    t = await startTestServer(target, { rolloutIntervalMs: 100, telemetryFlushMs: 50 });
    key = (await t.api('POST', `${E}/sdk-keys`, { name: 'svc', kind: 'server' })).body.key;
  });
  afterAll(() => t?.stop());

  const report = (flag: string, variant: string, n: number, errors: number) =>
    fetch(`${t.server.url}/sdk/v1/telemetry`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: JSON.stringify({
        variants: [
          {
            flag,
            variant,
            n,
            errors,
            latency: { sum: n, sumSquares: n, buckets: bounds.map((le) => ({ le, count: n })) },
          },
        ],
      }),
    });

  it('checks the rule field by field', async () => {
    await t.api('POST', `${P}/flags`, {
      key: 'ops',
      kind: 'operational',
      variants: { on: true, off: false },
    });
    const bad = await t.api('PUT', `${E}/flags/ops/kill-rule`, { maxErrorRate: 0.1, for: 'soon' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toBe('/body/for');
    const misspelt = await t.api('PUT', `${E}/flags/ops/kill-rule`, { maxErrorRate: 0.1, fro: '1m' });
    expect(misspelt.status).toBe(400);
    expect(misspelt.text).toContain("did you mean 'for'");
    expect((await t.api('DELETE', `${E}/flags/ops/kill-rule`)).status).toBe(404);
  });

  it('kills a flag whose error rate stays above the limit for the whole duration, and not one that recovers', async () => {
    await t.api('POST', `${P}/flags`, {
      key: 'search',
      kind: 'operational',
      variants: { on: true, off: false },
    });
    await t.api('PUT', `${E}/flags/search`, { state: 'ENABLED', defaultVariant: 'on' });
    await t.api('POST', `${P}/flags`, {
      key: 'recovers',
      kind: 'operational',
      variants: { on: true, off: false },
    });
    await t.api('PUT', `${E}/flags/recovers`, { state: 'ENABLED', defaultVariant: 'on' });
    for (const flag of ['search', 'recovers']) {
      const set = await t.api('PUT', `${E}/flags/${flag}/kill-rule`, {
        maxErrorRate: 0.1,
        for: '1s',
        minSamples: 10,
      });
      expect(set.status, set.text).toBe(200);
    }
    const started = Date.now();
    let killed = false;
    for (let i = 0; i < 40 && !killed; i++) {
      await report('search', 'on', 50, 20);
      // "recovers" fails once, then answers well.
      await report('recovers', 'on', 50, i === 0 ? 20 : 0);
      await new Promise((resolve) => setTimeout(resolve, 150));
      killed = (await t.api('GET', `${E}/flagset`)).body.flags.search.defaultVariant === 'off';
    }
    expect(killed).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const flagSet = (await t.api('GET', `${E}/flagset`)).body.flags;
    expect(flagSet.recovers.defaultVariant).toBe('on');
    const audit = (await t.api('GET', '/api/v1/audit?flag=search&limit=20')).body.entries;
    const kill = audit.find((e: { action: string }) => e.action === 'flag.kill');
    expect(kill.actor.name).toBe('rollout controller');
    expect(kill.after).toMatchObject({ defaultVariant: 'off', targeting: null });
  });
});
