import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../../src/storage/create-database.js';
import { variantMetricStore } from '../../src/telemetry/variant-metric-store.js';
import { emptySummary } from '../../src/telemetry/variant-summary.js';
import { startTestServer, type TestServer } from '../support/admin-client.js';
import { storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('flag usage tests (PostgreSQL)');
const P = '/api/v1/projects/default';
const E = `${P}/environments/production`;
const bounds = [5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000, '+Inf'] as const;

describe.each(targets)('flag usage on %s', (target) => {
  let t: TestServer;
  let db: DatabaseHandle;
  let key: string;

  beforeAll(async () => {
    t = await startTestServer(target, { telemetryFlushMs: 50 });
    db = createDatabase(t.database.location);
    key = (await t.api('POST', `${E}/sdk-keys`, { name: 'svc', kind: 'server' })).body.key;
    await t.api('POST', `${P}/flags`, { key: 'checkout', variants: { on: true, off: false } });
    await t.api('PUT', `${E}/flags/checkout`, { state: 'ENABLED', defaultVariant: 'on' });
  });
  afterAll(async () => {
    await db?.close();
    await t?.stop();
  });

  const report = (variant: string, n: number, errors: number) =>
    fetch(`${t.server.url}/sdk/v1/telemetry`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: JSON.stringify({
        variants: [
          {
            flag: 'checkout',
            variant,
            n,
            errors,
            latency: { sum: n, sumSquares: n, buckets: bounds.map((le) => ({ le, count: n })) },
          },
        ],
      }),
    });

  it('counts the evaluations SDKs report per variant, in buckets over time', async () => {
    // History: two hours ago and ten minutes ago (as replicas write it), then a live report.
    const { id: environmentId } = await db.db
      .selectFrom('environments')
      .select('id')
      .where('key', '=', 'production')
      .executeTakeFirstOrThrow();
    const now = Math.floor(Date.now() / 1000);
    const row = (second: number, variant: string, n: number, errors: number) => ({
      environmentId,
      flagKey: 'checkout',
      variant,
      second,
      summary: { ...emptySummary(), n, errors },
    });
    await variantMetricStore(db.db).insert('replica-a', [
      row(now - 2 * 3600, 'on', 40, 0),
      row(now - 2 * 3600, 'off', 60, 2),
      row(now - 600, 'on', 7, 1),
    ]);
    await variantMetricStore(db.db).insert('replica-b', [row(now - 600, 'on', 3, 0)]);
    expect((await report('off', 5, 1)).status).toBe(202);
    // The live report is written by the next telemetry flush.
    let usage = await t.api('GET', `${E}/flags/checkout/usage?range=3h&step=1h`);
    for (let i = 0; i < 100 && usage.body.totals?.evaluations.off !== 65; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      usage = await t.api('GET', `${E}/flags/checkout/usage?range=3h&step=1h`);
    }
    expect(usage.status, usage.text).toBe(200);
    const body = usage.body;
    expect(body).toMatchObject({
      project: 'default',
      environment: 'production',
      flag: 'checkout',
      stepSeconds: 3600,
    });
    expect(body.variants).toEqual(['on', 'off']);
    expect(body.series).toHaveLength(3);
    expect(Date.parse(body.to) - Date.parse(body.from)).toBe(3 * 3600_000);
    expect(Date.parse(body.to)).toBeGreaterThan(Date.now());
    expect(Date.parse(body.series[0].at) % 3600_000).toBe(0);
    // Two hours ago is in the first bucket; ten minutes ago and now in the last (or, just after the
    // hour, ten minutes ago in the one before).
    expect(body.series[0].evaluations).toEqual({ on: 40, off: 60 });
    expect(body.series[0].errors).toEqual({ on: 0, off: 2 });
    const recent = body.series.slice(1);
    const sum = (variant: string) =>
      recent.reduce(
        (total: number, point: { evaluations: Record<string, number> }) =>
          total + point.evaluations[variant]!,
        0,
      );
    expect(sum('on')).toBe(10);
    expect(sum('off')).toBe(5);
    expect(body.series[2].evaluations.off).toBe(5);
    expect(body.totals).toEqual({ evaluations: { on: 50, off: 65 }, errors: { on: 1, off: 3 } });
    // A range that ends before the history shows none of it.
    const short = await t.api('GET', `${E}/flags/checkout/usage?range=5m&step=1m`);
    expect(short.body.series).toHaveLength(5);
    expect(short.body.totals.evaluations).toEqual({ on: 0, off: 5 });
  });

  it("adds this server's own remote evaluations (OFREP) since it started", async () => {
    const before = (await t.api('GET', `${E}/flags/checkout/usage`)).body.served;
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${t.server.url}/ofrep/v1/evaluate/flags/checkout`, {
        method: 'POST',
        headers: { 'x-api-key': key, 'content-type': 'application/json' },
        body: JSON.stringify({ context: { targetingKey: `user-${i}` } }),
      });
      expect(response.status).toBe(200);
    }
    const after = await t.api('GET', `${E}/flags/checkout/usage`);
    expect(after.body.served.evaluations.on).toBe(before.evaluations.on + 3);
    expect(after.body.served.evaluations.off).toBe(before.evaluations.off);
    // The default window: 24 hours in buckets of 30 minutes.
    expect(after.body.stepSeconds).toBe(1800);
    expect(after.body.series).toHaveLength(48);
  });

  it('says what is wrong with a window, and refuses what the token may not read', async () => {
    const cases: [string, string, RegExp][] = [
      ['range=8d', '/query/range', /at most 7d/],
      ['range=soon', '/query/range', /not a duration/],
      ['range=1h&step=1s', '/query/step', /3600 buckets/],
      ['range=1h&step=2h', '/query/step', /longer than the range/],
      ['range=1h&step=1.5s', '/query/step', /whole number of seconds/],
    ];
    for (const [query, path, message] of cases) {
      const response = await t.api('GET', `${E}/flags/checkout/usage?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.error.issues[0].path, query).toBe(path);
      expect(response.body.error.issues[0].message, query).toMatch(message);
    }
    const misspelt = await t.api('GET', `${E}/flags/checkout/usage?rnage=1h`);
    expect(misspelt.status).toBe(400);
    expect(misspelt.text).toContain('rnage');
    expect((await t.api('GET', `${E}/flags/nope/usage`)).status).toBe(404);
    expect((await t.api('GET', `${P}/environments/nope/flags/checkout/usage`)).status).toBe(404);
    await t.api('POST', '/api/v1/projects', { key: 'other', environments: [{ key: 'prod' }] });
    const outsider = (
      await t.api('POST', '/api/v1/admin-tokens', { name: 'o', role: 'viewer', projects: ['other'] })
    ).body.token;
    const refused = await t.api('GET', `${E}/flags/checkout/usage`, undefined, { token: outsider });
    expect(refused.status).toBe(403);
  });
});
