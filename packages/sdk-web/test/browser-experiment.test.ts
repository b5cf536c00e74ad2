import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningServer, startServer } from '@switchyard/server';
import { type LaunchedChromium, launchChromium } from '@switchyard/testkit';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SdkEvent } from '../src/index.js';
import { adminApi } from './support/admin-api.js';
import { bundlePage } from './support/bundle-page.js';
import { type EventsRecorder, startEventsRecorder } from './support/events-recorder.js';
import { type PageServer, startPageServer } from './support/page-server.js';

// An A/B test end to end in Chromium: shop pages on their own loopback origin evaluate the
// experiment's flag through @switchyard/sdk-web against a real server, record purchases with
// track(), and leave: some send their events by fetch first, the others only as they unload (by
// beacon). The server's results must count exactly those visitors and purchases.

const ADMIN_TOKEN = 'sy_admin_sdk-web-experiment-test-0123456789';
const ENV = '/projects/default/environments/production';
const FLAG = 'storefront';

/** How a visit's events leave the page: an explicit flush (fetch), or the page going away (beacon). */
type Delivery = 'flush' | 'navigate' | 'close';

interface Visit {
  user: string;
  purchases: number[];
  delivery: Delivery;
}

const VISITS: Visit[] = [
  { user: 'shopper-0', purchases: [], delivery: 'navigate' },
  { user: 'shopper-1', purchases: [25], delivery: 'close' },
  { user: 'shopper-2', purchases: [40, 12], delivery: 'flush' },
  { user: 'shopper-3', purchases: [], delivery: 'close' },
  { user: 'shopper-4', purchases: [18], delivery: 'navigate' },
  { user: 'shopper-5', purchases: [], delivery: 'flush' },
  { user: 'shopper-6', purchases: [33], delivery: 'navigate' },
  { user: 'shopper-7', purchases: [], delivery: 'close' },
  { user: 'shopper-8', purchases: [51, 9], delivery: 'close' },
  { user: 'shopper-9', purchases: [27], delivery: 'flush' },
  { user: 'shopper-10', purchases: [], delivery: 'navigate' },
  { user: 'shopper-11', purchases: [64], delivery: 'navigate' },
  // Returning on another device: exposed again, counted once, and the purchase is theirs.
  { user: 'shopper-0', purchases: [15], delivery: 'close' },
  { user: 'shopper-9', purchases: [22], delivery: 'navigate' },
];

interface PageGlobals {
  __experiment?: { ready: boolean; variant?: string; reason?: string; error?: string };
  __buy?: (value: number) => void;
  __flush?: () => Promise<void>;
}

interface VariantRow {
  variant: string;
  units: number;
  mean: number | null;
}
interface Results {
  units: number;
  excludedUnits: number;
  srm: { observed: Record<string, number> } | null;
  variants: VariantRow[];
  metrics: { key: string; variants: VariantRow[] }[];
}

let chromium: LaunchedChromium | null = null;
let server: RunningServer;
let recorder: EventsRecorder;
let pages: PageServer;
let dataDir: string;
let clientKey: string;
let api: ReturnType<typeof adminApi>;

beforeAll(async () => {
  chromium = await launchChromium('@switchyard/sdk-web experiment end-to-end test');
  if (!chromium) return;
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-sdk-web-experiment-'));
  server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    adminToken: ADMIN_TOKEN,
    logger: false,
    telemetryFlushMs: 100,
  });
  api = adminApi(server.url, ADMIN_TOKEN);
  const setup = [
    await api('POST', '/projects/default/flags', { key: FLAG, variants: { on: true, off: false } }),
    await api('PUT', `${ENV}/flags/${FLAG}`, { state: 'ENABLED', defaultVariant: 'off' }),
    await api('POST', `${ENV}/experiments`, {
      key: 'storefront-test',
      flag: FLAG,
      control: 'off',
      weights: { off: 50, on: 50 },
      primaryMetric: { event: 'purchase', type: 'conversion' },
      secondaryMetrics: [{ key: 'revenue', event: 'purchase', type: 'mean' }],
    }),
    await api('POST', `${ENV}/experiments/storefront-test/start`),
  ];
  for (const answer of setup) expect([200, 201], answer.text).toContain(answer.status);
  const key = await api('POST', `${ENV}/sdk-keys`, { name: 'storefront', kind: 'client' });
  expect(key.status, key.text).toBe(201);
  clientKey = String(key.body?.key);
  recorder = await startEventsRecorder(server.url);
  pages = await startPageServer(await bundlePage('experiment-page.ts'));
});

afterAll(async () => {
  await chromium?.close();
  await pages?.close();
  await recorder?.close();
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** One visit in a browser profile of its own: served the flag, buys, leaves as `visit.delivery` says. */
async function shop(visit: Visit, context: BrowserContext): Promise<{ variant: string; errors: string[] }> {
  const page: Page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const query = new URLSearchParams({ server: recorder.url, key: clientKey, user: visit.user, flag: FLAG });
  await page.goto(`${pages.url}/?${query}`);
  await page.waitForFunction(() => {
    const state = (window as unknown as PageGlobals).__experiment;
    return state?.ready === true || state?.error !== undefined;
  });
  const state = await page.evaluate(() => (window as unknown as PageGlobals).__experiment!);
  expect(state.error).toBeUndefined();
  expect(state.reason).toBe('TARGETING_MATCH');
  for (const value of visit.purchases)
    await page.evaluate((v) => (window as unknown as PageGlobals).__buy!(v), value);
  if (visit.delivery === 'flush') {
    await page.evaluate(() => (window as unknown as PageGlobals).__flush!());
    await page.close();
  } else if (visit.delivery === 'navigate') {
    await page.goto('about:blank');
  } else {
    // As a person closes the tab.
    await page.close({ runBeforeUnload: true });
  }
  return { variant: state.variant!, errors };
}

const eventsOf = (post: { body: unknown }) => (post.body as { events: SdkEvent[] }).events;

async function until(done: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Events the server holds and has not written yet (from /metrics). */
async function pendingEvents(): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return Number(/^switchyard_experiment_events_pending (\d+)$/m.exec(text)?.[1]);
}

describe('an experiment through @switchyard/sdk-web in Chromium', () => {
  it('counts exactly the visitors and purchases of pages that flushed or only unloaded', async (ctx) => {
    if (!chromium) return ctx.skip();
    const contexts: BrowserContext[] = [];
    const served = new Map<string, string>();
    try {
      for (const visit of VISITS) {
        const context = await chromium.browser.newContext();
        contexts.push(context);
        const { variant, errors } = await shop(visit, context);
        expect(errors).toEqual([]);
        // Sticky: a returning visitor gets the variant of the first visit.
        expect(served.get(visit.user) ?? variant).toBe(variant);
        served.set(visit.user, variant);
      }
      // One exposure per visit, and every purchase.
      const expectedEvents = VISITS.reduce((n, visit) => n + 1 + visit.purchases.length, 0);
      await until(
        () => recorder.posts.reduce((n, post) => n + eventsOf(post).length, 0) >= expectedEvents,
        `${expectedEvents} events to reach the server`,
      );
    } finally {
      for (const context of contexts) await context.close();
    }

    // Each visit's events went in one post, by the path its exit took; the server took them all.
    expect(recorder.posts).toHaveLength(VISITS.length);
    for (const post of recorder.posts) expect(post.status).toBe(202);
    const transports = (user: string) =>
      recorder.posts
        .filter((post) => eventsOf(post).some((event) => event.targetingKey === user))
        .map((post) =>
          post.headers['sec-fetch-mode'] === 'no-cors' && post.query.get('key') === clientKey
            ? 'beacon'
            : post.headers['x-api-key'] === clientKey
              ? 'fetch'
              : 'unknown',
        )
        .sort();
    for (const user of served.keys()) {
      const expected = VISITS.filter((v) => v.user === user)
        .map((v) => (v.delivery === 'flush' ? 'fetch' : 'beacon'))
        .sort();
      expect(transports(user), user).toEqual(expected);
    }

    // What the server should report, from the visits: units, converters and revenue per variant.
    const expected: Record<string, { units: number; converted: number; revenue: number }> = {
      off: { units: 0, converted: 0, revenue: 0 },
      on: { units: 0, converted: 0, revenue: 0 },
    };
    for (const [user, variant] of served) {
      const purchases = VISITS.filter((v) => v.user === user).flatMap((v) => v.purchases);
      expected[variant]!.units++;
      expected[variant]!.converted += purchases.length > 0 ? 1 : 0;
      expected[variant]!.revenue += purchases.reduce((a, b) => a + b, 0);
    }
    // Both variants are in the test (the split is 50/50 over these keys).
    expect(expected.off!.units).toBeGreaterThan(1);
    expect(expected.on!.units).toBeGreaterThan(1);

    await until(async () => (await pendingEvents()) === 0, 'the server to write the events');
    const answer = await api('GET', `${ENV}/experiments/storefront-test/results`);
    expect(answer.status, answer.text).toBe(200);
    const results = answer.body as unknown as Results;
    expect(results).toMatchObject({
      units: served.size,
      excludedUnits: 0,
      srm: { observed: { off: expected.off!.units, on: expected.on!.units } },
    });
    const total = (row: VariantRow | undefined) => Math.round((row?.mean ?? 0) * (row?.units ?? 0));
    const revenue = results.metrics.find((m) => m.key === 'revenue')!.variants;
    for (const [index, variant] of ['off', 'on'].entries()) {
      expect(results.variants[index]).toMatchObject({ variant, units: expected[variant]!.units });
      expect(total(results.variants[index]), `${variant} conversions`).toBe(expected[variant]!.converted);
      expect(total(revenue[index]), `${variant} revenue`).toBe(expected[variant]!.revenue);
    }
  }, 60_000);
});
