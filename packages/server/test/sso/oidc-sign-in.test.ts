import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LaunchedChromium, launchChromium } from '../../../testkit/src/chromium.js';
import { type RunningServer, startServer } from '../../src/index.js';
import { type LocalIdentityProvider, startIdentityProvider } from './oidc-provider-fixture.js';

// Single sign-on end to end: Chromium signs in at a real OpenID Connect provider on loopback and
// comes back to Switchyard with a session whose role comes from the person's groups.

const ADMIN_TOKEN = 'sy_admin_oidc-sign-in-test-0123456789abcdef';
const directory = {
  alice: { name: 'Alice Martin', groups: ['staff', 'flag-editors'] },
  bob: { name: 'Bob Durand', groups: ['staff'] },
  carol: { name: 'Carol Petit', groups: ['contractors'] },
};

let chromium: LaunchedChromium | null;
let idp: LocalIdentityProvider;
let server: RunningServer;
let dataDir: string;

beforeAll(async () => {
  chromium = await launchChromium('single sign-on (OIDC) test');
  if (!chromium) return;
  idp = await startIdentityProvider(directory);
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-oidc-'));
  server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    adminToken: ADMIN_TOKEN,
    logger: false,
    oidc: {
      issuer: idp.issuer,
      clientId: 'switchyard',
      clientSecret: 'switchyard-client-secret-for-tests',
      label: 'Sign in with Example SSO',
      roleMappings: [
        { group: 'staff', role: 'viewer' },
        { group: 'flag-editors', role: 'editor', environments: ['development'] },
      ],
    },
  });
  idp.register({
    clientId: 'switchyard',
    clientSecret: 'switchyard-client-secret-for-tests',
    redirectUri: `${server.url}/auth/oidc/callback`,
  });
}, 60_000);

afterAll(async () => {
  await chromium?.close();
  await server?.close();
  await idp?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Signs in through the provider's login and consent pages; answers the page after the callback. */
async function signIn(
  context: BrowserContext,
  login: string,
  returnTo = '/api/v1/sessions/current',
): Promise<Page> {
  const page = await context.newPage();
  // The provider's page imports a web font; the network is closed here.
  await page.route(/fonts\.googleapis\.com/, (route) => route.abort());
  await page.goto(`${server.url}/auth/oidc/start?returnTo=${encodeURIComponent(returnTo)}`);
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', 'any password');
  await page.click('button[type=submit]');
  await page.waitForLoadState();
  if (page.url().startsWith(idp.issuer)) await page.click('button:has-text("Continue")');
  await page.waitForURL((url) => url.href.startsWith(server.url));
  return page;
}

/** A request made from the page, as the dashboard makes it (cookie sent by the browser). */
async function fromPage(page: Page, method: string, path: string, body?: unknown, csrfToken?: string) {
  return page.evaluate(
    async ({ method, path, body, csrfToken }) => {
      const response = await fetch(path, {
        method,
        headers: {
          ...(body !== undefined && { 'content-type': 'application/json' }),
          ...(csrfToken && { 'x-csrf-token': csrfToken }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    },
    { method, path, body, csrfToken },
  );
}

describe('single sign-on with OpenID Connect in Chromium', () => {
  it('tells the dashboard that single sign-on is on, and how to start it', async () => {
    if (!chromium) return;
    const info = await (await fetch(`${server.url}/api/v1/sessions/oidc`)).json();
    expect(info).toEqual({ enabled: true, label: 'Sign in with Example SSO', startUrl: '/auth/oidc/start' });
  });

  it('signs Alice in with the role her groups give: an editor of development who reads production', async () => {
    if (!chromium) return;
    const context = await chromium.browser.newContext();
    try {
      const page = await signIn(context, 'alice');
      expect(new URL(page.url()).pathname).toBe('/api/v1/sessions/current');
      const cookies = await context.cookies(server.url);
      const session = cookies.find((c) => c.name === 'switchyard_session');
      expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
      expect(cookies.find((c) => c.name === 'switchyard_login')).toBeUndefined();

      const current = await fromPage(page, 'GET', '/api/v1/sessions/current');
      expect(current.status).toBe(200);
      expect(current.body.actor).toMatchObject({
        id: 'oidc:alice',
        name: 'Alice Martin',
        role: 'viewer',
        projects: null,
        grants: [{ role: 'editor', environment: 'development' }],
      });
      const csrf = current.body.csrfToken as string;
      const base = '/api/v1/projects/default';
      // Flags are project-wide: a viewer of the project may not create one.
      expect(
        (
          await fromPage(
            page,
            'POST',
            `${base}/flags`,
            { key: 'sso-flag', variants: { on: true, off: false } },
            csrf,
          )
        ).status,
      ).toBe(403);
      const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
      const created = await fetch(`${server.url}${base}/flags`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ key: 'sso-flag', variants: { on: true, off: false }, defaultVariant: 'off' }),
      });
      expect(created.status).toBe(201);
      const config = { state: 'ENABLED', defaultVariant: 'on' };
      const inDevelopment = await fromPage(
        page,
        'PUT',
        `${base}/environments/development/flags/sso-flag`,
        config,
        csrf,
      );
      expect(inDevelopment.status).toBe(200);
      const inProduction = await fromPage(
        page,
        'PUT',
        `${base}/environments/production/flags/sso-flag`,
        config,
        csrf,
      );
      expect(inProduction.status).toBe(403);
      // Without the CSRF token, the cookie alone changes nothing.
      expect(
        (await fromPage(page, 'PUT', `${base}/environments/development/flags/sso-flag`, config)).status,
      ).toBe(403);

      const audit = await (await fetch(`${server.url}/api/v1/audit?limit=20`, { headers: admin })).json();
      const entry = audit.entries.find(
        (e: { resource: string }) =>
          e.resource === 'projects/default/environments/development/flags/sso-flag',
      );
      expect(entry).toMatchObject({ action: 'flag-config.update' });
      expect(JSON.stringify(entry)).toContain('oidc:alice');
    } finally {
      await context.close();
    }
  }, 60_000);

  it('gives Bob, who is only staff, a read-only session', async () => {
    if (!chromium) return;
    const context = await chromium.browser.newContext();
    try {
      const page = await signIn(context, 'bob');
      const current = await fromPage(page, 'GET', '/api/v1/sessions/current');
      expect(current.body.actor).toMatchObject({ id: 'oidc:bob', role: 'viewer', grants: [] });
      const write = await fromPage(
        page,
        'PUT',
        '/api/v1/projects/default/environments/development/flags/sso-flag',
        { state: 'ENABLED', defaultVariant: 'off' },
        current.body.csrfToken,
      );
      expect(write.status).toBe(403);
      expect((await fromPage(page, 'GET', '/api/v1/projects/default/flags')).status).toBe(200);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('refuses Carol, whose groups map to no role, and opens no session', async () => {
    if (!chromium) return;
    const context = await chromium.browser.newContext();
    try {
      const page = await signIn(context, 'carol');
      expect(new URL(page.url()).pathname).toBe('/auth/oidc/callback');
      expect(await page.textContent('h1')).toBe('Sign-in failed');
      expect(await page.textContent('body')).toContain(
        'Carol Petit may not sign in: none of their groups (contractors) is mapped to a role',
      );
      expect(
        (await context.cookies(server.url)).find((c) => c.name === 'switchyard_session'),
      ).toBeUndefined();
    } finally {
      await context.close();
    }
  }, 60_000);

  it('uses a callback once, only in the browser that started it, and never redirects off the server', async () => {
    if (!chromium) return;
    const context = await chromium.browser.newContext();
    try {
      let callback = '';
      const page = await context.newPage();
      await page.route(/fonts\.googleapis\.com/, (route) => route.abort());
      page.on('request', (request) => {
        if (request.url().includes('/auth/oidc/callback')) callback = request.url();
      });
      await page.goto(`${server.url}/auth/oidc/start?returnTo=${encodeURIComponent('//evil.example/steal')}`);
      await page.fill('input[name=login]', 'bob');
      await page.fill('input[name=password]', 'x');
      await page.click('button[type=submit]');
      await page.waitForLoadState();
      if (page.url().startsWith(idp.issuer)) await page.click('button:has-text("Continue")');
      await page.waitForURL((url) => url.href.startsWith(server.url) && !url.pathname.startsWith('/auth/'));
      expect(new URL(page.url()).pathname).toBe('/');
      expect(callback).toContain('code=');
      // Replayed (same browser, cookie now cleared) and from another browser: both refused.
      const again = await page.goto(callback);
      expect(again?.status()).toBe(403);
      const other = await (await chromium.browser.newContext()).newPage();
      const stolen = await other.goto(callback);
      expect(stolen?.status()).toBe(403);
      expect(await other.textContent('body')).toContain('not started in this browser');
      await other.context().close();
    } finally {
      await context.close();
    }
  }, 60_000);
});
