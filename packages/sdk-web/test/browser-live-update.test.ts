import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningServer, startServer } from '@switchyard/server';
import { type LaunchedChromium, launchChromium } from '@switchyard/testkit';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi } from './support/admin-api.js';
import { bundlePage } from './support/bundle-page.js';
import { type PageServer, startPageServer } from './support/page-server.js';

const ADMIN_TOKEN = 'sy_admin_sdk-web-browser-test-0123456789';
const ENV = '/projects/default/environments/production';
// Values only the server may know: a targeting rule's operand and a variant no one is served.
const RULE_SECRET = 'enterprise-beta-cohort';
const UNSERVED_SECRET = 'unreleased-gold-3f9a';
const LIVE_WAIT_MS = 10_000;
const SCREENSHOT = join(tmpdir(), 'switchyard-sdk-web', 'live-flags.png');

/** What the page exposes to the test (see page/live-flags-page.ts), and a marker a reload would drop. */
interface PageGlobals {
  __page?: { ready: boolean; renders: number; error?: string };
  __marker?: string;
}

let chromium: LaunchedChromium | null = null;
let server: RunningServer;
let pages: PageServer;
let dataDir: string;
let clientKey: string;
let api: ReturnType<typeof adminApi>;

beforeAll(async () => {
  chromium = await launchChromium('@switchyard/sdk-web browser test');
  if (!chromium) return;
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-sdk-web-'));
  server = await startServer({ port: 0, host: '127.0.0.1', dataDir, adminToken: ADMIN_TOKEN, logger: false });
  api = adminApi(server.url, ADMIN_TOKEN);
  await createFlags();
  const key = await api('POST', `${ENV}/sdk-keys`, { name: 'web storefront', kind: 'client' });
  expect(key.status, key.text).toBe(201);
  clientKey = String(key.body?.key);
  expect(clientKey).toMatch(/^sy_client_/);
  pages = await startPageServer(await bundlePage('live-flags-page.ts'));
});

afterAll(async () => {
  await chromium?.close();
  await pages?.close();
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function createFlags(): Promise<void> {
  const checkout = await api('POST', '/projects/default/flags', {
    key: 'new-checkout',
    variants: { on: true, off: false },
    defaultVariant: 'off',
  });
  expect(checkout.status, checkout.text).toBe(201);
  const checkoutConfig = await api('PUT', `${ENV}/flags/new-checkout`, {
    state: 'ENABLED',
    defaultVariant: 'off',
    targeting: { if: [{ '==': [{ var: 'plan' }, RULE_SECRET] }, 'on', null] },
  });
  expect(checkoutConfig.status, checkoutConfig.text).toBe(200);
  const banner = await api('POST', '/projects/default/flags', {
    key: 'banner-color',
    variants: { red: 'crimson', green: 'seagreen', gold: UNSERVED_SECRET },
    defaultVariant: 'red',
  });
  expect(banner.status, banner.text).toBe(201);
  const bannerConfig = await api('PUT', `${ENV}/flags/banner-color`, {
    state: 'ENABLED',
    defaultVariant: 'red',
  });
  expect(bannerConfig.status, bannerConfig.text).toBe(200);
}

async function shown(page: Page, flagKey: string): Promise<string | null> {
  return page.locator(`[data-flag="${flagKey}"]`).textContent();
}

async function waitForShown(page: Page, flagKey: string, expected: string): Promise<number> {
  const started = Date.now();
  await page.waitForFunction(
    ([key, value]) => document.querySelector(`[data-flag="${key}"]`)?.textContent === value,
    [flagKey, expected] as const,
    { timeout: LIVE_WAIT_MS },
  );
  return Date.now() - started;
}

describe('a browser app on @switchyard/sdk-web', () => {
  it('shows flag changes made through the admin API without a reload', async (ctx) => {
    if (!chromium) return ctx.skip();
    const page = await chromium.browser.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    const bulkBodies: Promise<string>[] = [];
    let navigations = 0;
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('request', (request) => requests.push(`${request.method()} ${request.url()}`));
    page.on('response', (response) => {
      const { pathname } = new URL(response.url());
      if (pathname === '/ofrep/v1/evaluate/flags' && response.status() === 200)
        bulkBodies.push(response.text());
    });
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations += 1;
    });

    const query = new URLSearchParams({ server: server.url, key: clientKey });
    await page.goto(`${pages.url}/?${query}`);
    await page.waitForFunction(() => {
      const state = (window as unknown as PageGlobals).__page;
      return state?.ready === true || state?.error !== undefined;
    });
    expect(await page.evaluate(() => (window as unknown as PageGlobals).__page?.error)).toBeUndefined();
    expect(await shown(page, 'new-checkout')).toBe('false');
    expect(await shown(page, 'banner-color')).toBe('"crimson"');
    // The page runs on another origin: the provider's calls went through CORS to Switchyard.
    expect(new URL(pages.url).origin).not.toBe(new URL(server.url).origin);

    // Anything that reloads the page loses this marker and counts a navigation.
    await page.evaluate(() => {
      (window as unknown as PageGlobals).__marker = 'still the same page';
    });
    const navigationsBefore = navigations;

    const enabled = await api('PATCH', `${ENV}/flags/new-checkout`, { defaultVariant: 'on' });
    expect(enabled.status, enabled.text).toBe(200);
    await waitForShown(page, 'new-checkout', 'true');

    // A second change over the same stream: the connection stays live after the first.
    const recolored = await api('PATCH', `${ENV}/flags/banner-color`, { defaultVariant: 'green' });
    expect(recolored.status, recolored.text).toBe(200);
    await waitForShown(page, 'banner-color', '"seagreen"');

    expect(await page.evaluate(() => (window as unknown as PageGlobals).__marker)).toBe(
      'still the same page',
    );
    expect(navigations).toBe(navigationsBefore);
    expect(await page.locator('[data-flag="banner-color"]').getAttribute('data-variant')).toBe('green');
    expect(
      await page.evaluate(() => (window as unknown as PageGlobals).__page?.renders),
    ).toBeGreaterThanOrEqual(3);

    // The change arrived over the advertised OFREP notification stream, opened with the client key.
    const streamOpens = requests.filter((r) => r.startsWith(`GET ${server.url}/sdk/v1/ofrep-stream?key=`));
    expect(streamOpens.length).toBeGreaterThanOrEqual(1);
    const refetches = requests.filter((r) =>
      r.startsWith(`POST ${server.url}/ofrep/v1/evaluate/flags?flagConfigEtag=`),
    );
    expect(refetches.length).toBeGreaterThanOrEqual(2);

    // What the page actually received: evaluations only.
    expect(bulkBodies.length).toBeGreaterThanOrEqual(3);
    for (const body of await Promise.all(bulkBodies)) {
      expect(body).not.toContain(RULE_SECRET);
      expect(body).not.toContain(UNSERVED_SECRET);
    }
    expect(errors).toEqual([]);

    mkdirSync(join(tmpdir(), 'switchyard-sdk-web'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(1000);
    await page.close();
  });
});

describe('a client key', () => {
  const sdkGet = (path: string, headers: Record<string, string>) =>
    fetch(`${server.url}${path}`, { headers, signal: AbortSignal.timeout(5_000) });

  it('is refused the flag-set sync and its change stream, by either header', async (ctx) => {
    if (!chromium) return ctx.skip();
    const byHeader: Record<string, string>[] = [
      { 'x-api-key': clientKey },
      { authorization: `Bearer ${clientKey}` },
    ];
    for (const headers of byHeader) {
      for (const path of ['/sdk/v1/flagset', '/sdk/v1/stream']) {
        const response = await sdkGet(path, headers);
        const text = await response.text();
        expect(response.status, `${path}: ${text}`).toBe(403);
        expect(JSON.parse(text).errorCode).toBe('FORBIDDEN');
        expect(text).not.toContain(RULE_SECRET);
      }
    }
  });

  it('is refused by the admin API, which holds the rules too', async (ctx) => {
    if (!chromium) return ctx.skip();
    const response = await fetch(`${server.url}/api/v1${ENV}/flagset`, {
      headers: { authorization: `Bearer ${clientKey}` },
    });
    const text = await response.text();
    expect([401, 403], text).toContain(response.status);
    expect(text).not.toContain(RULE_SECRET);
  });

  it('gets evaluations only from bulk OFREP: no rules, no unserved variant values', async (ctx) => {
    if (!chromium) return ctx.skip();
    const response = await fetch(`${server.url}/ofrep/v1/evaluate/flags`, {
      method: 'POST',
      headers: { 'x-api-key': clientKey, 'content-type': 'application/json' },
      body: JSON.stringify({ context: { targetingKey: 'visitor-2', plan: 'pro' } }),
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(RULE_SECRET);
    expect(text).not.toContain(UNSERVED_SECRET);
    const body = JSON.parse(text) as { flags: Record<string, unknown>[]; eventStreams?: unknown[] };
    expect(body.flags.map((f) => f.key).sort()).toEqual(['banner-color', 'new-checkout']);
    const allowed = ['key', 'value', 'reason', 'variant', 'metadata', 'errorCode', 'errorDetails'];
    for (const flag of body.flags) {
      for (const field of Object.keys(flag)) expect(allowed, `flag field "${field}"`).toContain(field);
    }
    expect(body.eventStreams).toEqual([
      expect.objectContaining({
        type: 'sse',
        endpoint: expect.objectContaining({ requestUri: expect.any(String) }),
      }),
    ]);
  });
});
