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
import { type EventsReceiver, startEventsReceiver } from './support/events-receiver.js';
import { type PageServer, startPageServer } from './support/page-server.js';

const ADMIN_TOKEN = 'sy_admin_sdk-web-events-test-0123456789';
const ENV = '/projects/default/environments/production';

interface PageGlobals {
  __events?: {
    ready: boolean;
    served: Record<string, { variant?: string; reason?: string }>;
    error?: string;
  };
  __track?: (name: string, value?: number) => void;
}

let chromium: LaunchedChromium | null = null;
let server: RunningServer;
let receiver: EventsReceiver;
let pages: PageServer;
let dataDir: string;
let clientKey: string;

beforeAll(async () => {
  chromium = await launchChromium('@switchyard/sdk-web events test');
  if (!chromium) return;
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-sdk-web-events-'));
  server = await startServer({ port: 0, host: '127.0.0.1', dataDir, adminToken: ADMIN_TOKEN, logger: false });
  const api = adminApi(server.url, ADMIN_TOKEN);
  const created = [
    await api('POST', '/projects/default/flags', {
      key: 'checkout-experiment',
      variants: { control: 'control', treatment: 'treatment' },
      defaultVariant: 'control',
    }),
    await api('PUT', `${ENV}/flags/checkout-experiment`, {
      state: 'ENABLED',
      defaultVariant: 'control',
      targeting: {
        fractional: [
          ['control', 50],
          ['treatment', 50],
        ],
      },
    }),
    await api('POST', '/projects/default/flags', {
      key: 'banner',
      variants: { red: 'red', green: 'green' },
      defaultVariant: 'red',
    }),
    await api('PUT', `${ENV}/flags/banner`, { state: 'ENABLED', defaultVariant: 'red' }),
  ];
  for (const answer of created) expect([200, 201], answer.text).toContain(answer.status);
  const key = await api('POST', `${ENV}/sdk-keys`, { name: 'storefront', kind: 'client' });
  expect(key.status, key.text).toBe(201);
  clientKey = String(key.body?.key);
  receiver = await startEventsReceiver(server.url);
  pages = await startPageServer(await bundlePage('events-page.ts'));
});

afterAll(async () => {
  await chromium?.close();
  await pages?.close();
  await receiver?.close();
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function openPage(
  user: string,
  options: { batch?: number; withoutSendBeacon?: boolean; context?: BrowserContext } = {},
): Promise<{ page: Page; errors: string[] }> {
  const { batch = 100, withoutSendBeacon = false } = options;
  const page = await (options.context ?? chromium!.browser).newPage();
  if (withoutSendBeacon) {
    await page.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'sendBeacon', { value: undefined });
    });
  }
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const query = new URLSearchParams({ server: receiver.url, key: clientKey, user, batch: String(batch) });
  await page.goto(`${pages.url}/?${query}`);
  await page.waitForFunction(() => {
    const state = (window as unknown as PageGlobals).__events;
    return state?.ready === true || state?.error !== undefined;
  });
  expect(await page.evaluate(() => (window as unknown as PageGlobals).__events?.error)).toBeUndefined();
  return { page, errors };
}

const served = (page: Page) => page.evaluate(() => (window as unknown as PageGlobals).__events!.served);
const track = (page: Page, name: string, value?: number) =>
  page.evaluate(([n, v]) => (window as unknown as PageGlobals).__track!(n, v), [name, value] as const);
const withoutTime = (events: SdkEvent[]) => events.map(({ timestamp: _, ...event }) => event);

describe('a page on @switchyard/sdk-web records exposures and conversions', () => {
  it('hands its queued events to a beacon when it is navigated away from', async (ctx) => {
    if (!chromium) return ctx.skip();
    receiver.posts.splice(0);
    const preflightsBefore = receiver.preflights.length;
    const before = Date.now();
    const { page, errors } = await openPage('visitor-1');
    const variants = await served(page);
    expect(variants['checkout-experiment']?.reason).toBe('TARGETING_MATCH');
    expect(variants.banner).toEqual({ variant: 'red', reason: 'STATIC' });
    await track(page, 'purchase', 30);
    await track(page, 'signup');
    // Batches of 100 and a 10-minute interval: nothing has been sent while the page was open.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.posts).toEqual([]);

    await page.goto('about:blank');
    const [post] = await receiver.waitFor(1);
    expect(post!.query.get('key')).toBe(clientKey);
    expect(post!.headers['content-type']).toBe('text/plain;charset=UTF-8');
    expect(post!.headers['x-api-key']).toBeUndefined();
    expect(receiver.preflights.length).toBe(preflightsBefore);
    // A beacon: fetch() would have gone in "cors" mode.
    expect(post!.headers['sec-fetch-mode']).toBe('no-cors');
    const events = (post!.body as { events: SdkEvent[] }).events;
    expect(withoutTime(events)).toEqual([
      {
        kind: 'exposure',
        flag: 'checkout-experiment',
        variant: variants['checkout-experiment']!.variant,
        targetingKey: 'visitor-1',
      },
      { kind: 'track', name: 'purchase', targetingKey: 'visitor-1', value: 30 },
      { kind: 'track', name: 'signup', targetingKey: 'visitor-1' },
    ]);
    for (const event of events) {
      expect(event.timestamp).toBeGreaterThanOrEqual(before);
      expect(event.timestamp).toBeLessThanOrEqual(Date.now());
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('sends a full batch while the page is open with the key in X-API-Key, through CORS', async (ctx) => {
    if (!chromium) return ctx.skip();
    receiver.posts.splice(0);
    const { page, errors } = await openPage('visitor-2', { batch: 2 });
    const variant = (await served(page))['checkout-experiment']?.variant;
    await track(page, 'purchase', 12.5);
    const [post] = await receiver.waitFor(1);
    expect(post!.headers['x-api-key']).toBe(clientKey);
    expect(post!.headers['content-type']).toBe('application/json');
    expect(post!.query.has('key')).toBe(false);
    expect(post!.headers.origin).toBe(pages.url);
    expect(receiver.preflights.at(-1)?.['access-control-request-headers']).toMatch(/x-api-key/);
    expect(withoutTime((post!.body as { events: SdkEvent[] }).events)).toEqual([
      { kind: 'exposure', flag: 'checkout-experiment', variant, targetingKey: 'visitor-2' },
      { kind: 'track', name: 'purchase', targetingKey: 'visitor-2', value: 12.5 },
    ]);
    // Sent and acknowledged (the page has the server's answer): leaving the page sends nothing more.
    await page.waitForFunction(() => {
      const status = (
        window as unknown as { __reporting: () => { sending: boolean; pending: number } }
      ).__reporting();
      return !status.sending && status.pending === 0;
    });
    await page.goto('about:blank');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.posts).toHaveLength(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('falls back to a keepalive fetch where the browser has no sendBeacon', async (ctx) => {
    if (!chromium) return ctx.skip();
    receiver.posts.splice(0);
    const preflightsBefore = receiver.preflights.length;
    const { page, errors } = await openPage('visitor-3', { withoutSendBeacon: true });
    expect(await page.evaluate(() => typeof navigator.sendBeacon)).toBe('undefined');
    await track(page, 'purchase', 7);
    await page.goto('about:blank');
    const [post] = await receiver.waitFor(1);
    expect(post!.headers['sec-fetch-mode']).toBe('cors');
    expect(post!.headers['content-type']).toBe('text/plain;charset=UTF-8');
    expect(post!.query.get('key')).toBe(clientKey);
    // A simple request: the page going away could not have waited for a preflight.
    expect(receiver.preflights.length).toBe(preflightsBefore);
    const events = (post!.body as { events: SdkEvent[] }).events;
    expect(withoutTime(events).at(-1)).toEqual({
      kind: 'track',
      name: 'purchase',
      targetingKey: 'visitor-3',
      value: 7,
    });
    expect(events.map((event) => event.kind)).toEqual(['exposure', 'track']);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('counts a variant shown from the persisted cache (CACHED) by the reason the server gave it', async (ctx) => {
    if (!chromium) return ctx.skip();
    const context = await chromium.browser.newContext();
    receiver.posts.splice(0);
    const first = await openPage('visitor-4', { context });
    const variant = (await served(first.page))['checkout-experiment']?.variant;
    await first.page.goto('about:blank');
    await receiver.waitFor(1);

    // The next visit renders from the cache the first one left, while the network answer is held back.
    receiver.delayEvaluations(3000);
    try {
      const second = await openPage('visitor-4', { context });
      expect((await served(second.page))['checkout-experiment']).toEqual({ variant, reason: 'CACHED' });
      expect((await served(second.page)).banner).toEqual({ variant: 'red', reason: 'CACHED' });
      await second.page.goto('about:blank');
      const [, post] = await receiver.waitFor(2);
      expect(withoutTime((post!.body as { events: SdkEvent[] }).events)).toEqual([
        { kind: 'exposure', flag: 'checkout-experiment', variant, targetingKey: 'visitor-4' },
      ]);
      expect(second.errors).toEqual([]);
    } finally {
      receiver.delayEvaluations(0);
      await context.close();
    }
  });
});
