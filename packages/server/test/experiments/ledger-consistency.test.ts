import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricDefinition } from '../../src/experiments/metric-definition.js';
import { unitStore } from '../../src/experiments/unit-store.js';
import { type RunningServer, startServer } from '../../src/index.js';
import { createDatabase, type DatabaseHandle } from '../../src/storage/create-database.js';
import { startTestServer, type TestServer, testAdminToken } from '../support/admin-client.js';
import { storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('experiment ledger tests (PostgreSQL)');
const P = '/api/v1/projects/default';
const E = `${P}/environments/production`;

/** A small deterministic PRNG (mulberry32), so that a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const metrics = [
  { event: 'purchase', type: 'conversion' },
  { event: 'purchase', type: 'mean' },
  { event: 'view', type: 'count' },
  {
    key: 'revenue-per-view',
    type: 'ratio',
    numerator: { event: 'purchase', of: 'value' },
    denominator: { event: 'view', of: 'count' },
  },
] as const;

describe.each(targets)('per-variant sums kept as events arrive, on %s', (target) => {
  let t: TestServer;
  let handle: DatabaseHandle;
  let serverKey: string;
  /** Where events go: one server on SQLite; on PostgreSQL, two replicas taking turns. */
  const replicas: string[] = [];
  let second: RunningServer | undefined;
  beforeAll(async () => {
    t = await startTestServer(target, { telemetryFlushMs: 50 });
    handle = createDatabase(t.database.location);
    serverKey = (await t.api('POST', `${E}/sdk-keys`, { name: 'svc', kind: 'server' })).body.key;
    replicas.push(t.server.url);
    if (target === 'postgres') {
      second = await startServer({
        port: 0,
        host: '127.0.0.1',
        dataDir: t.database.dir,
        db: t.database.location,
        adminToken: testAdminToken,
        logger: false,
        telemetryFlushMs: 50,
      });
      replicas.push(second.url);
    }
  });
  afterAll(async () => {
    await handle?.close();
    await second?.close();
    await t?.stop();
  });

  it('equal the sums counted again from every unit after random batches: conflicts, late and early events, units exposed after their events', async () => {
    await t.api('POST', `${P}/flags`, { key: 'ledger', variants: { a: 'a', b: 'b', c: 'c' } });
    const created = await t.api('POST', `${E}/experiments`, {
      key: 'ledger-test',
      flag: 'ledger',
      control: 'a',
      weights: { a: 1, b: 1, c: 1 },
      primaryMetric: metrics[0],
      secondaryMetrics: metrics.slice(1),
      attributionWindow: '1h',
    });
    expect(created.status, created.text).toBe(201);
    expect((await t.api('POST', `${E}/experiments/ledger-test/start`)).status).toBe(200);
    const next = random(20261130);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
    const base = Date.now() + 5000;
    const units = Array.from({ length: 400 }, (_, i) => `unit-${i}`);
    for (let round = 0; round < 7; round++) {
      const events: unknown[] = [];
      // The last round exposes every unit: tracks still waiting for their unit's exposure resolve.
      if (round === 6) {
        for (const unit of units) {
          const home = ['a', 'b', 'c'][Number(unit.slice(5)) % 3]!;
          events.push({
            kind: 'exposure',
            flag: 'ledger',
            variant: home,
            targetingKey: unit,
            timestamp: base + 700_000,
          });
        }
      }
      for (let i = 0; i < (round === 6 ? 0 : 600); i++) {
        const unit = pick(units);
        // Each unit mostly sees one variant; a few see another (and are excluded).
        const home = ['a', 'b', 'c'][Number(unit.slice(5)) % 3]!;
        const at = base + Math.floor(next() * 2 * 3600_000) - 600_000;
        if (next() < 0.35) {
          events.push({
            kind: 'exposure',
            flag: 'ledger',
            variant: next() < 0.03 ? pick(['a', 'b', 'c']) : home,
            targetingKey: unit,
            timestamp: base + Math.floor(next() * 600_000),
          });
        } else {
          const name = next() < 0.5 ? 'purchase' : 'view';
          events.push({
            kind: 'track',
            name,
            targetingKey: unit,
            timestamp: at,
            ...(name === 'purchase' && { value: Math.round(next() * 10000) / 100 }),
          });
        }
      }
      // Both replicas write the same units' rows at once (PostgreSQL): their sums must add up.
      const half = Math.ceil(events.length / replicas.length);
      const answers = await Promise.all(
        replicas.map((url, i) =>
          fetch(`${url}/sdk/v1/events`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-api-key': serverKey },
            body: JSON.stringify({ events: events.slice(i * half, (i + 1) * half) }),
          }),
        ),
      );
      for (const answer of answers) expect(answer.status).toBe(202);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    // Every event written (nothing pending any more, the last flush included).
    for (const url of replicas) {
      let pending = '';
      for (let i = 0; i < 100 && pending !== '0'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const text = await (await fetch(`${url}/metrics`)).text();
        pending = /switchyard_experiment_events_pending (\d+)/.exec(text)?.[1] ?? '';
      }
      expect(pending).toBe('0');
    }
    const experimentId = Number(
      (
        await handle.db
          .selectFrom('experiments')
          .select('id')
          .where('key', '=', 'ledger-test')
          .executeTakeFirstOrThrow()
      ).id,
    );
    const store = unitStore(handle.db, handle.dialect);
    const counted = await store.recountUnits(experimentId);
    expect(await store.variantUnits(experimentId)).toEqual(counted);
    expect(counted.reduce((a, v) => a + v.conflicted, 0)).toBeGreaterThan(0);
    const kept = await store.sums(experimentId);
    for (const input of metrics) {
      const metric = metricDefinition(input as never, '', [])!;
      const expected = await store.recountSums(experimentId, metric);
      const actual = kept.get(metric.key) ?? [];
      expect(actual.map((s) => [s.variant, s.n])).toEqual(expected.map((s) => [s.variant, s.n]));
      for (const [i, sums] of actual.entries()) {
        for (const field of [
          'sum',
          'sumSquares',
          'denominatorSum',
          'denominatorSumSquares',
          'crossSum',
        ] as const) {
          const want =
            metric.type === 'ratio' || (!field.startsWith('denominator') && field !== 'crossSum')
              ? expected[i]![field]
              : 0;
          expect(sums[field]).toBeCloseTo(want, 6);
        }
      }
    }
    const purchases = kept.get('purchase')!.reduce((a, s) => a + s.sum, 0);
    expect(purchases).toBeGreaterThan(0);
  });

  it('delete the per-unit rows with their experiment, also when it goes with its flag', async () => {
    const { id } = await handle.db
      .selectFrom('experiments')
      .select('id')
      .where('key', '=', 'ledger-test')
      .executeTakeFirstOrThrow();
    const rows = async () =>
      Promise.all(
        (['experiment_units', 'experiment_unit_events'] as const).map(async (table) =>
          Number(
            (
              await handle.db
                .selectFrom(table)
                .select((eb) => eb.fn.countAll().as('n'))
                .where('experiment_id', '=', id)
                .executeTakeFirstOrThrow()
            ).n,
          ),
        ),
      );
    const [units, events] = await rows();
    expect(units).toBeGreaterThan(0);
    expect(events).toBeGreaterThan(0);
    expect((await t.api('POST', `${E}/experiments/ledger-test/stop`)).status).toBe(200);
    const deleted = await t.api('DELETE', `${P}/flags/ledger`);
    expect(deleted.status, deleted.text).toBe(204);
    expect(await rows()).toEqual([0, 0]);
  });
});
