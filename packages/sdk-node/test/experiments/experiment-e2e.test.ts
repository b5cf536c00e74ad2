import { OpenFeature } from '@openfeature/server-sdk';
import { type RunningServer, startServer } from '@switchyard/server';
import { createPostgresSchema, type PostgresSchema } from '@switchyard/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SwitchyardProvider } from '../../src/index.js';
import { ADMIN_TOKEN, AdminApi } from '../support/admin-api.js';
import { silentLogger } from '../support/event-log.js';
import { tempDir } from '../support/temp-dir.js';
import { mulberry32, type SimulatedUser, simulatePurchases, tally } from './simulated-users.js';

// An A/B test end to end on loopback: a real server, simulated users evaluating the experiment's flag
// through the real Node provider (which reports their exposures) and buying through OpenFeature's
// track(), and the results endpoint checked against the simulation's own record.

const E = '/projects/default/environments/production';
const USERS = 4000;
const SEED = 20_260_131;
/** Users a second instance of the service serves again. */
const REPEATED = 500;
const behaviour = { conversionRate: { off: 0.1, on: 0.13 }, repeatRate: 0.25 };
/** A purchase is worth 10 to 99 (54.5 on average), and a quarter of buyers buy twice. */
const REVENUE_PER_BUYER = (1 + behaviour.repeatRate) * 54.5;
/** The true effects the simulation builds in, absolute and relative: 13% against 10% of users buy. */
const TRUTH = {
  conversion: { effect: 0.13 - 0.1, lift: 0.13 / 0.1 - 1 },
  revenue: { effect: (0.13 - 0.1) * REVENUE_PER_BUYER, lift: 0.13 / 0.1 - 1 },
};

/**
 * What the simulation produces with this seed (the variants come from the server-written split, so
 * this changes only if bucketing or the simulation does): per variant, units, converted units,
 * purchases, and the sum of per-unit revenue and of its square.
 */
const SIMULATED = {
  off: { units: 2001, conversions: 188, purchases: 241, revenue: 12_740, revenueSquares: 1_152_654 },
  on: { units: 1999, conversions: 264, purchases: 329, revenue: 19_334, revenueSquares: 1_863_052 },
};

/*
 * Welch's test, computed independently of @switchyard/stats with SciPy 1.17 from the figures above
 * (for 0/1 conversion data the sum and the sum of squares are both the conversions; this equals
 * scipy.stats.ttest_ind on the 0/1 arrays):
 *
 * python3 -c '
 * import numpy as np; from scipy import stats
 * def compare(n, s, ss):  # units, sum and sum of squares of the per-unit value; control first
 *     m = [s[i] / n[i] for i in (0, 1)]
 *     se2 = [(ss[i] - s[i] ** 2 / n[i]) / (n[i] - 1) / n[i] for i in (0, 1)]
 *     r = stats.ttest_ind_from_stats(m[1], np.sqrt(se2[1] * n[1]), n[1], m[0], np.sqrt(se2[0] * n[0]), n[0], equal_var=False)
 *     df = (se2[0] + se2[1]) ** 2 / (se2[0] ** 2 / (n[0] - 1) + se2[1] ** 2 / (n[1] - 1))
 *     q = stats.t.ppf(0.975, df)
 *     d, se = m[1] - m[0], np.sqrt(se2[0] + se2[1])
 *     rel, se_rel = m[1] / m[0] - 1, np.sqrt(se2[1] / m[0] ** 2 + m[1] ** 2 * se2[0] / m[0] ** 4)
 *     print([float(x) for x in (r.pvalue, d - q * se, d + q * se, rel - q * se_rel, rel + q * se_rel, stats.norm.cdf(d / se))])
 * compare((2001, 1999), (188, 264), (188, 264))
 * compare((2001, 1999), (12740, 19334), (1152654, 1863052))
 * print([float(stats.chisquare(c).pvalue) for c in ([2001, 1999], [1320, 1080])])'
 *
 * The relative interval is the delta method's, with Welch's degrees of freedom.
 */
const SCIPY = {
  conversion: {
    pValue: 0.00013963841376193453,
    effectCi: [0.018513911865341928, 0.05771210719116285],
    ci: [0.15745998868667163, 0.6538605652072966],
    chanceToBeatControl: 0.9999312398567778,
  },
  revenue: {
    pValue: 6.836616079750087e-5,
    effectCi: [1.6795111967739387, 4.930527455735724],
    ci: [0.20543808007401743, 0.8327634382675708],
    chanceToBeatControl: 0.9999664453677846,
  },
  srmPValue: 0.9747728793699604,
  /** 1,320 control and 1,080 treatment units against a 50/50 split. */
  injectedSrmPValue: 9.63357008643095e-7,
};

function expectClose(actual: number, expected: number, relative = 1e-6): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(
    relative * Math.abs(expected),
  );
}

function expectComparison(row: VariantRow, expected: (typeof SCIPY)['conversion']): void {
  expectClose(row.pValue!, expected.pValue);
  expectClose(row.effectCi![0], expected.effectCi[0]!);
  expectClose(row.effectCi![1], expected.effectCi[1]!);
  expectClose(row.ci![0], expected.ci[0]!);
  expectClose(row.ci![1], expected.ci[1]!);
  expectClose(row.chanceToBeatControl!, expected.chanceToBeatControl);
  expect(row.significant).toBe(expected.pValue < 0.05);
}

/** The intervals contain the true effects. */
function expectCovers(row: VariantRow, truth: { effect: number; lift: number }): void {
  expect(row.effectCi![0]).toBeLessThan(truth.effect);
  expect(row.effectCi![1]).toBeGreaterThan(truth.effect);
  expect(row.ci![0]).toBeLessThan(truth.lift);
  expect(row.ci![1]).toBeGreaterThan(truth.lift);
}

/** The sample standard deviation of per-unit values from their sums. */
const sampleSd = (n: number, sum: number, squares: number) =>
  Math.sqrt((squares - (sum * sum) / n) / (n - 1));

interface VariantRow {
  variant: string;
  units: number;
  mean: number | null;
  stdDev: number | null;
  effect: number | null;
  effectCi: [number, number] | null;
  relativeEffect: number | null;
  ci: [number, number] | null;
  pValue: number | null;
  significant: boolean | null;
  chanceToBeatControl: number | null;
}
interface Results {
  units: number;
  excludedUnits: number;
  method: string;
  srm: { pValue: number; mismatch: boolean; observed: Record<string, number> } | null;
  warnings: string[];
  variants: VariantRow[];
  metrics: { key: string; variants: VariantRow[] }[];
}

const targets = ['sqlite', ...((await probePostgres()) ? ['postgres'] : [])];

async function probePostgres(): Promise<boolean> {
  const schema = await createPostgresSchema('experiment end-to-end test (PostgreSQL)');
  await schema?.drop();
  return schema !== null;
}

describe.each(targets)('an experiment through the real Node provider, on %s', (target) => {
  const dir = tempDir('switchyard-experiment-e2e-');
  let schema: PostgresSchema | null = null;
  let server: RunningServer;
  let api: AdminApi;
  let serverKey: string;
  const providers: SwitchyardProvider[] = [];

  const provider = async (domain: string, options: { exposures?: boolean } = {}) => {
    const created = new SwitchyardProvider({
      url: server.url,
      sdkKey: serverKey,
      logger: silentLogger,
      eventFlushInterval: 1000,
      ...options,
    });
    providers.push(created);
    await OpenFeature.setProviderAndWait(domain, created);
    return { provider: created, client: OpenFeature.getClient(domain) };
  };
  const results = (experiment: string) => api.ok<Results>('GET', `${E}/experiments/${experiment}/results`);
  /** Polls the results until `done` holds (the server writes events every 100 ms, and caches results). */
  const resultsWhen = async (experiment: string, done: (r: Results) => boolean, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const answer = await results(experiment);
      if (done(answer) || Date.now() > deadline) return answer;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  /** The server's counts of SDK events (from /metrics), once `done` holds. */
  const eventCountsWhen = async (done: (counts: Record<string, number>) => boolean, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = await (await fetch(`${server.url}/metrics`)).text();
      const counts: Record<string, number> = {};
      for (const [, outcome, value] of text.matchAll(
        /^switchyard_experiment_events_total\{outcome="(\w+)"\} (\d+)$/gm,
      ))
        counts[outcome!] = Number(value);
      counts.pending = Number(/^switchyard_experiment_events_pending (\d+)$/m.exec(text)?.[1]);
      if (done(counts) || Date.now() > deadline) return counts;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const startExperiment = async (flag: string, design: Record<string, unknown>) => {
    await api.createBooleanFlag(flag);
    await api.configure(flag, { defaultVariant: 'off' });
    await api.ok('POST', `${E}/experiments`, {
      flag,
      control: 'off',
      weights: { off: 50, on: 50 },
      primaryMetric: { event: 'purchase', type: 'conversion' },
      ...design,
    });
    await api.ok('POST', `${E}/experiments/${design.key}/start`);
  };

  beforeAll(async () => {
    if (target === 'postgres') {
      schema = await createPostgresSchema('experiment end-to-end test (PostgreSQL)');
      if (!schema) throw new Error('PostgreSQL became unreachable');
    }
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      dataDir: dir.path,
      ...(schema && { db: schema.url }),
      adminToken: ADMIN_TOKEN,
      logger: false,
      telemetryFlushMs: 100,
    });
    api = new AdminApi(server.url);
    serverKey = await api.sdkKey('production', 'server');
  });
  afterAll(async () => {
    for (const created of providers) await created.onClose();
    await server?.close();
    await schema?.drop();
    dir.remove();
  });

  it('counts every simulated unit once in the variant the provider served, and reports conversions with the right statistics', async () => {
    await startExperiment('checkout', {
      key: 'checkout-test',
      secondaryMetrics: [{ key: 'revenue', event: 'purchase', type: 'mean' }],
    });
    const shop = await provider('shop');
    const random = mulberry32(SEED);
    const users: SimulatedUser[] = [];
    for (let i = 0; i < USERS; i++) {
      const context = { targetingKey: `user-${i}` };
      // Rendered twice, as a page is: one exposure all the same.
      const details = await shop.client.getBooleanDetails('checkout', false, context);
      await shop.client.getBooleanDetails('checkout', false, context);
      expect(details.reason).toBe('TARGETING_MATCH');
      const variant = details.variant!;
      expect(details.value).toBe(variant === 'on');
      const purchases = simulatePurchases(random, variant, behaviour);
      for (const value of purchases) shop.client.track('purchase', context, { value });
      users.push({ key: context.targetingKey, variant, purchases });
    }
    // A second instance of the service serves some of the same users again: its exposures repeat
    // ones the server already has, and must not count those units twice.
    const other = await provider('shop-replica');
    for (const user of users.slice(0, REPEATED)) {
      const details = await other.client.getBooleanDetails('checkout', false, { targetingKey: user.key });
      expect(details.variant).toBe(user.variant);
    }
    await Promise.all([shop.provider.flush(), other.provider.flush()]);
    expect(shop.provider.reporting.events).toMatchObject({ pending: 0, dropped: 0 });
    expect(other.provider.reporting.events).toMatchObject({ pending: 0, dropped: 0 });

    const expected = tally(users, ['off', 'on']);
    // Pinned: the scipy constants below were computed from these figures.
    expect(expected).toEqual(SIMULATED);
    // The providers' sends were accepted, so the server holds every event; once none is pending,
    // all are written: every purchase credited to its unit, none discarded.
    const purchases = SIMULATED.off.purchases + SIMULATED.on.purchases;
    const counts = await eventCountsWhen((c) => c.pending === 0);
    // The exposures of the repeated users did reach the server: it is the server that counts them once.
    expect(counts).toMatchObject({
      exposure: USERS + REPEATED,
      track: purchases,
      attributed: purchases,
      discarded: 0,
      refused: 0,
    });
    const revenueOf = (r: Results, index: number) => {
      const row = r.metrics.find((m) => m.key === 'revenue')?.variants[index];
      return row?.mean == null ? null : Math.round(row.mean * row.units);
    };
    const answer = await resultsWhen(
      'checkout-test',
      (r) =>
        r.units === USERS &&
        revenueOf(r, 0) === SIMULATED.off.revenue &&
        revenueOf(r, 1) === SIMULATED.on.revenue,
    );
    expect(answer).toMatchObject({ units: USERS, excludedUnits: 0, method: 'welch-t', warnings: [] });
    // Each unit exactly once, in the variant the provider served it.
    const [control, treatment] = answer.variants;
    expect(control).toMatchObject({ variant: 'off', units: SIMULATED.off.units });
    expect(treatment).toMatchObject({ variant: 'on', units: SIMULATED.on.units });
    expect(answer.srm).toMatchObject({
      mismatch: false,
      observed: { off: SIMULATED.off.units, on: SIMULATED.on.units },
    });
    expectClose(answer.srm!.pValue, SCIPY.srmPValue);

    // The conversion rates are exactly the simulated ones.
    expectClose(control!.mean!, SIMULATED.off.conversions / SIMULATED.off.units, 1e-12);
    expectClose(treatment!.mean!, SIMULATED.on.conversions / SIMULATED.on.units, 1e-12);
    expectClose(
      control!.stdDev!,
      sampleSd(SIMULATED.off.units, SIMULATED.off.conversions, SIMULATED.off.conversions),
    );
    expectClose(
      treatment!.stdDev!,
      sampleSd(SIMULATED.on.units, SIMULATED.on.conversions, SIMULATED.on.conversions),
    );
    expectClose(treatment!.effect!, treatment!.mean! - control!.mean!, 1e-12);
    expectClose(treatment!.relativeEffect!, treatment!.mean! / control!.mean! - 1, 1e-12);
    expectComparison(treatment!, SCIPY.conversion);
    expectCovers(treatment!, TRUTH.conversion);

    const revenue = answer.metrics.find((m) => m.key === 'revenue')!.variants;
    expectClose(revenue[0]!.mean!, SIMULATED.off.revenue / SIMULATED.off.units, 1e-12);
    expectClose(revenue[1]!.mean!, SIMULATED.on.revenue / SIMULATED.on.units, 1e-12);
    const { off, on } = SIMULATED;
    expectClose(revenue[0]!.stdDev!, sampleSd(off.units, off.revenue, off.revenueSquares));
    expectClose(revenue[1]!.stdDev!, sampleSd(on.units, on.revenue, on.revenueSquares));
    expectComparison(revenue[1]!, SCIPY.revenue);
    expectCovers(revenue[1]!, TRUTH.revenue);
  }, 60_000);

  it('warns of a sample ratio mismatch when exposures split 55/45 on a 50/50 experiment', async () => {
    await startExperiment('recommendations', { key: 'recommendations-test' });
    // The variants come from the real split (a provider that reports no exposures of its own); the
    // exposure logging is what is broken: 1 in 11 treatment exposures is lost, so 1,320 control and
    // 1,080 treatment units arrive.
    const { client } = await provider('assignments', { exposures: false });
    const kept = { off: [] as string[], on: [] as string[] };
    const wanted = { off: 1320, on: 1080 };
    for (let i = 0; kept.off.length < wanted.off || kept.on.length < wanted.on; i++) {
      const key = `visitor-${i}`;
      const variant = (await client.getBooleanDetails('recommendations', false, { targetingKey: key }))
        .variant as 'off' | 'on';
      if (kept[variant].length < wanted[variant]) kept[variant].push(key);
    }
    const now = Date.now();
    const events = (['off', 'on'] as const).flatMap((variant) =>
      kept[variant].map((targetingKey) => ({
        kind: 'exposure',
        flag: 'recommendations',
        variant,
        targetingKey,
        timestamp: now,
      })),
    );
    const sent = await fetch(`${server.url}/sdk/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': serverKey },
      body: JSON.stringify({ events }),
    });
    expect(sent.status).toBe(202);
    expect(await sent.json()).toMatchObject({ accepted: 2400, rejected: 0 });

    // Accepted means held by the server; none pending means written.
    await eventCountsWhen((c) => c.pending === 0);
    const answer = await resultsWhen('recommendations-test', (r) => r.units === 2400);
    expect(answer.units).toBe(2400);
    expect(answer.srm).toMatchObject({ mismatch: true, observed: { off: 1320, on: 1080 } });
    expectClose(answer.srm!.pValue, SCIPY.injectedSrmPValue);
    expect(answer.warnings).toEqual([expect.stringContaining('SAMPLE RATIO MISMATCH')]);
    expect(answer.warnings[0]).toContain('off 1320 (expected 1200), on 1080 (expected 1200)');
  }, 60_000);
});
