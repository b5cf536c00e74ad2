import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunningServer, startServer } from '@switchyard/server';
import { type LaunchedChromium, launchChromium } from '@switchyard/testkit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ensureDashboardBuilt } from './dashboard-build.js';

export const ADMIN_TOKEN = 'sy_admin_dashboard-test-0123456789abcdef';
export const artifactsDir = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const axeSource: string = createRequire(import.meta.url)('axe-core').source;

export interface Harness {
  server: RunningServer;
  /** Where the browser opens the dashboard. */
  url: string;
  browser: Browser;
  api: (
    method: string,
    path: string,
    body?: unknown,
    token?: string,
    // biome-ignore lint/suspicious/noExplicitAny: tests read the answers field by field
  ) => Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/** A real server on a fresh SQLite file and Chromium; null (skipped) when Chromium is missing outside CI. */
export async function startHarness(
  purpose: string,
  extra: Record<string, unknown> = {},
): Promise<Harness | null> {
  const chromium: LaunchedChromium | null = await launchChromium(purpose);
  if (!chromium) return null;
  const dist = ensureDashboardBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-dashboard-'));
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    adminToken: ADMIN_TOKEN,
    logger: false,
    telemetryFlushMs: 100,
    ...extra,
  } as Parameters<typeof startServer>[0]);
  // The server serves the built dashboard itself (packages/dashboard/dist, found through the package).
  const home = await fetch(`${server.url}/`).then((r) => r.text());
  if (!home.includes('id="root"')) {
    await chromium.close();
    await server.close();
    throw new Error(`the server does not serve the built dashboard at / (is ${dist} built?)`);
  }
  mkdirSync(artifactsDir, { recursive: true });
  const api: Harness['api'] = async (method, path, body, token = ADMIN_TOKEN) => {
    const response = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  return {
    server,
    url: server.url,
    browser: chromium.browser,
    api,
    async close() {
      await chromium.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors, CSP violations and uncaught exceptions seen so far. */
  problems: string[];
}

/** A fresh browser profile (no cookies) with its console and CSP violations recorded. */
export async function openPage(harness: Harness): Promise<WatchedPage> {
  const context = await harness.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  page.on('console', (message) => {
    const text = message.text();
    // A 401 while no one is signed in and refused writes are expected answers, not faults.
    if (message.type() === 'error' && !/status of 40[0-9]/.test(text)) problems.push(text);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  return { page, context, problems };
}

export async function signIn(page: Page, url: string, token: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByLabel('Admin token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run: (o: unknown) => Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    const result = await axe.run({ resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });
}

/** A link of the main navigation. */
export function nav(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
}

/**
 * The screen has loaded: no lazy chunk pending ("Loading…" gone) and no API request under way. (Not
 * Playwright's networkidle: the live changes stream is a request that never ends.)
 */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      !document.querySelector('main')?.textContent?.includes('Loading…') &&
      document.documentElement.dataset.apiPending === '0',
  );
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
}
